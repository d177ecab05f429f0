"""Reads any input file govgraph loads, choosing the reader by the file's suffix: from disk (the
command line) or as bytes with the file's name (a file sent to the service, `POST /api/v1/load`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath

from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from loaders.district_file import parse_district_bytes
from loaders.national_csv import parse_national_csv
from loaders.plan import LoadPlan

PARSERS: dict[str, Callable[[bytes, str], LoadPlan]] = {
    ".yaml": parse_district_bytes,
    ".yml": parse_district_bytes,
    ".json": parse_district_bytes,
    ".csv": parse_national_csv,
}


def _unknown_kind(name: str) -> InvalidDataError:
    kinds = ", ".join(sorted(PARSERS))
    suffix = PurePath(name).suffix
    return InvalidDataError([Problem(name, "", _("unknown file kind {suffix} (loadable: {kinds})", suffix=quote(suffix), kinds=kinds))])


def loadable(name: str) -> bool:
    """Whether a file of this name is one govgraph loads (by its suffix)."""
    return PurePath(name).suffix.lower() in PARSERS


def parse_plan(name: str, data: bytes) -> LoadPlan:
    """Read and validate one file's bytes into a load plan, its problems placed in `name`; nothing is written yet."""
    parser = PARSERS.get(PurePath(name).suffix.lower())
    if parser is None:
        raise _unknown_kind(name)
    return parser(data, name)


def read_plan(path: Path) -> LoadPlan:
    """Read and validate one file into a load plan; nothing is written yet."""
    if not loadable(path.name):
        raise _unknown_kind(str(path))
    if not path.is_file():
        raise InvalidDataError([Problem(str(path), "", _("no such file"))])
    return parse_plan(str(path), path.read_bytes())
