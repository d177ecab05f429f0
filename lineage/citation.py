"""Citation permission (引用许可): may this consumer cite this resource in this document, and how must
the document name its source (Art.24–25)? Never a bare boolean: every reason comes back, passed or not.

The reasons, in order:

- USE_GRANTED (Art.19–20): the consumer holds a granted use of the resource;
- USE_IN_FORCE (Art.24): the grant has not expired (evaluated on the day asked, `as_of`);
- PURPOSE_WITHIN_GRANT (Art.24): the stated purpose is the granted one (compared without spaces,
  punctuation, case or width; a purpose that is part of the granted wording counts as within it, our
  design) — shared data serves that duty only, never a third party or another purpose;
- PROVIDER_PERMISSION (Art.25): for a major decision or an issued document, the provider permitted the
  citation: for the named document, or for every document under the grant (`citation_permitted`);
- SOURCE_NAMED (Art.25): the document names the source and its provider, as `attribution` reads.

Citations recorded without a permission that was needed, without the attribution, or outside a grant are
findings (Art.25, Art.38(4): 违规使用 or 擅自扩大使用范围).

Example::

    decision = await citation_permission(store, EVERYTHING, "C-SJS-MZ-SHJZ", "326006/000001", DocumentKind.ISSUED_DOCUMENT, "社会救助")
    decision.allowed, [r.rule for r in decision.reasons if not r.passed], decision.attribution
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.access import EVERYTHING, Principal, Visibility
from graph.errors import GovGraphError, InvalidDataError, Problem
from graph.i18n import N_, _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, Step
from graph.store import GraphStore
from graph.terms import CitationPermission, DocumentKind, UseStatus
from lineage import clock, workflow
from lineage.findings import Finding, Severity
from lineage.naming import named, word
from lineage.sharing import in_force
from lineage.workflow import Act, IllegalTransitionError, is_admin, is_member, require

NEEDS_PERMISSION = {DocumentKind.MAJOR_DECISION, DocumentKind.ISSUED_DOCUMENT}


class PermissionRequiredError(GovGraphError):
    """A citation that may not be recorded: the reasons that failed say why (Art.24–25)."""

    code = "PERMISSION_REQUIRED"

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons = reasons
        super().__init__(_("; ").join(_("{article} {rule}: {reason}", article=r.article, rule=r.rule, reason=r.message) for r in reasons))


@dataclass(frozen=True)
class Reason:
    """One condition of a citation, the article it comes from, and whether it holds."""

    rule: str
    article: str
    passed: bool
    message: str


@dataclass(frozen=True)
class CitationDecision:
    """Whether the citation is allowed, every reason, the attribution to print, and the use it rests on."""

    allowed: bool
    reasons: list[Reason]
    attribution: str
    use: Node | None
    citation: Node | None


def attribution(provider: Node | None, resource: Node) -> str:
    """The source line a citing document carries (Art.25): 数据来源：区统计局《人口基础信息》."""
    name = (provider.props.get("short_name") or provider.props.get("name")) if provider is not None else "提供部门不详"
    return f"数据来源：{name}《{resource.props.get('name', resource.key)}》"


def provider_name(provider: Node | None) -> str:
    """The provider as a sentence names it (its short name), or nothing when none is on record."""
    return named(provider) if provider is not None else ""


def within(purpose: str, granted: str | None) -> bool:
    """The stated purpose is the granted one, or part of its wording (Art.24, our design)."""
    asked, allowed = workflow.normalised(purpose), workflow.normalised(granted or "")
    return bool(asked) and bool(allowed) and asked in allowed


def _same_document(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and workflow.normalised(a) == workflow.normalised(b)


async def _uses_of(store: GraphStore, consumer: Node, resource: str, visibility: Visibility) -> list[Node]:
    uses = [n for _, n in await store.neighbours(consumer.ref, [Step(RelType.REQUESTS, Direction.OUT)], visibility) if n.label is Label.USE]
    if not uses:
        return []
    targets = await store.neighbours_many(Label.USE, [u.key for u in uses], [Step(RelType.OF, Direction.OUT)], visibility)
    return [u for u in uses if any(n.key == resource for _, n in targets[u.key])]


def _best(uses: list[Node], purpose: str, as_of: date) -> Node | None:
    """The use that comes closest to allowing the citation."""
    if not uses:
        return None
    return max(uses, key=lambda u: (u.props.get("status") == UseStatus.GRANTED.value, in_force(u, as_of), within(purpose, u.props.get("purpose")), u.key))


async def _citations_under(store: GraphStore, use: Node, visibility: Visibility) -> list[Node]:
    pairs = await store.neighbours(use.ref, [Step(RelType.UNDER, Direction.IN)], visibility)
    return [n for _, n in pairs if n.label is Label.CITATION]


def _permission(kind: DocumentKind, use: Node | None, document: str | None, citations: list[Node]) -> Reason:
    rule, article = "PROVIDER_PERMISSION", "Art.25"
    if kind not in NEEDS_PERMISSION:
        return Reason(rule, article, True, _("no permission is needed outside a major decision or an issued document"))
    label = kind.label
    if use is not None and use.props.get("citation_permitted"):
        return Reason(rule, article, True, _("the provider permitted citation under {use} for every document", use=use.key))
    if document is None:
        return Reason(rule, article, False, _("citing in a document of kind {kind} needs the provider's permission for the document: name it, "
                                              "or request permission (requestCitationPermission)", kind=label))
    for citation in citations:
        if not _same_document(citation.props.get("document"), document):
            continue
        permission = citation.props.get("permission")
        if permission == CitationPermission.GRANTED.value:
            return Reason(rule, article, True, _("the provider permitted citing it in 《{document}》 ({citation})", document=document, citation=citation.key))
        if permission == CitationPermission.REQUESTED.value:
            return Reason(rule, article, False, _("permission for 《{document}》 was requested ({citation}) and the provider has not granted it yet",
                                                  document=document, citation=citation.key))
        if permission == CitationPermission.DENIED.value:
            why = citation.props.get("decision_reason")
            refused = _("the provider refused citing it in 《{document}》 ({citation})", document=document, citation=citation.key)
            return Reason(rule, article, False, _("{refusal}: {why}", refusal=refused, why=why) if why else refused)
    return Reason(rule, article, False, _("citing in a document of kind {kind} needs the provider's permission, and none was given for "
                                          "《{document}》: request it (requestCitationPermission)", kind=label, document=document))


async def citation_permission(
    store: GraphStore,
    visibility: Visibility,
    consumer: str,
    resource: str,
    kind: DocumentKind,
    purpose: str,
    document: str | None = None,
    as_of: date | None = None,
    use_id: str | None = None,
) -> CitationDecision:
    """May `consumer` cite `resource` in a document of `kind` for `purpose` on `as_of` (default today)?
    With `use_id`, only that use is weighed; otherwise the consumer's use that comes closest."""
    day = as_of or clock.today()
    consumer_node = await workflow.visible(store, Label.CONSUMER, consumer, visibility)
    resource_node = await workflow.visible(store, Label.RESOURCE, resource, visibility)
    provider_key = await workflow.provider_of(store, resource)
    provider = None if provider_key is None else await store.get(Label.DEPARTMENT, provider_key, visibility)
    uses = [u for u in await _uses_of(store, consumer_node, resource, visibility) if use_id is None or u.key == use_id]
    use = _best(uses, purpose, day)
    granted = use is not None and use.props.get("status") == UseStatus.GRANTED.value
    reasons = []
    who, what = named(consumer_node), (provider_name(provider) + named(resource_node))
    if use is None:
        reasons.append(Reason("USE_GRANTED", "Art.19–20", False, _("{consumer} holds no use of {resource}: request one first (requestUse)", consumer=who, resource=what)))
    elif granted:
        reasons.append(Reason("USE_GRANTED", "Art.19–20", True, _("{use} was granted on {day}", use=use.key, day=use.props.get("granted_at", "?"))))
    else:
        others = _(", ").join(f"{u.key} {word(UseStatus, u.props.get('status'))}" for u in uses)
        reasons.append(Reason("USE_GRANTED", "Art.19–20", False, _("{consumer} holds no granted use of {resource} ({uses})", consumer=who, resource=what, uses=others)))
    expires = None if use is None else use.props.get("expires_at")
    if not granted:
        reasons.append(Reason("USE_IN_FORCE", "Art.24", False, _("there is no grant to be in force")))
    elif use is not None and in_force(use, day):
        reasons.append(Reason("USE_IN_FORCE", "Art.24", True, _("the grant runs until {day}", day=expires) if expires else _("the grant has no end date")))
    else:
        reasons.append(Reason("USE_IN_FORCE", "Art.24", False, _("the grant expired on {day}: shared data is used only within its grant", day=expires)))
    granted_purpose = None if use is None else use.props.get("purpose")
    if use is not None and within(purpose, granted_purpose):
        reasons.append(Reason("PURPOSE_WITHIN_GRANT", "Art.24", True, _("「{purpose}」 is within the granted purpose 「{granted}」", purpose=purpose, granted=granted_purpose)))
    elif use is None:
        reasons.append(Reason("PURPOSE_WITHIN_GRANT", "Art.24", False, _("no grant states a purpose to cite it for")))
    else:
        reasons.append(Reason("PURPOSE_WITHIN_GRANT", "Art.24", False, _("「{purpose}」 is not the granted purpose 「{granted}」: shared data serves only the stated "
                                                                         "duty, never another purpose or a third party", purpose=purpose, granted=granted_purpose)))
    citations = [] if use is None else await _citations_under(store, use, visibility)
    reasons.append(_permission(kind, use, document, citations))
    text = attribution(provider, resource_node)
    if provider_key is None:
        reasons.append(Reason("SOURCE_NAMED", "Art.25", False, _("{resource} has no provider on record: the document could not name its source", resource=what)))
    else:
        reasons.append(Reason("SOURCE_NAMED", "Art.25", True, _("the document must carry 「{line}」", line=text)))
    citation = next((c for c in citations if _same_document(c.props.get("document"), document)), None)
    return CitationDecision(all(r.passed for r in reasons), reasons, text, use, citation)


