"""Limits against abusive queries: depth, aliases, tokens, and a cost budget in which a page counts
as many times as its size and a lineage walk as its depth times its breadth (Art.29, Art.30)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from api.engine.internals import validation_rules
from graph.i18n import _, quote


@dataclass(frozen=True)
class Limits:
    """The caps a deployment sets (GOVGRAPH_MAX_* settings)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_cost: int = 50_000
    max_first: int = 100
    lineage_breadth: int = 20
    max_lineage_depth: int = 12


def _int_arg(field: FieldNode, name: str, when_variable: int, absent: int) -> int:
    for arg in field.arguments or ():
        if arg.name.value == name:
            return int(arg.value.value) if isinstance(arg.value, IntValueNode) else when_variable
    return absent


def cost_rule(limits: Limits) -> type[ValidationRule]:
    """A validation rule that refuses operations costing more than `limits.max_cost`."""

    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            fragments = {f.name.value: f for f in self.context.document.definitions if hasattr(f, "type_condition") and hasattr(f, "name")}
            cost = self._cost(node.selection_set, fragments, set())
            if cost > limits.max_cost:
                name = quote(node.name.value) if node.name else _("the operation")
                self.report_error(
                    GraphQLError(
                        _(
                            "{operation} would cost {cost:,}, over the limit of {limit:,}: ask for smaller pages, a shallower lineage or fewer nested lists",
                            operation=name,
                            cost=cost,
                            limit=limits.max_cost,
                        ),
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": limits.max_cost},
                    )
                )

        def _cost(self, selections: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]) -> int:
            total = 0
            for selection in selections.selections if selections else ():
                if isinstance(selection, FieldNode):
                    name = selection.name.value
                    if name == "lineage":
                        depth = _int_arg(selection, "depth", limits.max_lineage_depth, 3)
                        factor = max(depth, 1) * limits.lineage_breadth
                    elif name == "lineagePaths":
                        factor = _int_arg(selection, "maxDepth", limits.max_lineage_depth, 6) * limits.lineage_breadth
                    elif name in ("impact", "lineageFindings"):
                        factor = limits.max_lineage_depth * limits.lineage_breadth
                    elif any(a.name.value == "first" for a in selection.arguments or ()) or name in _PAGED:
                        factor = _int_arg(selection, "first", limits.max_first, 20)
                    else:
                        factor = 1
                    total += 1 + factor * self._cost(selection.selection_set, fragments, seen)
                elif isinstance(selection, InlineFragmentNode):
                    total += self._cost(selection.selection_set, fragments, seen)
                elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                    fragment = fragments.get(selection.name.value)
                    if fragment is not None:
                        total += self._cost(fragment.selection_set, fragments, seen | {selection.name.value})
            return total

    return QueryCost


# Lists that page with a default size when no `first` is given.
_PAGED = {
    "departments", "systems", "catalogs", "resources", "consumers", "uses", "citations",
    "shareCatalog", "openCatalog", "auditEvents", "search",
}


def limit_rules(limits: Limits) -> list[type[ASTValidationRule]]:
    """The validation rules that enforce `limits`, built once per schema: the same rule classes on
    every request let the validation cache hit (`api.engine.documents`; a new class per request would make
    every request validate afresh)."""
    return [
        *(_tolerant(rule) for rule in validation_rules(QueryDepthLimiter(max_depth=limits.max_depth))),
        *validation_rules(MaxAliasesLimiter(max_alias_count=limits.max_aliases)),
        cost_rule(limits),
    ]


def _tolerant(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """strawberry's depth rule measures the document when it is made and fails (KeyError) on a spread of a
    fragment the document does not define; graphql-core's own rule reports that spread ("Unknown fragment"),
    so the depth rule then measures nothing rather than fail the request as an internal error."""

    class Tolerant(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: Any) -> None:
            try:
                super().__init__(context)
            except KeyError:
                ValidationRule.__init__(self, context)

    Tolerant.__name__ = Tolerant.__qualname__ = f"Tolerant{rule.__name__}"
    return Tolerant
