"""Reads any input file govgraph loads, choosing the reader by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from loaders.district_file import read_district_file
from loaders.national_csv import read_national_csv
from loaders.plan import LoadPlan

READERS = {".yaml": read_district_file, ".yml": read_district_file, ".json": read_district_file, ".csv": read_national_csv}


def read_plan(path: Path) -> LoadPlan:
    """Read and validate one file into a load plan; nothing is written yet."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(sorted(READERS))
        raise InvalidDataError([Problem(str(path), "", _("unknown file kind {suffix} (loadable: {kinds})", suffix=quote(path.suffix), kinds=kinds))])
    if not path.is_file():
        raise InvalidDataError([Problem(str(path), "", _("no such file"))])
    return reader(path)