# Acts on citations.


async def _use_for_citation(store: GraphStore, principal: Principal, visibility: Visibility, use_id: str) -> tuple[Node, str, str]:
    """The use a citation rests on, with its consumer and resource; only the consumer's department cites."""
    use = await workflow.visible(store, Label.USE, use_id, visibility)
    consumer = await workflow.linked_key(store, use.ref, RelType.REQUESTS, Direction.IN, Label.CONSUMER)
    resource = await workflow.linked_key(store, use.ref, RelType.OF, Direction.OUT, Label.RESOURCE)
    if consumer is None or resource is None:
        raise InvalidDataError([Problem("input", "use", _("{use} names no consumer or no resource", use=use.key))])
    department = await workflow.department_of_consumer(store, consumer)
    require(is_member(principal, department), _("only a user or admin of {department} cites data obtained under {use} (Art.25)", department=department, use=use.key))
    return use, consumer, resource


async def request_citation_permission(
    store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, document: str, kind: DocumentKind
) -> Node:
    """Ask the provider's permission to cite in `document` (Art.25); a document of another kind needs none."""
    act = Act.by(principal, "requestCitationPermission")
    use, consumer, resource = await _use_for_citation(store, principal, visibility, use_id)
    title = workflow.required_text("document", document, N_("permission is given for a document (Art.25)"))
    decision = await citation_permission(store, visibility, consumer, resource, kind, str(use.props["purpose"]), title, act.on, use.key)
    if decision.citation is not None:
        raise IllegalTransitionError(decision.citation.ref, str(decision.citation.props.get("permission")), "requestCitationPermission", _("is already on record for 《{document}》", document=title))
    failed = [r for r in decision.reasons[:3] if not r.passed]
    if failed:
        raise PermissionRequiredError(failed)
    permission = CitationPermission.REQUESTED if kind in NEEDS_PERMISSION and not use.props.get("citation_permitted") else (
        CitationPermission.GRANTED if kind in NEEDS_PERMISSION else CitationPermission.NOT_REQUIRED
    )
    ref = NodeRef(Label.CITATION, workflow.new_id("CIT", act.on))
    props = {"id": ref.key, "document": title, "document_kind": kind.value, "permission": permission.value, "attribution": decision.attribution}
    note = "permitted by the grant for every document" if permission is CitationPermission.GRANTED else None
    links = [(RelType.CITES, ref, NodeRef(Label.RESOURCE, resource)), (RelType.UNDER, ref, use.ref)]
    return await workflow.create(store, Label.CITATION, props, act, links, note)


