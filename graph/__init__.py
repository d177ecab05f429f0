"""The district information-resource graph: its vocabulary and the stores that keep it.

`graph` imports nothing from the other packages; `lineage`, `loaders` and `api` build on it.
"""
