"""The command line: the `govgraph` commands and their terminal renderers."""

from api.cli.commands import app, main

__all__ = ["app", "main"]
