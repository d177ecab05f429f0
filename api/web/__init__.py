"""The web: the starlette app and its endpoints (GraphQL over HTTP, OpenLineage, the open catalog),
bearer-token authentication and development tokens, GraphiQL, the lineage explorer, the annual report page.

May import `api.schema` and `api.engine`; never `api.cli`.
"""
