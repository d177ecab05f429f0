"""The audit trail: who changed what, and who read conditional or not-shared detail, when and why
(Art.5 authorisation management, Art.24 duty use, Art.29 against over-privileged use).

Events are collected during a request and written together at its end, append-only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph.access import Principal
from graph.changes import Changes
from graph.labels import Label
from graph.records import NodeRef
from graph.store import GraphStore


@dataclass
class AuditTrail:
    """The events of one request."""

    principal: Principal
    purpose: str | None = None
    events: list[dict[str, object]] = field(default_factory=list)

    def record(self, action: str, subject: NodeRef, outcome: str = "OK") -> None:
        """Note an act on `subject`; written when the request ends."""
        now = datetime.now(UTC)
        self.events.append(
            {
                "id": f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}",
                "at": now.isoformat(timespec="microseconds"),
                "principal": self.principal.subject,
                "department": self.principal.department,
                "roles": sorted(r.value for r in self.principal.roles),
                "action": action[:200],
                "subject": str(subject)[:200],  # a client may send any code; the record stays valid
                "purpose": self.purpose,
                "outcome": outcome,
            }
        )

    async def flush(self, store: GraphStore) -> None:
        """Append the events to the store, in one unit of work."""
        if not self.events:
            return
        changes = Changes()
        for event in self.events:
            changes.upsert_node(Label.AUDIT_EVENT, {k: v for k, v in event.items() if v is not None})
        await store.apply(changes)
        self.events.clear()
