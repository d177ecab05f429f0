"""The command line: the `govgraph` commands (`commands`) and their terminal renderers.

May import every other room of `api`. `main` is the console script's entry point (`api.cli:main`).
"""

from api.cli.commands import app, main

__all__ = ["app", "main"]
