"""The embedded store: the graph in memory (networkx), made durable by a journal on local disk."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
