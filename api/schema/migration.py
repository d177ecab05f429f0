"""GraphQL for migration to the government cloud (Art.15, Art.27–28): verdicts, the wave plan,
departmental clouds, the impact of a move, and consolidation candidates.

Who sees what: every answer is computed over what the principal may see (`info.context.visibility`),
so the EIC and the leading group plan the whole district, a department plans and consolidates its own
systems (its links to other departments' systems are not shown to it), and the public sees no system.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.schema import migration_enums as menums
from api.engine.ids import parse_cursor
from api.schema.connections import Connection, check_first, keyed_connection, list_connection
from api.schema.nodes import Ctx, Department, Node, Resource, System, wrap
from graph.labels import Label
from lineage import consolidation as consolidation_question
from lineage import estate, migration, move_impact, verdicts
from lineage.verdicts import judge, judge_cloud


@strawberry.type(description="One reason behind a verdict, with the article it rests on.")
class VerdictReason:
    rule: str = strawberry.field(description="Rule id, e.g. EXEMPT_CLASSIFIED.")
    article: str = strawberry.field(description="The article, e.g. Art.28.")
    message: str = strawberry.field(description="The reason, naming its article.")


def _reasons(found: tuple[verdicts.Reason, ...]) -> list[VerdictReason]:
    return [VerdictReason(rule=r.rule, article=r.article, message=r.message) for r in found]


async def _department(info: Ctx, code: str | None) -> Department | None:
    stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(code) if code else None
    return None if stored is None else Department(stored=stored)


async def _system(info: Ctx, code: str) -> System | None:
    stored = await info.context.loaders.nodes(Label.SYSTEM).load(code)
    return None if stored is None else System(stored=stored)


@strawberry.type(description="A system's verdict on the government cloud, with every reason and its article (Art.15, Art.28).")
class SystemVerdict:
    found: strawberry.Private[verdicts.SystemVerdict]

    @strawberry.field(description="System code.")
    def code(self) -> str:
        return self.found.code

    @strawberry.field(description="System name.")
    def name(self) -> str:
        return self.found.system.name

    @strawberry.field(description="The verdict.")
    def verdict(self) -> menums.MigrationVerdict:
        return menums.MigrationVerdict[self.found.verdict.name]

    @strawberry.field(description="The rule that exempts it (EXEMPT only): the first that applies.")
    def exempting_rule(self) -> menums.Exemption | None:
        rule = self.found.exempting_rule
        return None if rule is None else menums.Exemption[rule.name]

    @strawberry.field(description="Every Art.28 exemption that applies, whatever the verdict.")
    def exemptions(self) -> list[menums.Exemption]:
        return [menums.Exemption[e.name] for e in self.found.exemptions]

    @strawberry.field(description="Why, each reason with its article.")
    def reasons(self) -> list[VerdictReason]:
        return _reasons(self.found.reasons)

    @strawberry.field(description="It is scheduled in a wave (MUST_MIGRATE or RETIRE_TO_PLATFORM).")
    def moves(self) -> bool:
        return self.found.verdict.moves

    @strawberry.field(description="Where it runs now: GOVERNMENT_CLOUD, DEPARTMENT_CLOUD, SELF_HOSTED or MUNICIPAL.")
    def environment(self) -> str:
        return self.found.system.environment

    @strawberry.field(description="The department that operates it.")
    async def department(self, info: Ctx) -> Department | None:
        return await _department(info, self.found.system.operator)

    @strawberry.field(description="The system itself.")
    async def system(self, info: Ctx) -> System | None:
        return await _system(info, self.found.code)


@strawberry.type(description="A departmental cloud (部门云): retired once its systems move, or brought under the government cloud (Art.28).")
class DepartmentCloud:
    found: strawberry.Private[verdicts.CloudVerdict]

    @strawberry.field(description="Platform code.")
    def code(self) -> str:
        return self.found.cloud.code

    @strawberry.field(description="Platform name.")
    def name(self) -> str:
        return self.found.cloud.name

    @strawberry.field(description="What becomes of it.")
    def action(self) -> menums.CloudAction:
        return menums.CloudAction[self.found.action.name]

    @strawberry.field(description="Why, with the article.")
    def reasons(self) -> list[VerdictReason]:
        return _reasons(self.found.reasons)

    @strawberry.field(description="The systems it hosts, with their verdicts.")
    def systems(self) -> list[SystemVerdict]:
        return [SystemVerdict(found=v) for v in self.found.systems]

    @strawberry.field(description="The department that operates it.")
    async def department(self, info: Ctx) -> Department | None:
        return await _department(info, self.found.cloud.operator)


@strawberry.type(description="A system needs another's data.")
class SystemDependency:
    found: strawberry.Private[estate.Dependency]

    @strawberry.field(description="The system that needs the data.")
    def dependent(self) -> str:
        return self.found.dependent

    @strawberry.field(description="The system whose data it needs.")
    def provider(self) -> str:
        return self.found.provider

    @strawberry.field(description="Why it needs it.")
    def kinds(self) -> list[menums.DependencyKind]:
        return [menums.DependencyKind[k.name] for k in self.found.kinds]

    @strawberry.field(description="The provider's resources involved.")
    def resources(self) -> list[str]:
        return list(self.found.resources)

    @strawberry.field(description="The dependency in words.")
    def description(self) -> str:
        return self.found.describe()


@strawberry.type(description="One reason for a placement.")
class PlacementReason:
    found: strawberry.Private[migration.PlacementReason]

    @strawberry.field(description="The kind of reason.")
    def kind(self) -> menums.PlacementReasonKind:
        return menums.PlacementReasonKind[self.found.kind.name]

    @strawberry.field(description="The reason in words.")
    def message(self) -> str:
        return self.found.message

    @strawberry.field(description="The other system it names, if any.")
    def system(self) -> str | None:
        return self.found.system


@strawberry.type(description="A system in its wave, and why it is there.")
class Placement:
    found: strawberry.Private[migration.Placement]

    @strawberry.field(description="System code.")
    def code(self) -> str:
        return self.found.code

    @strawberry.field(description="System name.")
    def name(self) -> str:
        return self.found.verdict.system.name

    @strawberry.field(description="The wave it moves in (1 is the first).")
    def wave(self) -> int:
        return self.found.wave

    @strawberry.field(description="MUST_MIGRATE (to the cloud) or RETIRE_TO_PLATFORM (Art.15).")
    def verdict(self) -> menums.MigrationVerdict:
        return menums.MigrationVerdict[self.found.verdict.verdict.name]

    @strawberry.field(description="The other systems it moves with, in code order: they need each other's data (a cycle).")
    def moves_with(
        self, first: Annotated[int | None, strawberry.argument(description="At most this many (default: all; a province's cycle holds over a thousand).")] = None,
    ) -> list[str]:
        if first is not None:
            check_first(first)
            return list(self.found.moves_with[:first])
        return list(self.found.moves_with)

    @strawberry.field(description="How many other systems it moves with.")
    def moves_with_count(self) -> int:
        return len(self.found.group) - 1

    @strawberry.field(description="The planner pinned it (or a system it moves with) to this wave.")
    def pinned(self) -> bool:
        return self.found.pinned

    @strawberry.field(description="Its dependencies on other systems of the plan.")
    def depends_on(self) -> list[SystemDependency]:
        return [SystemDependency(found=d) for d in self.found.depends_on]

    @strawberry.field(description="Why it is in this wave.")
    def reasons(self) -> list[PlacementReason]:
        return [PlacementReason(found=r) for r in self.found.reasons]

    @strawberry.field(description="Code of the department that operates it.")
    def department_code(self) -> str | None:
        return self.found.verdict.system.operator


@strawberry.type(description="One wave of the plan.")
class Wave:
    found: strawberry.Private[migration.Wave]

    @strawberry.field(description="Its number, 1 first.")
    def number(self) -> int:
        return self.found.number

    @strawberry.field(description="How many systems move in it.")
    def size(self) -> int:
        return len(self.found.placements)

    @strawberry.field(description="A group larger than the capacity holds it alone.")
    def oversized(self) -> bool:
        return self.found.oversized

    @strawberry.field(description="Pins put more systems in it than the capacity.")
    def over_capacity(self) -> bool:
        return self.found.over_capacity

    @strawberry.field(
        description="The systems that move in it.",
        deprecation_reason="The whole wave in one answer grows with the district: page it with migrationPlan.placements(wave:).",
    )
    def systems(self) -> list[Placement]:
        return [Placement(found=p) for p in self.found.placements]


@strawberry.type(description="A dependency between a planned system and one that stays off the cloud, or moves in another plan.")
class PlanLink:
    found: strawberry.Private[migration.Link]

    @strawberry.field(description="CROSS_ENVIRONMENT or OUTSIDE_PLAN.")
    def kind(self) -> menums.LinkKind:
        return menums.LinkKind[self.found.kind.name]

    @strawberry.field(description="The planned system.")
    def system(self) -> str:
        return self.found.moving

    @strawberry.field(description="The wave it moves in.")
    def wave(self) -> int:
        return self.found.wave

    @strawberry.field(description="The other system.")
    def other(self) -> SystemVerdict:
        return SystemVerdict(found=self.found.other)

    @strawberry.field(description="The dependency.")
    def dependency(self) -> SystemDependency:
        return SystemDependency(found=self.found.dependency)

    @strawberry.field(description="What to do about it, naming its article.")
    def message(self) -> str:
        return self.found.message

    @strawberry.field(description="The article.")
    def article(self) -> str:
        return self.found.article


@strawberry.type(description="How many systems have a verdict.")
class VerdictCount:
    verdict: menums.MigrationVerdict = strawberry.field(description="The verdict.")
    count: int = strawberry.field(description="Systems with it.")


@strawberry.type(description="The plan in figures.")
class PlanSummary:
    systems: int = strawberry.field(description="Systems of the departments planned.")
    moving: int = strawberry.field(description="Systems placed in waves.")
    staying: int = strawberry.field(description="Systems that do not move.")
    waves: int = strawberry.field(description="Number of waves.")
    cycles: int = strawberry.field(description="Groups of systems that need each other's data and move together.")
    cross_environment_links: int = strawberry.field(description="Dependencies on systems that stay off the cloud.")
    outside_plan_links: int = strawberry.field(description="Dependencies on moving systems of other departments.")
    by_verdict: list[VerdictCount] = strawberry.field(description="Systems per verdict.")


First = Annotated[int, strawberry.argument(description="Page size, 1 to 100.")]
After = Annotated[str | None, strawberry.argument(description="Return the items after this cursor (`pageInfo.endCursor`).")]


@strawberry.type(description="A migration plan to the district government cloud (Art.15, Art.28).")
class MigrationPlan:
    found: strawberry.Private[migration.MigrationPlan]

    @strawberry.field(description="The plan in figures.")
    def summary(self) -> PlanSummary:
        p = self.found
        return PlanSummary(
            systems=len(p.verdicts), moving=len(p.placements), staying=len(p.staying), waves=len(p.waves), cycles=len(p.groups),
            cross_environment_links=p.link_count(migration.LinkKind.CROSS_ENVIRONMENT),
            outside_plan_links=p.link_count(migration.LinkKind.OUTSIDE_PLAN),
            by_verdict=[VerdictCount(verdict=menums.MigrationVerdict[v.name], count=p.count(v)) for v in verdicts.Verdict],
        )

    @strawberry.field(description="The waves, first first.")
    def waves(self) -> list[Wave]:
        return [Wave(found=w) for w in self.found.waves]

    @strawberry.field(description="Where one system is placed, or null when it does not move in this plan.")
    def placement(self, system: Annotated[str, strawberry.argument(description="System code.")]) -> Placement | None:
        found = self.found.placement(system)
        return None if found is None else Placement(found=found)

    @strawberry.field(description="Groups of systems that need each other's data (cycles): each moves in one wave.")
    def cycles(self) -> list[list[str]]:
        return [list(g) for g in self.found.groups]

    @strawberry.field(
        description="The systems that move, wave by wave and in code order within a wave, a page at a time.",
    )
    def placements(
        self, first: First = 20, after: After = None,
        wave: Annotated[int | None, strawberry.argument(description="Only the systems of this wave.")] = None,
    ) -> Connection[Placement]:
        chosen = self.found.placements if wave is None else next((w.placements for w in self.found.waves if w.number == wave), ())
        return list_connection(chosen, migration.placement_key, first, after, lambda p: Placement(found=p))

    @strawberry.field(
        description="Dependencies of one kind that the plan cannot make local, a page at a time, by wave, planned system and other system "
        "(only the page's links are made: a province's plan has over 100,000).",
    )
    def links(
        self, kind: Annotated[menums.LinkKind, strawberry.argument(description="CROSS_ENVIRONMENT or OUTSIDE_PLAN.")],
        first: First = 20, after: After = None,
    ) -> Connection[PlanLink]:
        check_first(first)
        found = migration.LinkKind[kind.name]
        chosen, more = self.found.found_links.page(found, first, parse_cursor(after))
        return keyed_connection(chosen, more, self.found.link_count(found), after, lambda link: PlanLink(found=link))

    @strawberry.field(
        description="Dependencies that cross the cloud boundary for good: on or from systems that stay (exempt, municipal).",
        deprecation_reason="Every link in one answer grows with the district: page them with links(kind: CROSS_ENVIRONMENT).",
    )
    def cross_environment_links(self) -> list[PlanLink]:
        return [PlanLink(found=link) for link in self.found.links if link.kind is migration.LinkKind.CROSS_ENVIRONMENT]

    @strawberry.field(
        description="Dependencies on moving systems of departments not in this plan.",
        deprecation_reason="Every link in one answer grows with the district: page them with links(kind: OUTSIDE_PLAN).",
    )
    def outside_plan_links(self) -> list[PlanLink]:
        return [PlanLink(found=link) for link in self.found.links if link.kind is migration.LinkKind.OUTSIDE_PLAN]

    @strawberry.field(description="Systems of the departments planned that do not move, with their verdicts.")
    def staying(self, verdict: Annotated[list[menums.MigrationVerdict] | None, strawberry.argument(description="Only these verdicts.")] = None) -> list[SystemVerdict]:
        wanted = {v.name for v in verdict} if verdict else None
        return [SystemVerdict(found=v) for v in self.found.staying if wanted is None or v.verdict.name in wanted]

    @strawberry.field(description="The departmental clouds of the departments planned (Art.28).")
    def department_clouds(self) -> list[DepartmentCloud]:
        return [DepartmentCloud(found=c) for c in self.found.clouds]


@strawberry.input(description="Keep a system (and the systems it must move with) in a wave.")
class PinInput:
    system: str = strawberry.field(description="System code.")
    wave: int = strawberry.field(description="The wave, 1 first.")


@strawberry.input(description="What to plan.")
class MigrationPlanInput:
    departments: list[str] | None = strawberry.field(default=None, description="Plan only these departments' systems (default: all you may see).")
    capacity_per_wave: int | None = strawberry.field(default=None, description="At most this many systems per wave (default: no limit).")
    pinned: list[PinInput] | None = strawberry.field(default=None, description="Systems fixed to a wave.")

    def to_request(self) -> migration.PlanRequest:
        return migration.PlanRequest(
            departments=tuple(sorted(set(self.departments or ()))),
            capacity_per_wave=self.capacity_per_wave,
            pinned=tuple(migration.Pin(p.system, p.wave) for p in self.pinned or ()),
        )


@strawberry.input(description="Filters for verdicts; every given field must match.")
class VerdictFilter:
    department: str | None = strawberry.field(default=None, description="Operated by the department with this code.")
    verdict: list[menums.MigrationVerdict] | None = strawberry.field(default=None, description="Verdict is one of these.")
    exemption: list[menums.Exemption] | None = strawberry.field(default=None, description="One of these exemptions applies.")


@strawberry.type(description="Counts of a move's impact.")
class MoveImpactCounts:
    held: int = strawberry.field(description="Resources the system holds.")
    derived: int = strawberry.field(description="Resources derived from them.")
    uses: int = strawberry.field(description="Uses.")
    consumers: int = strawberry.field(description="Consumers.")
    citations: int = strawberry.field(description="Citations.")


@strawberry.type(description="Whose data paths pass through a system: what its move must be announced to (Art.24–25, Art.28).")
class MoveImpact:
    found: strawberry.Private[move_impact.MoveImpact]

    @strawberry.field(description="The system.")
    def system(self) -> System:
        return System(stored=self.found.system)

    @strawberry.field(description="Resources it holds.")
    def held(self) -> list[Resource]:
        return [Resource(stored=n) for n in self.found.held]

    @strawberry.field(description="Resources derived from them, directly or not.")
    def derived(self) -> list[Resource]:
        return [Resource(stored=n) for n in self.found.derived]

    @strawberry.field(description="Uses of any of them, and uses made through the system.")
    def uses(self) -> list[Node]:
        return [wrap(n) for n in self.found.uses]

    @strawberry.field(description="Consumers holding those uses.")
    def consumers(self) -> list[Node]:
        return [wrap(n) for n in self.found.consumers]

    @strawberry.field(description="Citations resting on them (Art.25).")
    def citations(self) -> list[Node]:
        return [wrap(n) for n in self.found.citations]

    @strawberry.field(description="Open portals that publish any of them.")
    def platforms(self) -> list[Node]:
        return [wrap(n) for n in self.found.platforms]

    @strawberry.field(description="Nodes on the path you may not see (left out above).")
    def hidden(self) -> int:
        return self.found.hidden

    @strawberry.field(description="A cap cut the answer.")
    def truncated(self) -> bool:
        return self.found.truncated

    @strawberry.field(description="How many of each.")
    def counts(self) -> MoveImpactCounts:
        f = self.found
        return MoveImpactCounts(held=len(f.held), derived=len(f.derived), uses=len(f.uses), consumers=len(f.consumers), citations=len(f.citations))


@strawberry.type(description="Two systems holding overlapping data: a candidate to merge (Art.27).")
class ConsolidationCandidate:
    found: strawberry.Private[consolidation_question.Candidate]

    @strawberry.field(description="The two system codes.")
    def codes(self) -> list[str]:
        return [s.code for s in self.found.systems]

    @strawberry.field(description="The two systems.")
    async def systems(self, info: Ctx) -> list[System]:
        found = [await _system(info, s.code) for s in self.found.systems]
        return [s for s in found if s is not None]

    @strawberry.field(description="Codes of their departments.")
    def departments(self) -> list[str]:
        return sorted({s.operator for s in self.found.systems if s.operator})

    @strawberry.field(description="The larger of the two Jaccard scores, 0–1.")
    def score(self) -> float:
        return round(self.found.score, 4)

    @strawberry.field(description="Jaccard similarity of the resources they hold.")
    def resource_score(self) -> float:
        return round(self.found.resource_score, 4)

    @strawberry.field(description="Jaccard similarity of the data items of those resources (identifier kind and name).")
    def item_score(self) -> float:
        return round(self.found.item_score, 4)

    @strawberry.field(description="Resources both hold.")
    def shared_resources(self) -> list[str]:
        return list(self.found.shared_resources)

    @strawberry.field(description="Data items both hold, as IDENTIFIER_KIND:name.")
    def shared_items(self) -> list[str]:
        return list(self.found.shared_items)

    @strawberry.field(description="What stands in the way of merging them.")
    def caveats(self) -> list[str]:
        return list(self.found.caveats)

    @strawberry.field(description="The candidate in words.")
    def message(self) -> str:
        return self.found.message


def _candidate_key(c: consolidation_question.Candidate) -> str:
    return f"{1 - c.score:.6f}|{c.key}"




@strawberry.type
class MigrationQuery:
    @strawberry.field(description="Every system's verdict on the government cloud, in code order (Art.15, Art.28).")
    async def migration_verdicts(
        self, info: Ctx, first: First = 20, after: After = None,
        filter: Annotated[VerdictFilter | None, strawberry.argument(description="Only the verdicts matching this.")] = None,
    ) -> Connection[SystemVerdict]:
        f = filter or VerdictFilter()
        found = await estate.read_estate(info.context.store, info.context.visibility, dependencies=False)
        wanted = {v.name for v in f.verdict} if f.verdict else None
        exempt = {e.name for e in f.exemption} if f.exemption else None
        judged = [
            v for v in (judge(s) for s in found.systems.values())
            if (f.department is None or v.system.operator == f.department)
            and (wanted is None or v.verdict.name in wanted)
            and (exempt is None or any(e.name in exempt for e in v.exemptions))
        ]
        return list_connection(judged, lambda v: v.code, first, after, lambda v: SystemVerdict(found=v))

    @strawberry.field(description="One system's verdict, or null.")
    async def migration_verdict(self, info: Ctx, system: Annotated[str, strawberry.argument(description="System code.")]) -> SystemVerdict | None:
        found = await estate.read_estate(info.context.store, info.context.visibility, dependencies=False)
        info_ = found.systems.get(system)
        return None if info_ is None else SystemVerdict(found=judge(info_))

    @strawberry.field(description="The departmental clouds (部门云) and what becomes of each (Art.28).")
    async def department_clouds(self, info: Ctx) -> list[DepartmentCloud]:
        found = await estate.read_estate(info.context.store, info.context.visibility, dependencies=False)
        judged = {c: judge(s) for c, s in found.systems.items()}
        return [DepartmentCloud(found=judge_cloud(c, judged)) for c in found.clouds]

    @strawberry.field(description="Waves to the government cloud: systems that need each other's data move together, the rest in dependency order, within a capacity per wave, pins respected (Art.15, Art.28).")
    async def migration_plan(
        self, info: Ctx, input: Annotated[MigrationPlanInput | None, strawberry.argument(description="What to plan (default: everything, no capacity limit).")] = None,
    ) -> MigrationPlan:
        request = (input or MigrationPlanInput()).to_request()
        return MigrationPlan(found=await migration.migration_plan(info.context.store, request, info.context.visibility))

    @strawberry.field(description="Whose data paths pass through a system: the resources it holds and derived from them, their uses, consumers and citations.")
    async def move_impact(self, info: Ctx, system: Annotated[str, strawberry.argument(description="System code.")]) -> MoveImpact:
        return MoveImpact(found=await move_impact.move_impact(info.context.store, system, info.context.limits, info.context.visibility))

    @strawberry.field(description="Pairs of systems holding overlapping resources or items, best first (Art.27).")
    async def consolidation_candidates(
        self, info: Ctx,
        scope: Annotated[menums.ConsolidationScope, strawberry.argument(description="Pairs within one department, or across two.")] = menums.ConsolidationScope.WITHIN_DEPARTMENT,
        department: Annotated[str | None, strawberry.argument(description="Only pairs involving this department.")] = None,
        min_score: Annotated[float, strawberry.argument(description="Lowest score (Jaccard, 0–1) to list.")] = 0.1,
        first: First = 20, after: After = None,
    ) -> Connection[ConsolidationCandidate]:
        found = await consolidation_question.consolidation_candidates(
            info.context.store, consolidation_question.Scope[scope.name], min_score, department, info.context.visibility
        )
        return list_connection(found, _candidate_key, first, after, lambda c: ConsolidationCandidate(found=c))
