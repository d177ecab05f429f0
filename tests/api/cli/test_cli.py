"""The `govgraph` command, run as a real process against both stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Neo4jHolder

DATA = ROOT / "tests" / "data"


def govgraph(target: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", *target, *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


@pytest.fixture(params=[pytest.param("embedded", marks=pytest.mark.embedded), pytest.param("neo4j", marks=pytest.mark.neo4j)])
async def target(request: pytest.FixtureRequest, tmp_path: Path, neo4j_holder: Neo4jHolder) -> list[str]:
    """Command-line options selecting an empty store of each kind."""
    if request.param == "embedded":
        return ["--data-dir", str(tmp_path / "store")]
    store = await neo4j_holder.empty(request)
    return ["--neo4j-uri", store.uri]


def test_load_stats_export(target: list[str], tmp_path: Path) -> None:
    loaded = govgraph(target, "load", str(DATA / "small-district.yaml"), str(DATA / "catalog-national.csv"))
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded" in loaded.stdout and "small-district.yaml" in loaded.stdout
    stats = govgraph(target, "stats", "--json")
    counts = json.loads(stats.stdout)
    assert counts["labels"]["Resource"] == 4 and counts["relationships"]["HAS_ITEM"] == 6
    exported = govgraph(target, "export", str(tmp_path / "out.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").startswith('{"format":"govgraph-graph"')


def test_bad_file_exits_1_with_place_and_changes_nothing(target: list[str], tmp_path: Path) -> None:
    govgraph(target, "load", str(DATA / "small-district.yaml"))
    before = govgraph(target, "stats", "--json").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text((DATA / "catalog-national.csv").read_text(encoding="utf-8").replace("每月", "每刻", 1), encoding="utf-8")
    result = govgraph(target, "load", str(bad))
    assert result.returncode == 1
    assert "[INVALID_DATA]" in result.stderr and "bad.csv:4" in result.stderr and "更新周期" in result.stderr
    assert govgraph(target, "stats", "--json").stdout == before


def test_unknown_file_kind(target: list[str], tmp_path: Path) -> None:
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(b"")
    result = govgraph(target, "load", str(path))
    assert result.returncode == 1 and "unknown file kind '.xlsx'" in result.stderr


def test_export_import_between_stores(target: list[str], tmp_path: Path) -> None:
    embedded = ["--data-dir", str(tmp_path / "source")]
    assert govgraph(embedded, "load", str(DATA / "small-district.yaml")).returncode == 0
    assert govgraph(embedded, "export", str(tmp_path / "a.jsonl")).returncode == 0
    imported = govgraph(target, "import", str(tmp_path / "a.jsonl"))
    assert imported.returncode == 0, imported.stderr
    assert govgraph(target, "export", str(tmp_path / "b.jsonl")).returncode == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_import_rejects_a_bad_export(target: list[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"format":"govgraph-graph","version":1}\n{"node":"Resource","key":"x","props":{"code":"x"}}\n', encoding="utf-8")
    result = govgraph(target, "import", str(path))
    assert result.returncode == 1 and "bad.jsonl:2" in result.stderr
    assert json.loads(govgraph(target, "stats", "--json").stdout)["labels"] == {}


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "GOVGRAPH_DATA_DIR": str(tmp_path / "env-store")}
    result = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "load", str(DATA / "small-district.yaml")],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env-store" / "snapshot.jsonl").exists()


def test_serve_tunes_the_cyclic_collector_before_it_serves(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in process with uvicorn stood in for: what `serve` leaves the collector at when it starts serving."""
    import gc

    import uvicorn
    from typer.testing import CliRunner

    from api.cli import commands as cli

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(threshold=gc.get_threshold(), frozen=gc.get_freeze_count()))
    before = gc.get_threshold()
    try:
        result = CliRunner().invoke(cli.app, ["--data-dir", str(tmp_path), "serve", "--port", "8999"])
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    assert seen["threshold"] == cli.GC_THRESHOLDS == (200_000, 20, 20)
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 0


@pytest.mark.parametrize(("flags", "environ", "fast"), [
    pytest.param([], {}, True, id="default-on"),
    pytest.param(["--no-fast-path"], {}, False, id="flag-off"),
    pytest.param([], {"GOVGRAPH_FAST_PATH": "false"}, False, id="variable-off"),
    pytest.param(["--fast-path"], {"GOVGRAPH_FAST_PATH": "false"}, True, id="flag-wins"),
])
def test_serve_answers_with_the_fast_path_unless_told_not_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, flags: list[str], environ: dict[str, str], fast: bool
) -> None:
    """`serve --no-fast-path` (or GOVGRAPH_FAST_PATH=false) serves with strawberry's own executor."""
    import gc

    import uvicorn
    from starlette.routing import Route
    from typer.testing import CliRunner

    from api.cli import commands as cli
    from api.engine.executor import takes_answers

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(app=app))
    monkeypatch.delenv("GOVGRAPH_FAST_PATH", raising=False)  # a run of the suite with the fast path off sets it
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    before = gc.get_threshold()
    try:
        result = CliRunner().invoke(cli.app, ["--data-dir", str(tmp_path), "serve", "--port", "8999", *flags])
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    graphql = next(r for r in seen["app"].routes if isinstance(r, Route) and r.path == "/graphql")  # type: ignore[attr-defined]
    assert takes_answers(graphql.endpoint.__self__.schema) is fast
