"""Chooses the store the settings name: Neo4j when a URI is set, else the embedded store."""

from __future__ import annotations

from graph.settings import Settings
from graph.store import GraphStore

MIB = 1024 * 1024
DAY = 24 * 3600


def store_for(settings: Settings, read_only: bool = False) -> GraphStore:
    """A not yet started store for `settings` (use it as `async with store_for(s) as store:`).

    `read_only` asks for a store that only reads: on the embedded store, a view of the data directory
    that another process (`govgraph serve`) may hold and write meanwhile (`graph.embedded.view`)."""
    if settings.neo4j_uri:
        from graph.neo4j import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
            timeout_seconds=settings.store_timeout_seconds,
            connect_timeout_seconds=settings.neo4j_connect_timeout_seconds,
        )
    if read_only:
        from graph.embedded.view import EmbeddedView

        return EmbeddedView(settings.data_dir)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(
        settings.data_dir,
        compact_at_bytes=settings.compact_at_mb * MIB,
        audit_segment_bytes=settings.audit_segment_mb * MIB,
        audit_segment_seconds=settings.audit_segment_days * DAY,
    )