async def _requested(store: GraphStore, principal: Principal, visibility: Visibility, citation_id: str, action: str) -> Node:
    citation = await workflow.visible(store, Label.CITATION, citation_id, visibility)
    resource = await workflow.linked_key(store, citation.ref, RelType.CITES, Direction.OUT, Label.RESOURCE)
    provider = None if resource is None else await workflow.provider_of(store, resource)
    require(is_admin(principal, provider), _("only an admin of the provider {provider} gives or refuses permission to cite {resource} (Art.25)", provider=provider, resource=resource))
    state = str(citation.props.get("permission"))
    if state != CitationPermission.REQUESTED.value:
        raise IllegalTransitionError(citation.ref, state, action, _("applies to a requested permission"))
    return citation


async def grant_citation(store: GraphStore, principal: Principal, visibility: Visibility, citation_id: str, version: int) -> Node:
    """The provider permits the citation (Art.25)."""
    act = Act.by(principal, "grantCitation")
    citation = await _requested(store, principal, visibility, citation_id, "grantCitation")
    return await workflow.transition(store, citation, version, {"permission": CitationPermission.GRANTED.value}, act, "permission")


async def refuse_citation(store: GraphStore, principal: Principal, visibility: Visibility, citation_id: str, version: int, reason: str) -> Node:
    """The provider refuses the citation, with the reason (Art.25)."""
    act = Act.by(principal, "refuseCitation")
    citation = await _requested(store, principal, visibility, citation_id, "refuseCitation")
    why = workflow.required_text("reason", reason, N_("a refusal states its reason"))
    return await workflow.transition(store, citation, version, {"permission": CitationPermission.DENIED.value, "decision_reason": why}, act, "permission", note=why)


