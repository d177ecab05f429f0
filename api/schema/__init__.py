"""The GraphQL schema: strawberry types and root fields, one module per domain."""
