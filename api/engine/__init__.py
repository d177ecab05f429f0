"""The engine that answers the schema fast: the in-place executor, answers from rows, page prefetch, documents cache, limits."""
