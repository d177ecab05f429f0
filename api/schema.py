"""The GraphQL schema: an Apollo Federation v2 subgraph over the district graph."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache

from api.errors import ErrorCodes
from api.mutation import Mutation
from api.query import Query
from api.types import Catalog, Citation, Consumer, DataItem, Department, Platform, Resource, System, Use


def build_schema() -> strawberry.federation.Schema:
    """A new schema object (no module-level state)."""
    return strawberry.federation.Schema(
        query=Query,
        mutation=Mutation,
        types=[Department, System, Catalog, Resource, DataItem, Platform, Consumer, Use, Citation],
        extensions=[ErrorCodes, lambda: ParserCache(maxsize=512), lambda: ValidationCache(maxsize=512)],
        federation_version="2.7",
    )
