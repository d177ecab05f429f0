"""A year's holiday notice (the State Council's 放假安排) as a file the EIC loads with
`govgraph holidays load FILE`, for a year the built-in calendar does not know yet.

    govgraph: holidays/1
    year: 2027
    source: 国办发明电〔2026〕X号
    holidays: [2027-01-01, 2027-02-05..2027-02-11]   # days off; `A..B` is every day from A to B
    workdays: [2027-02-13]                           # make-up working days on weekends (调休上班)

The file is read and its dates parsed here; `lineage.workdays.load_schedule` checks the notice and stores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from loaders import bounded_yaml

MARKER = "holidays/1"


@dataclass(frozen=True)
class Notice:
    """The dates of one year's notice."""

    year: int
    holidays: list[date]
    workdays: list[date]
    source: str | None


def _dates(where: str, field: str, values: Any) -> list[date]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise InvalidDataError([Problem(where, field, _("must be a list of dates"))])
    found: list[date] = []
    for value in values:
        try:
            if isinstance(value, date):
                found.append(value)
            elif isinstance(value, str) and ".." in value:
                first, last = (date.fromisoformat(part.strip()) for part in value.split("..", 1))
                if last < first:
                    raise ValueError(_("{value} ends before it starts", value=quote(value)))
                found += [first + timedelta(days=n) for n in range((last - first).days + 1)]
            else:
                found.append(date.fromisoformat(str(value)))
        except ValueError as e:
            raise InvalidDataError([Problem(where, field, _("{value} is not a date or a range A..B: {detail}", value=quote(value), detail=quote(str(e), 120)))]) from None
    return found


def read_notice(path: Path) -> Notice:
    """The notice in `path`, or `InvalidDataError` naming the file and the field."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidDataError([Problem(where, "", _("cannot read it: {detail}", detail=getattr(e, "strerror", None) or e))]) from None
    data = bounded_yaml.load(text, where)
    if not isinstance(data, dict) or data.get("govgraph") != MARKER:
        raise InvalidDataError([Problem(where, "govgraph", _("the file must start with `govgraph: {format}`", format=MARKER))])
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise InvalidDataError([Problem(where, "year", _("is required, as a number"))])
    source = data.get("source")
    return Notice(year, _dates(where, "holidays", data.get("holidays")), _dates(where, "workdays", data.get("workdays")), None if source is None else str(source))
