"""The schema as SDL, for front-ends' code generators: `python -m api.cli.sdl [PATH]` (default web/app/schema.graphql).

The web app generates its TypeScript types (and, until the API serves them, its enum labels) from
this file, so it is committed; `tests/api/test_sdl.py` fails when it no longer matches the schema.
It is the executable schema printed whole (federation's directives and scalars defined), so any
GraphQL tool can read it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphql import print_schema

from api.schema.build import build_schema

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "web" / "app" / "schema.graphql"
HEADER = "# The govgraph GraphQL schema, for code generators. Made by `python -m api.cli.sdl`; do not edit.\n\n"


def sdl() -> str:
    """The SDL of the schema the service serves (introspection on)."""
    return HEADER + print_schema(build_schema()._schema) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    path.write_text(sdl(), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