async def record_citation(
    store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, document: str, kind: DocumentKind
) -> Node:
    """Record that `document` cites the data obtained under the use, today; refused (PERMISSION_REQUIRED)
    unless every reason of `citation_permission` holds (Art.24–25)."""
    act = Act.by(principal, "recordCitation")
    use, consumer, resource = await _use_for_citation(store, principal, visibility, use_id)
    title = workflow.required_text("document", document, N_("a citation is in a document (Art.25)"))
    decision = await citation_permission(store, visibility, consumer, resource, kind, str(use.props["purpose"]), title, act.on, use.key)
    failed = [r for r in decision.reasons if not r.passed]
    if failed:
        raise PermissionRequiredError(failed)
    existing = decision.citation
    if existing is not None:
        if existing.props.get("cited_at"):
            raise IllegalTransitionError(existing.ref, str(existing.props.get("permission")), "recordCitation", _("is already recorded, on {day}", day=existing.props["cited_at"]))
        if existing.props.get("document_kind") != kind.value:
            raise InvalidDataError([Problem("input", "documentKind", _("{citation} asked permission for a document of kind {asked}, not {kind}", citation=existing.key,
                                                                    asked=word(DocumentKind, existing.props.get("document_kind")), kind=kind.label))])
        changes = {"cited_at": act.on, "attribution": decision.attribution}
        return await workflow.transition(store, existing, int(existing.props.get("version", 1)), changes, act, "permission", note="cited")
    permission = CitationPermission.GRANTED if kind in NEEDS_PERMISSION else CitationPermission.NOT_REQUIRED
    ref = NodeRef(Label.CITATION, workflow.new_id("CIT", act.on))
    props = {
        "id": ref.key, "document": title, "document_kind": kind.value, "permission": permission.value,
        "attribution": decision.attribution, "cited_at": act.on,
    }
    links = [(RelType.CITES, ref, NodeRef(Label.RESOURCE, resource)), (RelType.UNDER, ref, use.ref)]
    return await workflow.create(store, Label.CITATION, props, act, links, "cited" + (" under the grant's permission" if kind in NEEDS_PERMISSION else ""))


