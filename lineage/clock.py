"""The service's clock: the day and time in Beijing, by which every act of the sharing workflow is dated.

Deadlines count working days of the People's Republic of China, so "today" is China Standard Time
(UTC+8, no daylight saving), whatever time zone the server runs in. The workflow reads the date only
through `today()` and `now()`, so a test (or a demonstration) can fix it by replacing them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")


def now() -> datetime:
    """The current time in China Standard Time."""
    return datetime.now(CHINA)


def today() -> date:
    """Today's date in China."""
    return now().date()
