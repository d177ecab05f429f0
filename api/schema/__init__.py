"""The GraphQL schema: strawberry types and root fields, one module per domain (`query`, `lineage`,
`sharing`, `migration`, `compliance`, `mutation`), the node types (`nodes`), connections, enums,
payloads, the request context and its DataLoaders, and the schema builder (`build`).

May import `api.engine` (and `graph`, `lineage`, `loaders`); never `api.web` or `api.cli`.
"""
