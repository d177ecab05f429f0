"""The GraphQL schema: an Apollo Federation v2 subgraph over the district graph."""

from __future__ import annotations

from strawberry.schema.config import StrawberryConfig

from api.engine.documents import Documents
from api.engine.executor import InPlaceExecutor, answer_fast
from api.engine.limits import Limits, limit_rules
from api.engine.sources import StoredFieldReader
from api.schema.connections import Connection
from api.schema.errors import ErrorCodes
from api.schema.hiding import HiddenSchema
from api.schema.mutation import Mutation
from api.schema.nodes import TYPES, AuditEvent, Catalog, Citation, Consumer, DataItem, Department, Platform, Resource, System, Use
from api.schema.query import Query
from api.schema.subgraph import Subgraph


def build_schema(limits: Limits | None = None, introspection: bool = True, fast_path: bool = True) -> Subgraph:
    """A new schema object (no module-level state), enforcing `limits`; introspection may be off in production,
    which also hides `_service` from all but the federation gateway and name suggestions from every message
    (`api.schema.hiding`).

    With `fast_path` (the default) the engine answers it (`api.engine.executor`): fields in place, pages
    and lineages straight from the store's rows. Without, strawberry's own executor answers every field
    the general way: the same answers, more slowly."""
    limits = limits or Limits()
    # Parsed and validated once per query text, with the token limit and the rules of `limits`.
    documents = Documents(limit_rules(limits), max_tokens=limits.max_tokens)
    guards = [] if introspection else [HiddenSchema]
    schema = Subgraph(
        query=Query,
        mutation=Mutation,
        types=[AuditEvent, Department, System, Catalog, Resource, DataItem, Platform, Consumer, Use, Citation],
        extensions=[ErrorCodes, documents.extension, *guards],
        federation_version="2.7",
        config=StrawberryConfig(default_resolver=StoredFieldReader()),
        execution_context_class=InPlaceExecutor if fast_path else None,
        hide_suggestions=not introspection,
    )
    if fast_path:
        answer_fast(schema, node_types=TYPES, connection=Connection)
    return schema
