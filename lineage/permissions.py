"""What a principal may do with an object: the rules the acts themselves enforce, asked beforehand, so
that a front-end shows only the buttons that will work (`viewerCan`). The acts still check every rule
when they run; these answers only mirror them.

Example: `resource_acts(principal, resource.props, provider="SJS-GA", has_consumer=True).request_use`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.access import Principal, Role
from graph.records import Node
from graph.terms import ResourceStatus, UseStatus
from lineage.sharing import AWAITING, Parties, escalated_before, granted_by_leading_group, refused_at_request
from lineage.workflow import is_admin, is_member


@dataclass(frozen=True)
class ResourceActs:
    """What a principal may do with one resource."""

    request_use: bool  # Art.19–20: a member of another department, for a consumer of its own; an active resource
    report_error: bool  # Art.25: a member of a department with a consumer, or the EIC
    update: bool  # Art.9: the provider's admin maintains its catalog entry; the EIC
    view_uses: bool  # who uses it: its provider and the EIC (Art.24, Art.33)


def resource_acts(principal: Principal, props: Mapping[str, Any], provider: str | None, has_consumer: bool) -> ResourceActs:
    """The acts `principal` may take on the resource with `props` provided by `provider`; `has_consumer`:
    whether the principal's department has a consumer to request and report through."""
    department = principal.department
    member = is_member(principal, department)
    active = props.get("status", ResourceStatus.ACTIVE.value) == ResourceStatus.ACTIVE.value
    overseer = principal.has(Role.EIC) or principal.has(Role.LEADING_GROUP)
    return ResourceActs(
        request_use=member and has_consumer and active and department != provider,
        report_error=(member and has_consumer) or principal.has(Role.EIC),
        update=principal.has(Role.EIC) or is_admin(principal, provider),
        view_uses=overseer or is_member(principal, provider),
    )


def may_update(principal: Principal, owner: str | None) -> bool:
    """Whether `principal` may change an object its department `owner` maintains (Art.9, Art.29)."""
    return principal.has(Role.EIC) or is_admin(principal, owner)


@dataclass(frozen=True)
class UseActs:
    """What a principal may do with one use now (the acts of `lineage.sharing` check the same)."""

    approve: bool  # grant it (with a scope) or refuse it with a reason: whoever decides its stage (Art.20)
    escalate: bool  # the consumer after a refusal or an overdue reply; the EIC refers to the leading group (Art.20)
    revoke: bool  # a grant: its provider's admin or the EIC; a grant of the leading group only by it (Art.20)
    escalate_from: date | None  # an awaited reply: the first day the consumer may escalate (the day after replyDue)


def use_acts(principal: Principal, use: Node, side: Parties, today: date) -> UseActs:
    """The acts `principal` may take on `use` (its parties `side`) on `today`, China time."""
    status = use.props.get("status")
    decide = (
        (status in AWAITING and is_admin(principal, side.provider))
        or (status == UseStatus.ESCALATED_TO_EIC.value and principal.has(Role.EIC))
        or (status == UseStatus.ESCALATED_TO_LEADING_GROUP.value and principal.has(Role.LEADING_GROUP))
    )
    due = use.props.get("reply_due")
    escalate_from = date.fromordinal(date.fromisoformat(due).toordinal() + 1) if status in AWAITING and due else None
    consumer = is_member(principal, side.consumer_department)
    if status == UseStatus.ESCALATED_TO_EIC.value:
        escalate = principal.has(Role.EIC)
    elif status == UseStatus.DENIED.value:
        escalate = consumer and not refused_at_request(use, side) and escalated_before(use) is None
    else:
        escalate = consumer and escalate_from is not None and today >= escalate_from
    if status != UseStatus.GRANTED.value:
        revoke = False
    elif granted_by_leading_group(use):
        revoke = principal.has(Role.LEADING_GROUP)
    else:
        revoke = principal.has(Role.EIC) or is_admin(principal, side.provider)
    return UseActs(approve=decide, escalate=escalate, revoke=revoke, escalate_from=escalate_from)
