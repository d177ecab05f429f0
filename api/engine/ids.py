"""Global IDs (Relay `Node.id`) and page cursors: opaque to clients, checked when they come back."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from graph.errors import InvalidArgumentError
from graph.i18n import _, quote
from graph.labels import Label
from graph.records import NodeRef


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def _encode(text: str) -> str:
    # `base64.urlsafe_b64encode`, without its two Python calls: an answer encodes hundreds of IDs.
    return binascii.b2a_base64(text.encode("utf-8"), newline=False).translate(_URL_SAFE).decode("ascii")


def _decode(value: str, what: str) -> str:
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise InvalidArgumentError(_("{value} is not a valid {what}", value=quote(value), what=what)) from None


@lru_cache(maxsize=65536)  # an ID depends on the node alone; lineage answers name the same nodes again and again
def global_id(label: Label, key: str) -> str:
    return _encode(f"{label._value_}:{key}")  # `.value` is a Python property: read the field


class GlobalIds(dict[NodeRef, str]):
    """The global IDs of one answer's nodes: a lineage's edges name its nodes again, and `ids[ref]` is
    then a dictionary look-up with no Python call (cheaper than asking `global_id`'s cache); or `ids(ref)`."""

    def __missing__(self, ref: NodeRef) -> str:
        found = self[ref] = global_id(ref.label, ref.key)
        return found

    def __call__(self, ref: NodeRef) -> str:
        return self[ref]


def parse_global_id(value: str) -> NodeRef:
    text = _decode(value, "node ID")
    label, sep, key = text.partition(":")
    if not sep or not key:
        raise InvalidArgumentError(_("{value} is not a valid node ID", value=quote(value)))
    try:
        return NodeRef(Label(label), key)
    except ValueError:
        raise InvalidArgumentError(_("{value} is not a valid node ID", value=quote(value))) from None


def cursor(key: str) -> str:
    return _encode(f"after:{key}")


def parse_cursor(value: str | None) -> str | None:
    if value is None:
        return None
    text = _decode(value, "cursor")
    if not text.startswith("after:"):
        raise InvalidArgumentError(_("{value} is not a valid cursor", value=quote(value)))
    return text.removeprefix("after:")


def search_cursor(sort_key: tuple[int, int, int, str]) -> str:
    """A search match's cursor: where it stands among all matches (`graph.search.sort_key`)."""
    tier, kind, length, key = sort_key
    return _encode(f"search:{tier}:{kind}:{length}:{key}")


def parse_search_cursor(value: str | None) -> tuple[int, int, int, str] | None:
    if value is None:
        return None
    try:
        parts = _decode(value, "cursor").split(":", 4)
    except InvalidArgumentError:
        parts = []
    if len(parts) != 5 or parts[0] != "search" or not all(p.isdigit() and len(p) < 6 for p in parts[1:4]) or not parts[4]:
        raise InvalidArgumentError(_("{value} is not a valid search cursor", value=quote(value)))
    return int(parts[1]), int(parts[2]), int(parts[3]), parts[4]
