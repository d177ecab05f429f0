"""The Neo4j store: the async official driver, with every Cypher statement kept in `graph.neo4j.cypher`."""

from graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
