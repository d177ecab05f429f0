"""The SDL the web app generates its types from (web/app/schema.graphql) is the schema the server serves."""

from __future__ import annotations

from api.cli.sdl import DEFAULT_PATH, sdl


def test_the_committed_sdl_matches_the_schema() -> None:
    committed = DEFAULT_PATH.read_text(encoding="utf-8")
    assert committed == sdl(), "web/app/schema.graphql is stale: run `.venv/bin/python -m api.cli.sdl` and commit it"


def test_the_sdl_defines_what_it_uses() -> None:
    text = sdl()
    # Self-contained for code generators: federation's directives and scalars are defined, not only used.
    assert "directive @key(" in text and "scalar _FieldSet" in text
    assert '"""无条件共享"""\n  UNCONDITIONAL' in text  # enum values carry their Chinese terms (the app's labels, for now)
