"""What a principal may do with an object: the rules the acts themselves enforce, asked beforehand, so
that a front-end shows only the buttons that will work (`viewerCan`). The acts still check every rule
when they run; these answers only mirror them.

Example: `resource_acts(principal, resource.props, provider="SJS-GA", has_consumer=True).request_use`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.access import Principal, Role
from graph.terms import ResourceStatus
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
