"""The private parts of strawberry and graphql-core the engine relies on (`api.engine.internals`) are
still what it takes them to be on the installed versions; when one is not, this fails naming them and
the versions, before any answer can go wrong."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from api.engine import internals
from api.engine.internals import StrawberryExecutionContext, assumptions, versions
from api.schema.build import build_schema


def _check() -> None:
    problems = assumptions(build_schema())
    if problems:
        pytest.fail(
            f"the engine's assumptions about strawberry and graphql-core no longer hold on {versions()} "
            "(api/engine/internals.py; keep pyproject.toml's bounds until they do):\n  " + "\n  ".join(problems),
            pytrace=False,
        )


def test_the_engines_assumptions_hold_on_the_installed_versions() -> None:
    _check()


def test_a_changed_method_of_the_executor_is_reported_with_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    def execute_field(self: Any, parent_type: Any, source: Any, field_nodes: Any, path: Any) -> Any:  # graphql-core 3.2's parameters
        raise AssertionError("never called")

    monkeypatch.setattr(StrawberryExecutionContext, "execute_field", execute_field)
    with pytest.raises(pytest.fail.Exception) as failed:
        _check()
    message = str(failed.value)
    assert "ExecutionContext.execute_field takes ('self', 'parent_type', 'source', 'field_nodes', 'path')" in message
    assert "strawberry-graphql 0." in message and "graphql-core 3." in message


def test_a_lost_attribute_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(internals, "FIELD_ATTRIBUTES", (*internals.FIELD_ATTRIBUTES, "no_such_attribute"))
    assert any("has no `no_such_attribute`" in problem for problem in assumptions(build_schema()))


# Modules the engine may import from strawberry and graphql-core directly: their public ones. Anything
# else goes through `api.engine.internals`.
PUBLIC = {"strawberry", "strawberry.extensions", "graphql", "graphql.pyutils"}
ENGINE = Path(__file__).resolve().parents[3] / "api" / "engine"


def test_only_internals_imports_private_parts_of_strawberry_and_graphql_core() -> None:
    private = []
    for path in sorted(ENGINE.glob("*.py")):
        if path.name == "internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            private += [f"{path.name}: {name}" for name in names if name.split(".")[0] in ("strawberry", "graphql") and name not in PUBLIC]
    assert not private, private
