"""A workflow record's history (uses, citations, error reports, open requests, data demands): every act
on it, as the record keeps it (`lineage.workflow.history`)."""

from __future__ import annotations

import strawberry

from graph.records import Node as StoredNode
from lineage import workflow


@strawberry.type(description="One recorded act on a record: who, with which roles, when, from which state to which, and why.")
class Transition:
    at: str = strawberry.field(description="When (ISO 8601, China Standard Time).")
    action: str = strawberry.field(description="The act: the mutation's name (requestUse, approveUse…).")
    from_state: str | None = strawberry.field(name="from", description="The state before (null when the record was created).")
    to_state: str = strawberry.field(name="to", description="The state after.")
    by: str = strawberry.field(description="The token's subject of who acted.")
    department: str | None = strawberry.field(description="The department of who acted.")
    roles: list[str] = strawberry.field(description="The roles of who acted.")
    note: str | None = strawberry.field(description="The reason or the rule applied (e.g. \"Art.20: … replies by 2025-02-13\").")


def transitions(stored: StoredNode) -> list[Transition]:
    """The history of a workflow record as GraphQL objects."""
    return [
        Transition(
            at=str(line["at"]), action=str(line["action"]), from_state=line.get("from"), to_state=str(line["to"]),
            by=str(line.get("by")), department=line.get("department"), roles=list(line.get("roles", [])), note=line.get("note"),
        )
        for line in workflow.history(stored.props)
    ]
