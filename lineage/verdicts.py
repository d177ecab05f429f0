"""Each system's verdict on the district government cloud, and each departmental cloud's (Art.15, Art.28).

Art.28: every existing system migrates to the district government cloud (区政务云), except those of
public security, state security and similar departments, classified (涉密) systems, and systems at
protection level (等级保护) 4 or above; in principle no new departmental clouds, and existing ones
migrate to, or come under, the government cloud. Art.15: no new cross-department, cross-level or
cross-domain sharing systems, and existing ones migrate to the big data platform (intranet ones to
the intranet sharing platform, Art.17).

Two verdicts are our design, not the Measures' words: MUNICIPAL (a system run on, or by, the
municipality is not the district's to move, Art.4) and RETIRED (nothing to move).

Example::

    v = judge(estate.systems["SJS-GA-RKXT"])
    v.verdict, v.exemptions      # EXEMPT, (SECURITY_DEPARTMENT, PROTECTION_LEVEL)
    [r.article for r in v.reasons]
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from graph.i18n import N_, _
from graph.terms import Hosting, Network, SystemStatus
from lineage.estate import CloudInfo, SystemInfo
from lineage.naming import cross_kinds


class Verdict(str, Enum):
    """What the plan does with a system."""

    ON_GOVERNMENT_CLOUD = "ON_GOVERNMENT_CLOUD"
    MUST_MIGRATE = "MUST_MIGRATE"
    EXEMPT = "EXEMPT"
    RETIRE_TO_PLATFORM = "RETIRE_TO_PLATFORM"
    MUNICIPAL = "MUNICIPAL"
    RETIRED = "RETIRED"

    @property
    def moves(self) -> bool:
        """The system is scheduled in a wave: migrated to the cloud, or retired onto the platform."""
        return self in (Verdict.MUST_MIGRATE, Verdict.RETIRE_TO_PLATFORM)

    @property
    def stays_outside(self) -> bool:
        """The system stays off the government cloud for good: a link to it crosses environments."""
        return self in (Verdict.EXEMPT, Verdict.MUNICIPAL)

    @property
    def label(self) -> str:
        """The verdict in words, in the current language."""
        return _(_VERDICT_WORDS[self])


class Exemption(str, Enum):
    """An exempting rule of Art.28."""

    SECURITY_DEPARTMENT = "SECURITY_DEPARTMENT"
    CLASSIFIED = "CLASSIFIED"
    PROTECTION_LEVEL = "PROTECTION_LEVEL"

    @property
    def label(self) -> str:
        """The exempting rule in words, in the current language."""
        return _(_EXEMPTION_WORDS[self])


_VERDICT_WORDS = {
    Verdict.ON_GOVERNMENT_CLOUD: N_("already on the government cloud"),
    Verdict.MUST_MIGRATE: N_("must migrate"),
    Verdict.EXEMPT: N_("exempt"),
    Verdict.RETIRE_TO_PLATFORM: N_("retire onto the platform"),
    Verdict.MUNICIPAL: N_("municipal"),
    Verdict.RETIRED: N_("retired"),
}
_EXEMPTION_WORDS = {
    Exemption.SECURITY_DEPARTMENT: N_("public or state security department"),
    Exemption.CLASSIFIED: N_("classified system"),
    Exemption.PROTECTION_LEVEL: N_("protection level 4 or above"),
}


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict, with the article it rests on."""

    rule: str
    article: str
    message: str


@dataclass(frozen=True)
class SystemVerdict:
    """A system's verdict, the Art.28 exemptions that apply to it (first: the exempting rule), and why."""

    system: SystemInfo
    verdict: Verdict
    exemptions: tuple[Exemption, ...]
    reasons: tuple[Reason, ...]

    @property
    def code(self) -> str:
        return self.system.code

    @property
    def exempting_rule(self) -> Exemption | None:
        return self.exemptions[0] if self.verdict is Verdict.EXEMPT and self.exemptions else None


def _exemptions(s: SystemInfo) -> list[tuple[Exemption, Reason]]:
    found = []
    if s.security_exempt:
        who = s.operator_name or s.operator
        found.append((Exemption.SECURITY_DEPARTMENT, Reason(
            "EXEMPT_SECURITY_DEPARTMENT", "Art.28",
            _("operated by {department}, a public security, state security or similar department: exempt from migration (Art.28)",
              department=who))))
    if s.classified:
        found.append((Exemption.CLASSIFIED, Reason(
            "EXEMPT_CLASSIFIED", "Art.28", _("a classified system: exempt from migration (Art.28)"))))
    if s.protection_level >= 4:
        found.append((Exemption.PROTECTION_LEVEL, Reason(
            "EXEMPT_PROTECTION_LEVEL", "Art.28",
            _("at protection level {level} (level 4 or above): exempt from migration (Art.28)", level=s.protection_level))))
    return found


