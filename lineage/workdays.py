"""Working days of the People's Republic of China, for the 10- and 15-working-day deadlines (Art.9, Art.20, Art.22).

A working day is Monday to Friday unless a public holiday (放假), plus the official make-up working
days (调休上班) that fall on weekends, as the State Council's annual notice sets them. The maintained
`chinesecalendar` package knows 2004–2026; for a later year the EIC loads the notice as data (a
`HolidaySchedule` node), which the calendar consults before the package. A day in a year neither
knows is an `UnknownYearError`, never a guess.

Example::

    calendar = await work_calendar(store)
    calendar.add_working_days(date(2025, 1, 24), 10)      # 2025-02-13: 28 Jan-4 Feb off, Sunday 26 Jan and Saturday 8 Feb on
    calendar.working_days_between(date(2025, 9, 26), date(2025, 10, 13))   # 7: 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct on
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants as _library_data

from graph.access import EVERYTHING
from graph.changes import Changes
from graph.errors import GovGraphError, InvalidDataError, Problem
from graph.i18n import _
from graph.labels import Label
from graph.records import Node, PageQuery
from graph.store import MAX_PAGE, GraphStore
from lineage import clock

LIBRARY_YEARS = range(
    min(d.year for d in _library_data.holidays), max(d.year for d in _library_data.holidays) + 1
)
MAX_DAYS = 3660  # no deadline in the Measures is longer than a few weeks; this bounds a walk over the calendar


class UnknownYearError(GovGraphError):
    """A working-day count reaches a year that neither the calendar library nor a loaded schedule knows."""

    code = "CALENDAR_YEAR_UNKNOWN"

    def __init__(self, year: int, known: Sequence[int]) -> None:
        self.year = year
        self.known = list(known)
        super().__init__(
            _("working days of {year} are not known (the calendar knows {years}): the EIC loads the State Council's holiday "
              "notice for {year} with loadHolidaySchedule; a deadline is never guessed", year=year, years=_spans(self.known))
        )


def _spans(years: Sequence[int]) -> str:
    """2004–2026 and 2028, from a sorted list of years."""
    spans: list[tuple[int, int]] = []
    for year in sorted(years):
        if spans and spans[-1][1] == year - 1:
            spans[-1] = (spans[-1][0], year)
        else:
            spans.append((year, year))
    return _(", ").join(f"{a}–{b}" if a != b else str(a) for a, b in spans) or _("no year")


@dataclass(frozen=True)
class Schedule:
    """One year's notice: the days off and the make-up working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str | None = None


class WorkCalendar:
    """The PRC working-day calendar: loaded schedules first, then the `chinesecalendar` package."""

    def __init__(self, schedules: Iterable[Schedule] = ()) -> None:
        self.schedules: Mapping[int, Schedule] = {s.year: s for s in schedules}

    @property
    def known_years(self) -> list[int]:
        return sorted(set(LIBRARY_YEARS) | set(self.schedules))

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day; `UnknownYearError` for a year nobody knows."""
        schedule = self.schedules.get(day.year)
        if schedule is not None:
            return day in schedule.workdays or (day.weekday() < 5 and day not in schedule.holidays)
        if day.year not in LIBRARY_YEARS:
            raise UnknownYearError(day.year, self.known_years)
        return bool(chinese_calendar.is_workday(day))

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (`start` itself does not count): the last day of a deadline."""
        if not 0 <= days <= MAX_DAYS:
            raise InvalidDataError([Problem("input", "days", _("must be between 0 and {limit}, got {value}", limit=MAX_DAYS, value=days))])
        day = start
        while days:
            if day == date.max:
                raise UnknownYearError(date.max.year, self.known_years)
            day += timedelta(days=1)
            if self.is_workday(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_DAYS:
            raise InvalidDataError([Problem("input", "to", _("is more than {limit} days from the start", limit=MAX_DAYS))])
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count


def schedule_of(node: Node) -> Schedule:
    """The schedule a stored `HolidaySchedule` holds."""
    props = node.props
    return Schedule(
        year=int(props["year"]),
        holidays=frozenset(date.fromisoformat(d) for d in props.get("holidays", [])),
        workdays=frozenset(date.fromisoformat(d) for d in props.get("workdays", [])),
        source=props.get("source"),
    )


async def stored_schedules(store: GraphStore) -> list[Node]:
    """Every loaded schedule, by year."""
    page = await store.page(PageQuery(Label.HOLIDAY_SCHEDULE, first=MAX_PAGE), EVERYTHING)
    return sorted(page.nodes, key=lambda n: int(n.props["year"]))


async def work_calendar(store: GraphStore) -> WorkCalendar:
    """The calendar with every schedule the EIC has loaded (schedules are public: no visibility applies)."""
    return WorkCalendar(schedule_of(n) for n in await stored_schedules(store))


def check_schedule(year: int, holidays: Sequence[date], workdays: Sequence[date]) -> None:
    """Raise `InvalidDataError` unless the notice is consistent: every date in `year`, make-up days on
    weekends, no day both off and on."""
    problems = []
    for name, days in (("holidays", holidays), ("workdays", workdays)):
        problems += [Problem("input", name, _("{day} is not in {year}", day=d, year=year)) for d in days if d.year != year]
    problems += [Problem("input", "workdays", _("{day} is a weekday: a make-up working day falls on a weekend", day=d)) for d in workdays if d.weekday() < 5]
    problems += [Problem("input", "workdays", _("{day} is listed both as a holiday and as a working day", day=d)) for d in sorted(set(holidays) & set(workdays))]
    if not holidays:
        problems.append(Problem("input", "holidays", _("a holiday notice lists at least one day off")))
    if problems:
        raise InvalidDataError(problems)


async def load_schedule(
    store: GraphStore, year: int, holidays: Sequence[date], workdays: Sequence[date], source: str | None = None
) -> Node:
    """Store the holiday notice of `year` (replacing an earlier one); the calendar consults it before the package."""
    check_schedule(year, holidays, workdays)
    changes = Changes()
    props = {
        "id": str(year), "year": year, "holidays": sorted(set(holidays)), "workdays": sorted(set(workdays)),
        "source": source, "loaded_at": clock.today(),
    }
    node = changes.upsert_node(Label.HOLIDAY_SCHEDULE, props, "input")
    await store.apply(changes)
    stored = await store.get(Label.HOLIDAY_SCHEDULE, node.key)
    return stored if stored is not None else node
