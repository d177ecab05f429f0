"""Content negotiation: reading an HTTP Accept header (RFC 9110 §12.5.1)."""

from __future__ import annotations


def accept_weights(accept: str) -> dict[str, float]:
    """The media ranges of an Accept header with their weights (`q`: 1 when absent, 0 when unreadable)."""
    weights: dict[str, float] = {}
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        if not kind:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        weights[kind.lower()] = q
    return weights
