"""The GraphQL schema: an Apollo Federation v2 subgraph over the district graph."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.extensions import DisableIntrospection

from api.engine.documents import Documents
from api.schema.errors import ErrorCodes
from api.engine.executor import InPlaceExecutor
from api.engine.limits import Limits, limit_rules
from api.schema.mutation import Mutation
from api.schema.query import Query
from api.schema.nodes import StoredFieldReader, AuditEvent, Catalog, Citation, Consumer, DataItem, Department, Platform, Resource, System, Use


def build_schema(limits: Limits | None = None, introspection: bool = True) -> strawberry.federation.Schema:
    """A new schema object (no module-level state), enforcing `limits`; introspection may be off in production."""
    limits = limits or Limits()
    # Parsed and validated once per query text, with the token limit and the rules of `limits`.
    documents = Documents(limit_rules(limits), max_tokens=limits.max_tokens)
    guards = [] if introspection else [DisableIntrospection]
    return strawberry.federation.Schema(
        query=Query,
        mutation=Mutation,
        types=[AuditEvent, Department, System, Catalog, Resource, DataItem, Platform, Consumer, Use, Citation],
        extensions=[ErrorCodes, documents.extension, *guards],
        federation_version="2.7",
        config=StrawberryConfig(default_resolver=StoredFieldReader()),
        execution_context_class=InPlaceExecutor,
    )
