"""GraphQL for compliance: findings as a connection, the rules they come from, and scorecards (Art.33, Art.38).

Who sees what (`lineage.compliance.may_assess`): the EIC and the leading group every finding and every
department's scorecard; a department its own findings (those it must act on, what it may not see named
only as 无权查看) and its own scorecard; the public neither (an empty connection, a null scorecard).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.schema import enums
from api.schema.lineage import Finding
from api.schema.connections import Connection, list_connection
from api.schema.nodes import Ctx, Department
from graph.labels import Label
from lineage import clock, compliance
from lineage.access import ALL_SEEING
from lineage import scorecard as scorecard_question
from lineage.findings import Severity


@strawberry.type(description="A compliance finding: the rule it breaks (with its article), the department that must act, and the due date when one applies (Art.33, Art.38).")
class ComplianceFinding(Finding):
    entry: strawberry.Private[compliance.ComplianceFinding]

    @strawberry.field(description="The date by which it must be put right: a reply date, the catalog's deadline, or a rectification order's (Art.38).")
    def due_date(self) -> date | None:
        return self.entry.due

    @strawberry.field(description="Code of the department that must act on it.")
    def department_code(self) -> str | None:
        return self.entry.department

    @strawberry.field(description="The department that must act on it.")
    async def department(self, info: Ctx) -> Department | None:
        code = self.entry.department
        stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(code) if code else None
        return None if stored is None else Department(stored=stored)


@strawberry.input(description="Filters for findings; every given field must match.")
class FindingFilter:
    department: str | None = strawberry.field(default=None, description="The department that must act (its code).")
    rule: list[str] | None = strawberry.field(default=None, description="Rule id is one of these (see `findingRules`).")
    severity: list[enums.Severity] | None = strawberry.field(default=None, description="Severity is one of these.")
    article: list[str] | None = strawberry.field(default=None, description="Article is one of these, e.g. Art.20.")

    def to_filter(self) -> compliance.FindingFilter:
        return compliance.FindingFilter(
            departments=(self.department,) if self.department else (),
            rules=tuple(self.rule or ()),
            severities=tuple(Severity[s.name] for s in self.severity or ()),
            articles=tuple(self.article or ()),
        )


@strawberry.type(description="A rule findings are made by.")
class FindingRule:
    rule: str = strawberry.field(description="Rule id.")
    article: str = strawberry.field(description="The article it encodes.")
    title: str = strawberry.field(description="Its name in Chinese.")
    description: str = strawberry.field(description="What fires it.")
    severity: enums.Severity = strawberry.field(description="Its usual severity.")


@strawberry.type(description="A share: `done` of `of`, and the rate (null when there is nothing to count).")
class Rate:
    done: int = strawberry.field(description="How many meet the mark.")
    of: int = strawberry.field(description="Out of how many.")
    rate: float | None = strawberry.field(description="done / of, 0–1.")


def _rate(r: scorecard_question.Rate) -> Rate:
    return Rate(done=r.done, of=r.of, rate=None if r.value is None else round(r.value, 4))


@strawberry.type(description="Replies to requests, by timeliness.")
class Replies:
    on_time: int = strawberry.field(description="Answered by the due date.")
    late: int = strawberry.field(description="Answered after the due date.")
    overdue: int = strawberry.field(description="Unanswered past the due date.")
    pending: int = strawberry.field(description="Unanswered, not yet due.")
    undated: int = strawberry.field(description="Answered with no recorded date (refusals): counted as on time.")
    rate: Rate = strawberry.field(description="Answered on time, of those answered or overdue.")


def _replies(r: scorecard_question.Replies) -> Replies:
    return Replies(on_time=r.on_time, late=r.late, overdue=r.overdue, pending=r.pending, undated=r.undated, rate=_rate(r.rate))


@strawberry.type(description="How many of a share type.")
class ShareTypeCount:
    share_type: enums.ShareType = strawberry.field(description="The share type.")
    count: int = strawberry.field(description="Resources of it.")


@strawberry.type(description="How many findings of a severity.")
class SeverityCount:
    severity: enums.Severity = strawberry.field(description="The severity.")
    count: int = strawberry.field(description="Findings of it.")


@strawberry.type(description="A department's sharing and opening, as the EIC assesses it (Art.33).")
class Scorecard:
    found: strawberry.Private[scorecard_question.Scorecard]

    @strawberry.field(description="The department.")
    async def department(self, info: Ctx) -> Department | None:
        stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(self.found.department)
        return None if stored is None else Department(stored=stored)

    @strawberry.field(description="The year the replies are counted for (null: every year).")
    def year(self) -> int | None:
        return self.found.year

    @strawberry.field(description="The day the figures are as of.")
    def as_of(self) -> date:
        return self.found.as_of

    @strawberry.field(description="Resources in force it provides.")
    def resources(self) -> int:
        return self.found.resources

    @strawberry.field(description="Resources listed in a catalog (Art.6).")
    def catalogued(self) -> Rate:
        return _rate(self.found.catalogued)

    @strawberry.field(description="Catalog completeness: entries stating every Art.9 attribute (collection route, update cycle, format, share and open attributes with their conditions or legal basis).")
    def catalog_completeness(self) -> Rate:
        return _rate(self.found.complete)

    @strawberry.field(description="Aggregation rate: shared district resources aggregated on the platform or excepted (Art.15).")
    def aggregation(self) -> Rate:
        return _rate(self.found.aggregated)

    @strawberry.field(description="Share rate: resources not of type not-shared (Art.18–19).")
    def share_rate(self) -> Rate:
        return _rate(self.found.shared)

    @strawberry.field(description="Resources per share type.")
    def share_types(self) -> list[ShareTypeCount]:
        return [ShareTypeCount(share_type=enums.ShareType[k], count=v) for k, v in self.found.share_types.items()]

    @strawberry.field(description="Replies to conditional requests (10 working days, Art.20).")
    def conditional_replies(self) -> Replies:
        return _replies(self.found.conditional_replies)

    @strawberry.field(description="Answers to open requests (15 working days, Art.22).")
    def open_request_replies(self) -> Replies:
        return _replies(self.found.open_replies)

    @strawberry.field(description="Open resources (Art.21–22).")
    def open_resources(self) -> Rate:
        return _rate(self.found.opened)

    @strawberry.field(description="It has an open plan for the year (Art.22); null without a year.")
    def open_plan(self) -> bool | None:
        return self.found.open_plan

    @strawberry.field(description="Findings it must act on, by severity.")
    def findings_by_severity(self) -> list[SeverityCount]:
        return [SeverityCount(severity=enums.Severity[s.name], count=n) for s, n in self.found.findings.items()]

    @strawberry.field(description="Overall score 0–100: the mean of the rates less up to 40 points for findings (our design, not the Measures').")
    def score(self) -> float:
        return self.found.score


AsOf = Annotated[date | None, strawberry.argument(description="The day deadlines are judged on (default: today in Beijing).")]


@strawberry.type
class ComplianceQuery:
    @strawberry.field(description="Compliance findings in (article, rule, subject) order: yours if you are a department, all for the EIC (Art.33, Art.38).")
    async def findings(
        self, info: Ctx,
        filter: Annotated[FindingFilter | None, strawberry.argument(description="Only the findings matching this.")] = None,
        as_of: AsOf = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1 to 100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Return the items after this cursor (`pageInfo.endCursor`).")] = None,
    ) -> Connection[ComplianceFinding]:
        principal = info.context.principal
        found = [] if principal.is_public else await compliance.compliance_findings(info.context.store, as_of, info.context.limits)
        kept = compliance.select(compliance.visible_to(principal, found), (filter or FindingFilter()).to_filter())
        if principal.roles.isdisjoint(ALL_SEEING):
            kept = await compliance.redacted(info.context.store, info.context.visibility, kept)
        return list_connection(kept, lambda f: f.key, first, after, lambda f: ComplianceFinding(found=f.finding, entry=f))

    @strawberry.field(description="The rules findings are made by, in article order.")
    def finding_rules(self) -> list[FindingRule]:
        return [
            FindingRule(rule=r.id, article=r.article, title=r.title, description=r.description, severity=enums.Severity[r.severity.name])
            for r in sorted(compliance.RULES, key=lambda r: (compliance.article_number(r.article), r.id))
        ]

    @strawberry.field(description="A department's scorecard (Art.33): the EIC's for any department, a department's for its own; else null.")
    async def scorecard(
        self, info: Ctx,
        department: Annotated[str, strawberry.argument(description="Department code.")],
        year: Annotated[int | None, strawberry.argument(description="Count replies to the requests of this year, and ask for its open plan.")] = None,
        as_of: AsOf = None,
    ) -> Scorecard | None:
        if not compliance.may_assess(info.context.principal, department):
            return None
        if year is not None:
            scorecard_question.check_year(year)
        day = as_of or (min(date(year, 12, 31), clock.today()) if year else None)
        cards = await scorecard_question.scorecards(info.context.store, [department], year, day)
        return Scorecard(found=cards[0]) if cards else None

    @strawberry.field(
        description="The scorecards of every department that provides a resource, in code order (Art.33): all for the EIC and "
        "the leading group, a department's own for a department, none for the public."
    )
    async def scorecards(
        self, info: Ctx,
        year: Annotated[int | None, strawberry.argument(description="Count replies to the requests of this year, and ask for its open plan.")] = None,
        as_of: AsOf = None,
    ) -> list[Scorecard]:
        principal = info.context.principal
        if principal.is_public:
            return []
        if year is not None:
            scorecard_question.check_year(year)
        day = as_of or (min(date(year, 12, 31), clock.today()) if year else None)
        departments = None if not principal.roles.isdisjoint(ALL_SEEING) else [principal.department] if principal.department else []
        if departments == []:
            return []
        cards = await scorecard_question.scorecards(info.context.store, departments, year, day)
        return [Scorecard(found=c) for c in cards if compliance.may_assess(principal, c.department)]
