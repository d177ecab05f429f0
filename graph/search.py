"""What a search means, for every store: its text and terms, how a match ranks, its facets, its order.

A search looks for text across the kinds people name (resources, their data items, catalogs,
departments, systems, consumers). The text is split into terms at whitespace; a node matches when
every term is found in it, and ranks by how well it matched (`Tier`):

1. EXACT — its code or name is the whole text;
2. PREFIX — its code or name starts with the whole text;
3. TERMS — every term is in its name, or is a prefix of its code;
4. SUBSTRING — every term is somewhere in it (its name or code as above, or its summary).

Matches come in tier order, then by kind (`KIND_ORDER`: resources first), then shorter names first
(closer to the text), then by code: `sort_key`, which is also what a page's cursor holds. Case plays no
part; the text typed is normalised (NFKC: full-width letters, digits and spaces to ordinary ones).

Example: `户籍 人口` finds 户籍人口基本信息 (TERMS), and `101001/000001#公民身份号码` finds that data
item (EXACT). Each store answers `GraphStore.search` with exactly these rules (the embedded store
with `tier` itself, Neo4j with the same rules written in Cypher); the contract tests compare them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from graph.errors import InvalidArgumentError
from graph.i18n import _, quote
from graph.labels import Direction, Label, RelType
from graph.records import Node, Step

MAX_TEXT = 100  # characters of search text: enough for any name or code, and a bound on the work
MAX_TERMS = 8
MAX_FILTER_VALUES = 50
# The kinds searched, in the order their matches come within a tier: what people look for most first.
KIND_ORDER: tuple[Label, ...] = (Label.RESOURCE, Label.DATA_ITEM, Label.CATALOG, Label.DEPARTMENT, Label.SYSTEM, Label.CONSUMER)
KIND_RANK: Mapping[Label, int] = {label: i for i, label in enumerate(KIND_ORDER)}
# Besides the name and the code, the properties whose text a term may be found in (SUBSTRING).
OTHER_TEXT: Mapping[Label, tuple[str, ...]] = {Label.RESOURCE: ("summary",)}


class Tier(IntEnum):
    """How well a node matched the text (lower is better)."""

    EXACT = 0
    PREFIX = 1
    TERMS = 2
    SUBSTRING = 3


class Facet:
    """The facets a search counts its matches by, and filters them on (their stored names)."""

    KIND = "kind"  # the node's label
    DEPARTMENT = "department"  # the department answerable for it: a resource's (or item's) provider, a system's operator, a catalog's maintainer, a consumer's department, a department itself
    CATALOG_KIND = "catalog_kind"  # the kinds of the catalogs a resource (or its item's resource) is listed in; a catalog's own kind
    SHARE_TYPE = "share_type"  # of a resource, or of an item's resource
    OPEN_TYPE = "open_type"
    UPDATE_CYCLE = "update_cycle"
    ALL = (KIND, DEPARTMENT, CATALOG_KIND, SHARE_TYPE, OPEN_TYPE, UPDATE_CYCLE)


def normalise(text: str) -> str:
    """The text as it is compared: NFKC (full-width forms to ordinary ones), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def check_text(text: str) -> str:
    """The normalised search text, or an `InvalidArgumentError` saying what is wrong with it."""
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text[: MAX_TEXT * 4]):
        raise InvalidArgumentError(_("the search text holds control characters"))
    if len(text) > MAX_TEXT * 4:  # before any work on it: 10 KB of text is refused at once
        raise InvalidArgumentError(_("the search text is longer than {limit} characters", limit=MAX_TEXT))
    normal = normalise(text)
    if not normal:
        raise InvalidArgumentError(_("the search text is empty"))
    if len(normal) > MAX_TEXT:
        raise InvalidArgumentError(_("the search text is longer than {limit} characters", limit=MAX_TEXT))
    if len(normal.split(" ")) > MAX_TERMS:
        raise InvalidArgumentError(_("the search text has more than {limit} terms", limit=MAX_TERMS))
    return normal


@dataclass(frozen=True)
class SearchQuery:
    """A search: the normalised `text` (see `check_text`), the kinds searched, and facet filters.

    `where` maps a facet (`Facet`) to the values a match must have one of (a match without that facet,
    e.g. a department filtered on share type, is left out). `first` matches are answered after the
    sort key `after` (a previous page's last `SearchHit.sort_key`). `count` asks for the total too.
    """

    text: str
    kinds: tuple[Label, ...] = KIND_ORDER
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    first: int = 20
    after: tuple[int, int, int, str] | None = None
    count: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.text.split(" ")))

    def values(self, facet: str) -> tuple[str, ...] | None:
        return next((values for name, values in self.where if name == facet), None)