def judge(s: SystemInfo) -> SystemVerdict:
    """The verdict on one system, every reason listed (Art.15, Art.28)."""
    exempt = _exemptions(s)
    exemptions = tuple(e for e, _ in exempt)
    exempt_reasons = [r for _, r in exempt]
    if s.retired:
        return SystemVerdict(s, Verdict.RETIRED, exemptions, (Reason("RETIRED", "Art.28", _("retired: nothing to move (Art.28)")),))
    if s.cross_sharing:
        kinds = cross_kinds(s.cross_sharing)
        target = _("the intranet sharing platform (Art.17)") if s.network == Network.INTRANET.value else _("the district big data platform")
        new = s.status in (SystemStatus.PLANNED.value, SystemStatus.BUILDING.value)
        if new:
            message = _("a {kinds} sharing system being planned or built: no new ones may be built; its sharing goes to {target} (Art.15)",
                        kinds=kinds, target=target)
        else:
            message = _("a {kinds} sharing system: existing ones migrate gradually to {target} (Art.15)", kinds=kinds, target=target)
        notes = [Reason(r.rule, r.article, _("{reason}, but its sharing still moves to the platform (Art.15)", reason=r.message)) for r in exempt_reasons]
        return SystemVerdict(s, Verdict.RETIRE_TO_PLATFORM, exemptions, (Reason("RETIRE_TO_PLATFORM", "Art.15", message), *notes))
    environment = s.environment
    if environment == Hosting.GOVERNMENT_CLOUD.value:
        on = (_("already on the district government cloud ({platform}): nothing to move (Art.28)", platform=s.platform) if s.platform
              else _("already on the district government cloud: nothing to move (Art.28)"))
        return SystemVerdict(s, Verdict.ON_GOVERNMENT_CLOUD, exemptions, (Reason("ON_GOVERNMENT_CLOUD", "Art.28", on),))
    if environment == Hosting.MUNICIPAL.value or not s.district:
        return SystemVerdict(s, Verdict.MUNICIPAL, exemptions, (Reason(
            "MUNICIPAL", "Art.4",
            _("runs on a municipal platform or for a municipal department: the municipality's to host, "
              "outside the district's migration (our design, Art.4)")),))
    if exempt:
        return SystemVerdict(s, Verdict.EXEMPT, exemptions, tuple(exempt_reasons))
    if environment == Hosting.DEPARTMENT_CLOUD.value:
        message = _("on the departmental cloud {cloud}: departmental clouds migrate to, or come under, the district government cloud (Art.28)",
                    cloud=s.platform or "")
    elif s.status in (SystemStatus.PLANNED.value, SystemStatus.BUILDING.value):
        message = _("not yet in service: build it on the district government cloud, not on a departmental cloud (Art.28)")
    else:
        message = _("self-hosted and not exempt: every existing system migrates to the district government cloud (Art.28)")
    return SystemVerdict(s, Verdict.MUST_MIGRATE, exemptions, (Reason("MUST_MIGRATE", "Art.28", message),))


class CloudAction(str, Enum):
    """What becomes of a departmental cloud (Art.28)."""

    RETIRE = "RETIRE"
    BRING_UNDER_GOVERNMENT_CLOUD = "BRING_UNDER_GOVERNMENT_CLOUD"


@dataclass(frozen=True)
class CloudVerdict:
    """A departmental cloud: retired once its systems have moved, or brought under the government
    cloud when some of them must stay (exempt)."""

    cloud: CloudInfo
    action: CloudAction
    systems: tuple[SystemVerdict, ...]
    reasons: tuple[Reason, ...]

    @property
    def staying(self) -> tuple[SystemVerdict, ...]:
        return tuple(v for v in self.systems if not v.verdict.moves)


def judge_cloud(cloud: CloudInfo, verdicts: dict[str, SystemVerdict]) -> CloudVerdict:
    """The verdict on a departmental cloud from the verdicts on the systems it hosts (Art.28)."""
    hosted = tuple(verdicts[c] for c in cloud.systems if c in verdicts)
    staying = [v for v in hosted if v.verdict is Verdict.EXEMPT]
    if staying:
        names = _(", ").join(f"「{v.system.name}」" for v in staying)
        reason = Reason("BRING_UNDER_GOVERNMENT_CLOUD", "Art.28",
                        _("{count} of its systems are exempt and stay ({systems}): bring the cloud under the management of the "
                          "district government cloud (Art.28)", count=len(staying), systems=names))
        return CloudVerdict(cloud, CloudAction.BRING_UNDER_GOVERNMENT_CLOUD, hosted, (reason,))
    moving = sum(1 for v in hosted if v.verdict.moves)
    reason = Reason("RETIRE_DEPARTMENT_CLOUD", "Art.28",
                    _("in principle no departmental clouds: once its {count} system(s) have migrated, retire it (Art.28)", count=moving))
    return CloudVerdict(cloud, CloudAction.RETIRE, hosted, (reason,))
