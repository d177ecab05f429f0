"""The embedded store: the graph in memory (networkx), made durable by a journal on local disk.

`EmbeddedStore` is imported when first asked for, so that the store's helper processes
(`python -m graph.embedded.audit_writer`) start without loading the graph's machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]


def __getattr__(name: str) -> object:
    if name == "EmbeddedStore":
        from graph.embedded.store import EmbeddedStore

        return EmbeddedStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
