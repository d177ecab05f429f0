"""Error reports (数据纠错): a consumer that doubts or finds an error in shared data reports it to the
provider for verification, copying the EIC (Art.25); the provider verifies it and corrects its data,
or finds it correct (Art.26: who provides maintains).

    REPORTED ─(provider verifies)─▶ VERIFIED ─(provider corrects)─▶ CORRECTED
    REPORTED or VERIFIED ─(provider finds the data right)─▶ REJECTED (核实无误)

The report's impact (what the wrong value reaches: derived resources, uses, citations, publications)
is `lineage.impact.impact` of its resource, which the API answers with the report.

Example::

    report = await report_data_error(store, principal, visibility(principal), "C-ZJW", "104001/000001", ["所属街道"], "与业务系统不一致")
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.access import Principal, Role, Visibility
from graph.errors import InvalidDataError, Problem
from graph.i18n import N_, _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step
from graph.store import GraphStore
from graph.terms import ErrorReportStatus
from lineage import workflow
from lineage.naming import named, word
from lineage.workflow import Act, IllegalTransitionError, is_admin, is_member, require

E = ErrorReportStatus


async def report_data_error(
    store: GraphStore, principal: Principal, visibility: Visibility, consumer: str, resource: str, items: Sequence[str], description: str
) -> Node:
    """File a report with the provider of `resource`, copied to the EIC (Art.25)."""
    act = Act.by(principal, "reportDataError")
    consumer_node = await workflow.visible(store, Label.CONSUMER, consumer, visibility)
    department = await workflow.department_of_consumer(store, consumer_node.key)
    require(is_member(principal, department) or principal.has(Role.EIC), _("only a user or admin of {department} (or the EIC) reports for {consumer}", department=department, consumer=named(consumer_node)))
    resource_node = await workflow.visible(store, Label.RESOURCE, resource, visibility)
    provider = await workflow.provider_of(store, resource_node.key)
    if provider is None:
        raise InvalidDataError([Problem("input", "resource", _("{resource} has no provider on record to verify a report", resource=named(resource_node)))])
    text = workflow.required_text("description", description, N_("the provider verifies what is reported (Art.25)"))
    known = [str(n.props["name"]) for _, n in await store.neighbours(resource_node.ref, [Step(RelType.HAS_ITEM, Direction.OUT)])]
    wanted = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    unknown = [i for i in wanted if known and i not in known]
    if unknown:
        raise InvalidDataError([Problem("input", "items", _("not items of the resource: {items}", items=_(", ").join(unknown)))])
    ref = NodeRef(Label.ERROR_REPORT, workflow.new_id("ER", act.on))
    props = {
        "id": ref.key, "description": text, "items": wanted or None, "reported_at": act.on,
        "status": E.REPORTED.value, "copied_to_eic": True,
    }
    links = [
        (RelType.CONCERNS, ref, resource_node.ref),
        (RelType.REPORTED_BY, ref, consumer_node.ref),
        (RelType.ADDRESSED_TO, ref, NodeRef(Label.DEPARTMENT, provider)),
    ]
    return await workflow.create(store, Label.ERROR_REPORT, props, act, links, f"to {provider} for verification, copied to the EIC (Art.25)")


async def _report(store: GraphStore, principal: Principal, visibility: Visibility, report_id: str, action: str, states: set[str]) -> Node:
    report = await workflow.visible(store, Label.ERROR_REPORT, report_id, visibility)
    provider = await workflow.linked_key(store, report.ref, RelType.ADDRESSED_TO, Direction.OUT, Label.DEPARTMENT)
    require(is_admin(principal, provider), _("only an admin of the provider {provider} answers {report} (Art.25–26)", provider=provider, report=report.key))
    state = str(report.props.get("status"))
    if state not in states:
        raise IllegalTransitionError(report.ref, state, action, _("applies to a report that is {states}", states=_(" or ").join(word(ErrorReportStatus, s) for s in sorted(states))))
    return report


async def verify_data_error(store: GraphStore, principal: Principal, visibility: Visibility, report_id: str, version: int, note: str | None = None) -> Node:
    """The provider confirms the error (Art.25)."""
    act = Act.by(principal, "verifyDataError")
    report = await _report(store, principal, visibility, report_id, "verifyDataError", {E.REPORTED.value})
    return await workflow.transition(store, report, version, {"status": E.VERIFIED.value}, act, note=note)


async def correct_data_error(store: GraphStore, principal: Principal, visibility: Visibility, report_id: str, version: int, correction: str) -> Node:
    """The provider has corrected its data, saying how (Art.26)."""
    act = Act.by(principal, "correctDataError")
    report = await _report(store, principal, visibility, report_id, "correctDataError", {E.VERIFIED.value})
    how = workflow.required_text("correction", correction, N_("the correction says what changed (Art.26)"))
    return await workflow.transition(store, report, version, {"status": E.CORRECTED.value, "resolution": how}, act, note=how)


async def reject_data_error(store: GraphStore, principal: Principal, visibility: Visibility, report_id: str, version: int, reason: str) -> Node:
    """The provider finds the data right (核实无误), saying why (Art.25)."""
    act = Act.by(principal, "rejectDataError")
    report = await _report(store, principal, visibility, report_id, "rejectDataError", {E.REPORTED.value, E.VERIFIED.value})
    why = workflow.required_text("reason", reason, N_("the reporter learns why its report does not hold"))
    return await workflow.transition(store, report, version, {"status": E.REJECTED.value, "resolution": why}, act, note=why)
