"""Production mode hides the schema (issue 28): with introspection off, `{ _service { sdl } }` answers only
the federation gateway, and no error message suggests names.

The gateway proves itself with a shared secret in a header (`GOVGRAPH_GATEWAY_SECRET`, checked by
`api.web.http`, which marks its requests' `Context.gateway`); to everyone else `_service` is refused at
validation, as `__schema` and `__type` are. graphql-core's messages end in "Did you mean …?" naming the
fields, arguments, enum values and types nearest to a misspelt one, which spells the schema out to anyone
who guesses: those sentences are cut from every message (`without_suggestions`, the schema's own
`process_errors`: `api.schema.subgraph`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from graph.i18n import _

SERVICE_FIELD = "_service"
# graphql-core's `did_you_mean`: " Did you mean 'a', 'b', or 'c'?" (names never hold a '?'), also as
# "Did you mean the enum value 'X'?" and "Did you mean to use an inline fragment on 'T'?".
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    """`message` without graphql-core's "Did you mean …?" sentences."""
    return _SUGGESTION.sub("", message)


class ServiceRule(ValidationRule):
    """Refuses `_service` on the query type, however it is reached (an alias, a fragment)."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value == SERVICE_FIELD and self.context.get_parent_type() is self.context.schema.query_type:
            self.report_error(
                GraphQLError(_("the schema is not published: introspection is off and _service answers only the federation gateway"), node)
            )


class HiddenSchema(SchemaExtension):
    """Runs introspection's refusal on every request, and `ServiceRule` on every request not from the gateway."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        gateway = getattr(context.context, "gateway", False) is True
        hidden: tuple[type[ValidationRule], ...] = (NoSchemaIntrospectionCustomRule,) if gateway else (NoSchemaIntrospectionCustomRule, ServiceRule)
        context.validation_rules = (*context.validation_rules, *hidden)
        yield
