"""How a sentence names what it is about: a department by its short name (区卫健委), a resource, system,
catalog, consumer, platform or project by its name in 「」, an item by its name; the codes stay in the
structured fields beside the message (a finding's subject and related nodes, a GraphQL error's
`extensions`) for machines. A node without a name on record is named by its code.

Example::

    named(department)                       # 区卫健委
    named(resource)                         # 「人口基础信息」
    await names(store, Label.DEPARTMENT, ["111101075771478671"])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.i18n import N_, _
from graph.labels import Label
from graph.records import Node
from graph.store import GraphStore
from graph.terms import Term

QUOTED = frozenset({Label.RESOURCE, Label.SYSTEM, Label.CATALOG, Label.CONSUMER, Label.PLATFORM, Label.PROJECT})


def spelled(label: Label, key: str, props: Mapping[str, object] | None) -> str:
    """The name of the node `label`/`key` with these properties, as a sentence writes it."""
    props = props or {}
    if label is Label.DEPARTMENT:
        return str(props.get("short_name") or props.get("name") or key)
    name = props.get("name")
    if not name:
        return key
    return f"「{name}」" if label in QUOTED else str(name)


def named(node: Node) -> str:
    """`node` as a sentence names it."""
    return spelled(node.label, node.key, node.props)


async def names(store: GraphStore, label: Label, keys: Iterable[str | None]) -> dict[str, str]:
    """The names of the `label` nodes with these keys, in one read; a key with no node is named by itself."""
    wanted = sorted({k for k in keys if k})
    found = await store.get_many(label, wanted) if wanted else {}
    return {k: named(found[k]) if k in found else k for k in wanted}


async def name(store: GraphStore, label: Label, key: str | None) -> str:
    """The name of one node (its key when it has none on record; 'unknown' in words when there is no key)."""
    if not key:
        return _("unknown")
    return (await names(store, label, [key]))[key]


_CROSS = {"department": N_("cross-department"), "level": N_("cross-level"), "domain": N_("cross-domain")}


def cross_kinds(kinds: Iterable[str]) -> str:
    """What a cross-sharing system crosses, in words: cross-department/cross-level (跨部门/跨层级), Art.15."""
    return "/".join(_(_CROSS[k]) if k in _CROSS else k for k in kinds)


def word(term: type[Term], value: object) -> str:
    """A stored code as a sentence says it (the Chinese term, or the code in English); an unknown code as it is."""
    try:
        return term.parse(str(value)).label
    except ValueError:
        return str(value)
