"""Working days of the PRC (POLICY.md "Working days"): weekends and public holidays off, make-up
Saturdays and Sundays (调休) on; a year nobody knows is an error, and a year's notice loads as data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.errors import InvalidDataError
from graph.store import GraphStore
from lineage.workdays import LIBRARY_YEARS, Schedule, UnknownYearError, WorkCalendar, load_schedule, work_calendar

CALENDAR = WorkCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


# A 2027 notice as the EIC would load it (a test schedule in the State Council's form, not the real notice).
HOLIDAYS_2027 = [date(2027, 1, 1), *days(date(2027, 2, 5), date(2027, 2, 11)), *days(date(2027, 10, 1), date(2027, 10, 7))]
WORKDAYS_2027 = [date(2027, 2, 13), date(2027, 9, 26), date(2027, 10, 9)]


@pytest.mark.parametrize(
    ("start", "end", "off"),
    [
        pytest.param(date(2024, 2, 10), date(2024, 2, 17), True, id="spring-festival-2024"),
        pytest.param(date(2024, 10, 1), date(2024, 10, 7), True, id="national-day-2024"),
        pytest.param(date(2025, 1, 28), date(2025, 2, 4), True, id="spring-festival-2025"),
        pytest.param(date(2025, 10, 1), date(2025, 10, 8), True, id="national-day-2025"),
    ],
)
def test_the_golden_weeks_are_off(start: date, end: date, off: bool) -> None:
    assert [d for d in days(start, end) if CALENDAR.is_workday(d)] == []


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2024, 2, 4), id="2024-02-04-sunday-before-spring-festival"),
        pytest.param(date(2024, 2, 18), id="2024-02-18-sunday-after-spring-festival"),
        pytest.param(date(2024, 9, 29), id="2024-09-29-sunday-before-national-day"),
        pytest.param(date(2024, 10, 12), id="2024-10-12-saturday-after-national-day"),
        pytest.param(date(2025, 1, 26), id="2025-01-26-sunday-before-spring-festival"),
        pytest.param(date(2025, 2, 8), id="2025-02-08-saturday-after-spring-festival"),
        pytest.param(date(2025, 9, 28), id="2025-09-28-sunday-before-national-day"),
        pytest.param(date(2025, 10, 11), id="2025-10-11-saturday-after-national-day"),
    ],
)
def test_make_up_weekend_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert CALENDAR.is_workday(day)


def test_an_ordinary_weekend_is_off_and_a_weekday_on() -> None:
    assert not CALENDAR.is_workday(date(2025, 3, 8)) and not CALENDAR.is_workday(date(2025, 3, 9))
    assert CALENDAR.is_workday(date(2025, 3, 10))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Art.20: 10 working days. Friday 9 Feb 2024 is the last day before the break; the next is Sunday 18 Feb.
        pytest.param(date(2024, 2, 9), 1, date(2024, 2, 18), id="2024-spring-next-working-day-is-a-sunday"),
        pytest.param(date(2024, 2, 8), 10, date(2024, 2, 28), id="2024-spring-10"),
        pytest.param(date(2024, 9, 27), 10, date(2024, 10, 16), id="2024-national-10"),
        pytest.param(date(2025, 1, 24), 10, date(2025, 2, 13), id="2025-spring-10"),
        pytest.param(date(2025, 9, 26), 10, date(2025, 10, 16), id="2025-national-10"),
        # Art.22: 15 working days.
        pytest.param(date(2025, 9, 26), 15, date(2025, 10, 23), id="2025-national-15"),
        pytest.param(date(2025, 3, 3), 10, date(2025, 3, 17), id="ordinary-two-weeks"),
        pytest.param(date(2025, 3, 3), 0, date(2025, 3, 3), id="zero"),
    ],
)
def test_add_working_days(start: date, n: int, due: date) -> None:
    assert CALENDAR.add_working_days(start, n) == due
    if n:
        assert CALENDAR.working_days_between(start, due) == n
        assert CALENDAR.working_days_between(due, start) == -n


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    # 26 Sep to 13 Oct 2025: Sunday 28 Sep, 29-30 Sep, 9-10 Oct, Saturday 11 Oct, Monday 13 Oct.
    assert CALENDAR.working_days_between(date(2025, 9, 26), date(2025, 10, 13)) == 7
    assert CALENDAR.working_days_between(date(2025, 10, 1), date(2025, 10, 8)) == 0


def test_a_year_nobody_knows_is_an_error_never_a_guess() -> None:
    assert LIBRARY_YEARS[-1] == 2026
    with pytest.raises(UnknownYearError) as raised:
        CALENDAR.add_working_days(date(2026, 12, 24), 10)
    assert raised.value.code == "CALENDAR_YEAR_UNKNOWN" and raised.value.year == 2027
    assert "2004–2026" in raised.value.message and "loadHolidaySchedule" in raised.value.message
    with pytest.raises(UnknownYearError):
        CALENDAR.is_workday(date(2003, 6, 2))


def test_a_loaded_schedule_is_consulted_before_the_library() -> None:
    # An override of 2025 that (for the test) makes 2 Oct a working day.
    override = Schedule(2025, frozenset(days(date(2025, 10, 1), date(2025, 10, 8))) - {date(2025, 10, 2)}, frozenset())
    calendar = WorkCalendar([override])
    assert calendar.is_workday(date(2025, 10, 2)) and not CALENDAR.is_workday(date(2025, 10, 2))
    assert not calendar.is_workday(date(2025, 9, 28))  # the override has no make-up days


async def test_a_2027_schedule_loaded_as_data_counts_on_both_stores(store: GraphStore) -> None:
    await load_schedule(store, 2027, HOLIDAYS_2027, WORKDAYS_2027, "测试用2027年放假安排")
    calendar = await work_calendar(store)
    assert calendar.known_years[-1] == 2027
    # Thursday 24 Dec 2026 + 10: 25, 28-31 Dec; 1 Jan is off; 4-8 Jan.
    assert calendar.add_working_days(date(2026, 12, 24), 10) == date(2027, 1, 8)
    # Spring Festival 2027: 5-11 Feb off, Saturday 13 Feb on.
    assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert calendar.add_working_days(date(2027, 2, 12), 1) == date(2027, 2, 13)
    # National Day 2027: 1-7 Oct off; Sunday 26 Sep and Saturday 9 Oct on: 26-30 Sep, 8-9 Oct, 11 Oct.
    assert calendar.working_days_between(date(2027, 9, 24), date(2027, 10, 11)) == 8
    with pytest.raises(UnknownYearError):
        calendar.add_working_days(date(2027, 12, 24), 10)
    # Loading the year again replaces the notice.
    await load_schedule(store, 2027, [date(2027, 1, 1)], [])
    assert (await work_calendar(store)).add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 5)


@pytest.mark.parametrize(
    ("holidays", "workdays", "reason"),
    [
        pytest.param([date(2026, 12, 31)], [], "不在 2027 年内", id="wrong-year"),
        pytest.param([date(2027, 1, 1)], [date(2027, 1, 4)], "调休上班日应在周末", id="make-up-on-a-weekday"),
        pytest.param([date(2027, 2, 13)], [date(2027, 2, 13)], "同时列为放假日和上班日", id="both"),
        pytest.param([], [], "至少要列出一个放假日", id="empty"),
    ],
)
async def test_an_inconsistent_notice_is_refused(store: GraphStore, holidays: list[date], workdays: list[date], reason: str) -> None:
    with pytest.raises(InvalidDataError) as raised:
        await load_schedule(store, 2027, holidays, workdays)
    assert any(reason in p.reason for p in raised.value.problems)
    assert (await work_calendar(store)).known_years[-1] == 2026