# Findings.


async def citation_findings(store: GraphStore, visibility: Visibility = EVERYTHING) -> list[Finding]:
    """Recorded citations that break Art.25 or go outside their grant (Art.24, Art.38(4))."""
    cited = [c for c in await workflow.every(store, PageQuery(Label.CITATION), visibility) if c.props.get("cited_at")]
    if not cited:
        return []
    keys = [c.key for c in cited]
    under = await store.neighbours_many(Label.CITATION, keys, [Step(RelType.UNDER, Direction.OUT)], visibility)
    cites = await store.neighbours_many(Label.CITATION, keys, [Step(RelType.CITES, Direction.OUT)], visibility)
    findings = []
    for citation in cited:
        props = citation.props
        kind = DocumentKind.parse(str(props["document_kind"]))
        uses = [n for _, n in under[citation.key] if n.label is Label.USE]
        use = uses[0] if uses else None
        related = tuple(n.ref for _, n in cites[citation.key]) + tuple(u.ref for u in uses)
        day = date.fromisoformat(props["cited_at"])
        doc = f"《{props.get('document')}》"
        permitted = props.get("permission") == CitationPermission.GRANTED.value or (use is not None and use.props.get("citation_permitted"))
        if kind in NEEDS_PERMISSION and not permitted:
            findings.append(Finding(
                "CITATION_WITHOUT_PERMISSION", "Art.25", Severity.HIGH, citation.ref,
                _("{document} ({kind}) cites shared data without the provider's permission (permission {permission}): obtain it or "
                  "withdraw the citation (Art.25; a violation under Art.38(4))", document=doc, kind=kind.label, permission=word(CitationPermission, props.get("permission"))),
                related,
            ))
        if use is None:
            findings.append(Finding(
                "CITATION_WITHOUT_GRANT", "Art.24", Severity.HIGH, citation.ref,
                _("{document} cites shared data under no recorded use (Art.24; Art.38(4))", document=doc), related,
            ))
        elif not _granted_on(use, day):
            findings.append(Finding(
                "CITATION_OUTSIDE_GRANT", "Art.24", Severity.HIGH, citation.ref,
                _("{document} cites it on {day}, when {use} ({status}) did not grant it: use beyond the granted scope (Art.24; Art.38(4))",
                  document=doc, day=day, use=use.key, status=word(UseStatus, use.props.get("status"))),
                related,
            ))
        if not props.get("attribution"):
            findings.append(Finding(
                "CITATION_WITHOUT_SOURCE", "Art.25", Severity.MEDIUM, citation.ref,
                _("{document} does not name the source and its provider (Art.25)", document=doc), related,
            ))
    return findings


def _granted_on(use: Node, day: date) -> bool:
    """Whether the use's grant covered `day`, as far as its record tells (revocation dates are in its history)."""
    props = use.props
    status = props.get("status")
    granted_at = props.get("granted_at")
    if granted_at is None or date.fromisoformat(granted_at) > day:
        return False
    expires = props.get("expires_at")
    if expires is not None and date.fromisoformat(expires) < day:
        return False
    if status in (UseStatus.GRANTED.value, UseStatus.EXPIRED.value):
        return True
    if status == UseStatus.REVOKED.value:
        revoked = [line for line in workflow.history(props) if line.get("to") == UseStatus.REVOKED.value]
        return bool(revoked) and date.fromisoformat(str(revoked[-1]["at"])[:10]) >= day
    return False