def check_search(query: SearchQuery) -> None:
    """Reject a query no store should run: bad text, kinds not searched, unknown facets, too many values."""
    if query.text != check_text(query.text):
        raise InvalidArgumentError("the search text is not normalised (use graph.search.check_text)")
    if not 1 <= query.first <= 100:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="first", limit=100, value=query.first))
    if not query.kinds or any(kind not in KIND_RANK for kind in query.kinds):
        raise InvalidArgumentError(_("a search looks among {kinds}", kinds=_(", ").join(k.value for k in KIND_ORDER)))
    for facet, values in query.where:
        if facet == Facet.KIND or facet not in Facet.ALL:
            raise InvalidArgumentError(_("there is no facet {facet} to filter on (kinds are chosen with `kinds`)", facet=quote(facet)))
        if not 1 <= len(values) <= MAX_FILTER_VALUES:
            raise InvalidArgumentError(_("the filter on {facet} takes 1 to {limit} values, got {count}", facet=facet, limit=MAX_FILTER_VALUES, count=len(values)))


def tier(key: str, props: Mapping[str, Any], other_fields: Sequence[str], text: str, terms: Sequence[str]) -> Tier | None:
    """How a node with `key` and `props` matches the normalised `text` and its `terms`, if it does.

    Stored text is compared in lower case only (Neo4j answers the same rules in Cypher, which has no
    NFKC): the query is normalised, the stored names are taken as written."""
    code = key.lower()
    name = str(props.get("name") or "").lower()
    if code == text or name == text:
        return Tier.EXACT
    if code.startswith(text) or name.startswith(text):
        return Tier.PREFIX
    if all(term in name or code.startswith(term) for term in terms):
        return Tier.TERMS
    others = [str(props.get(f) or "").lower() for f in other_fields]
    if all(term in name or code.startswith(term) or any(term in other for other in others) for term in terms):
        return Tier.SUBSTRING
    return None


SortKey = tuple[int, int, int, str]


def sort_key(rank: Tier, label: Label, name: str, key: str) -> SortKey:
    """Where a match stands among all matches (see the module's docstring)."""
    return (int(rank), KIND_RANK[label], len(name), key)


@dataclass(frozen=True)
class FacetValues:
    """What a match counts under for each facet (see `Facet`); a tuple per facet, empty when it has none."""

    label: Label
    values: Mapping[str, tuple[str, ...]]

    def passes(self, where: Iterable[tuple[str, tuple[str, ...]]], but: str | None = None) -> bool:
        """Whether it has one of the values each filter lists (the filter on `but` aside)."""
        return all(facet == but or any(v in values for v in self.values.get(facet, ())) for facet, values in where)


@dataclass(frozen=True)
class SearchHit:
    """A match: the node (all its properties), how it matched, and its sort key (a page's cursor)."""

    node: Node
    tier: Tier
    sort_key: SortKey


@dataclass(frozen=True)
class SearchPage:
    """The `first` matches after the query's cursor, whether more follow, and the total if counted."""

    hits: list[SearchHit]
    has_next: bool
    total: int | None = None


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


def facet_counts(rows: Iterable[FacetValues], query: SearchQuery) -> dict[str, list[FacetCount]]:
    """Per facet, how many matches have each value, most first, then by value. Each facet is counted
    under the query's other filters (choosing a value then shows what the others would give); kinds
    are counted over every kind searched, the other facets over the query's kinds. `rows` are the
    facet values of every match of the text, of every kind, before any filter."""
    where = [(facet, frozenset(values)) for facet, values in query.where]
    kinds = frozenset(query.kinds)
    counts: dict[str, dict[str, int]] = {facet: {} for facet in Facet.ALL}
    by_kind = counts[Facet.KIND]
    for row in rows:
        own = row.values
        failed = [facet for facet, wanted in where if wanted.isdisjoint(own.get(facet, ()))]
        if len(failed) > 1:
            continue  # counted under no facet: another filter than any one facet's own leaves it out
        if not failed:
            name = row.label.value
            by_kind[name] = by_kind.get(name, 0) + 1
        if row.label not in kinds:
            continue
        for facet, values in own.items():
            if not failed or failed[0] == facet:
                tally = counts[facet]
                for value in values:
                    tally[value] = tally.get(value, 0) + 1
    return {
        facet: [FacetCount(v, n) for v, n in sorted(tally.items(), key=lambda item: (-item[1], item[0]))]
        for facet, tally in counts.items()
    }


# Where a match's facet values come from. A resource counts under its own share type, open type,
# update cycle and catalogs' kinds, a data item under its resource's; each kind has a department
# answerable for it, found along one step (from the item's resource for an item).
RESOURCE_OF: Mapping[Label, Step | None] = {Label.RESOURCE: None, Label.DATA_ITEM: Step(RelType.HAS_ITEM, Direction.IN)}
RESOURCE_FACETS: Mapping[str, str] = {Facet.SHARE_TYPE: "share_type", Facet.OPEN_TYPE: "open_type", Facet.UPDATE_CYCLE: "update_cycle"}
CATALOGS_OF_RESOURCE = Step(RelType.LISTED_IN, Direction.OUT)
PROVIDER_OF_RESOURCE = Step(RelType.PROVIDES, Direction.IN)
DEPARTMENT_OF: Mapping[Label, Step | None] = {
    Label.DEPARTMENT: None,
    Label.SYSTEM: Step(RelType.OPERATES, Direction.IN),
    Label.CATALOG: Step(RelType.MAINTAINS, Direction.IN),
    Label.CONSUMER: Step(RelType.ACTS_FOR, Direction.OUT),
}
