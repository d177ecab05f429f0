"""Who is asking (a principal) and what they may see (a visibility), as plain data the stores apply.

The rules that say which principal sees what are policy (Art.18, Art.24, Art.29) and live in
`lineage.access`; the stores only apply a `Visibility` inside their queries, so totals, cursors,
search results and lineage never reveal what a principal may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph.labels import Label
from graph.records import LinkFilter, PropertyFilter


class Role(str, Enum):
    """A role a token grants (DESIGN.md, issue on access): from the public up to the leading group."""

    DEPARTMENT_USER = "DEPARTMENT_USER"
    DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN"
    EIC = "EIC"
    LEADING_GROUP = "LEADING_GROUP"


@dataclass(frozen=True)
class Principal:
    """The caller: a department and roles, or the public (no department, no roles)."""

    department: str | None = None
    roles: frozenset[Role] = frozenset()
    subject: str = "public"

    @property
    def is_public(self) -> bool:
        return not self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles


PUBLIC = Principal()


@dataclass(frozen=True)
class Match:
    """Every property filter and every link filter holds (an AND)."""

    where: tuple[PropertyFilter, ...] = ()
    linked: tuple[LinkFilter, ...] = ()


@dataclass(frozen=True)
class Visibility:
    """Per label, the nodes a principal may see: any of the matches (an OR); a label absent from
    `rules` is wholly visible, and a label mapped to no matches is wholly hidden."""

    rules: dict[Label, tuple[Match, ...]] = field(default_factory=dict)

    def restricts(self, label: Label) -> bool:
        return label in self.rules


EVERYTHING = Visibility()
