"""Maps errors to GraphQL errors once, by class: ours carry their `code`; anything else is masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph.errors import GovGraphError

log = logging.getLogger("govgraph.api")

INTERNAL = "INTERNAL_SERVER_ERROR"


def shaped(error: GraphQLError) -> GraphQLError:
    """The error a client sees: our errors keep message and code; unexpected ones are masked."""
    original = error.original_error
    if original is None or error.path is None or isinstance(original, GraphQLError):
        return error  # an error of the request itself (validation, variable coercion): its message is safe
    if isinstance(original, GovGraphError):
        extensions = {**(error.extensions or {}), "code": original.code}
        problems = getattr(original, "problems", None)
        if problems:
            extensions["problems"] = [{"where": p.where, "field": p.field, "reason": p.reason} for p in problems]
        return GraphQLError(original.message, error.nodes, error.source, error.positions, error.path, None, extensions)
    log.error("unexpected error in %s", error.path, exc_info=original)
    return GraphQLError("Internal server error", error.nodes, error.source, error.positions, error.path, None, {"code": INTERNAL})


class ErrorCodes(SchemaExtension):
    """Rewrites the errors of every result with `shaped`."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [shaped(e) for e in result.errors]
