"""How the schema is answered fast: the in-place executor, pages and lineages built straight from rows,
the page prefetch, the documents cache, the limits, global IDs and cursors; where a field's value comes
from (`sources`), which the schema declares and the engine reads; and the private parts of strawberry
and graphql-core it relies on (`internals`, the only module that touches them).

Imports no other room of `api` (it knows nothing of the schema it answers): only `graph`, `lineage`.
"""
