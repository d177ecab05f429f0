"""The schema class: strawberry's Apollo Federation schema, with our way of logging errors, hiding name
suggestions in production, and federation's convention for references it cannot resolve."""

from __future__ import annotations

import inspect
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from api.schema.errors import log_error
from api.schema.graphql_messages import translated
from api.schema.hiding import without_suggestions
from graph.errors import GovGraphError, InvalidArgumentError
from graph.i18n import _, quote

TYPENAME = "__typename"


class Subgraph(strawberry.federation.Schema):
    """An Apollo Federation v2 subgraph. Each error is logged once (`log_error`: one line for a client's
    mistake, the traceback for anything unexpected), without "Did you mean …" when `hide_suggestions`, the
    libraries' own request errors in the request's language (`api.schema.graphql_messages`);
    `_entities` answers each representation on its own: one it cannot resolve is a `null` with an error
    naming it, and the others are still answered."""

    def __init__(self, *args: Any, hide_suggestions: bool = False, **kwargs: Any) -> None:
        self.hide_suggestions = hide_suggestions
        super().__init__(*args, **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if self.hide_suggestions:
                error.message = without_suggestions(error.message)
            if not isinstance(error.original_error, GovGraphError):  # ours are written in the request's language
                error.message = translated(error.message)
            log_error(error)

    def entities_resolver(self, info: Info, representations: list[FederationAny]) -> list[FederationAny]:
        answers: list[Any] = [self._refused(index, representation) for index, representation in enumerate(representations)]
        wanted = [index for index, refused in enumerate(answers) if refused is None]
        resolved = super().entities_resolver(info, [representations[index] for index in wanted])
        for index, answer in zip(wanted, resolved, strict=True):
            answers[index] = answer
        return answers

    def _refused(self, index: int, representation: Any) -> InvalidArgumentError | None:
        """Why a representation cannot be resolved (the entry is then `null` with this error), or None.

        It must be an object naming an entity type of this subgraph (one with `@key` and a way to
        resolve a reference) and carrying that type's key fields.
        """
        if not isinstance(representation, dict) or not isinstance(representation.get(TYPENAME), str):
            return InvalidArgumentError(_("representation {index} of _entities has no __typename", index=index))
        typename = representation[TYPENAME]
        resolve = self._reference_resolver(typename)
        if resolve is None:
            return InvalidArgumentError(_("representation {index} of _entities names {typename}, which is not an entity type of this service", index=index, typename=quote(typename)))
        missing = [key for key in inspect.signature(resolve).parameters if key != "info" and not isinstance(representation.get(key), str)]
        if missing:
            return InvalidArgumentError(
                _("representation {index} of _entities ({typename}) lacks its key {key}", index=index, typename=quote(typename), key=", ".join(missing))
            )
        return None

    def _reference_resolver(self, typename: str) -> Any:
        """The `resolve_reference` of the entity type named `typename`, if there is one."""
        found = self.schema_converter.type_map.get(typename)
        origin = getattr(getattr(found, "definition", None), "origin", None)
        return getattr(origin, "resolve_reference", None)
