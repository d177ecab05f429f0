"""Maps errors to GraphQL errors once, by class: ours carry their `code`; anything else is masked. Logs each
error once: one line for what the client asked wrongly (and for the store's absence), the traceback for
anything unexpected."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph.errors import GovGraphError, QueryTimeoutError, StoreError, StoreUnavailableError

log = logging.getLogger("govgraph.api")

INTERNAL = "INTERNAL_SERVER_ERROR"
# The store out of reach or over its time budget: the operator's concern, not the client's mistake.
_OPERATIONAL = (StoreUnavailableError, QueryTimeoutError)
LOGGED_MESSAGE_LIMIT = 300


def log_error(error: GraphQLError) -> None:
    """Logs `error` once, before it is shaped: one line (where, code, message) for a request's own mistake
    (syntax, validation, a bad argument, a refused act, a missing record) or the store's absence; the
    traceback for anything unexpected (a store fault included)."""
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError) and (not isinstance(original, GovGraphError) or isinstance(original, StoreError)):
        log.error("unexpected error in %s", _where(error), exc_info=original)
        return
    code = original.code if isinstance(original, GovGraphError) else (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
    message = " ".join(error.message.split())
    if len(message) > LOGGED_MESSAGE_LIMIT:
        message = message[:LOGGED_MESSAGE_LIMIT] + "…"
    level = logging.WARNING if isinstance(original, _OPERATIONAL) else logging.INFO
    log.log(level, "%s [%s] %s", _where(error), code, message)


def _where(error: GraphQLError) -> str:
    """The error's path in the answer (`resources.edges.0`), or `request` for an error of the request itself."""
    return ".".join(str(step) for step in error.path) if error.path else "request"


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
    return GraphQLError("Internal server error", error.nodes, error.source, error.positions, error.path, None, {"code": INTERNAL})


class ErrorCodes(SchemaExtension):
    """Rewrites the errors of every result with `shaped`."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [shaped(e) for e in result.errors]
