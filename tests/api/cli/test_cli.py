"""The `govgraph` command, run as a real process against both stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Neo4jHolder

DATA = ROOT / "tests" / "data"


def govgraph(target: list[str], *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", *target, *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", **(env or {})},
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
    assert loaded.stdout.startswith("已载入 ") and "small-district.yaml" in loaded.stdout and "个节点" in loaded.stdout
    table = govgraph(target, "stats").stdout
    assert "类别" in table and "节点" in table and "Resource" in table
    english = govgraph(["--lang", "en", *target], "stats").stdout
    assert "kind" in english and "relationship" in english and "类别" not in english
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
    assert result.returncode == 1 and "无法识别的文件类型「.xlsx」" in result.stderr


SEVERAL_MISTAKES = """\
信息资源分类,信息资源名称,信息资源代码,信息资源提供方,信息资源提供方代码,信息项名称,数据类型,共享类型,更新周期,关联资源代码
部门,人口信息,101001/000009,区统计局,SJS-TJJ,姓名,C,无条件共享,每天,
部门,人口信息,101001/000009,区统计局,SJS-TJJ,性别,C,无条件共享,每日,101001/000001
部门,法人信息,101001/000010,区统计局,SJS-TJJ,名称,X,无条件共享,每刻,
主题/经济运行,统计月报,101001/000011,区统计局,SJS-TJJ,,,随便共享,每月,999999/000001
"""


def test_each_problem_of_a_file_gets_its_own_line_and_nothing_is_written(target: list[str], tmp_path: Path) -> None:
    govgraph(target, "load", str(DATA / "small-district.yaml"))
    before = govgraph(target, "stats", "--json").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(SEVERAL_MISTAKES, encoding="utf-8")
    result = govgraph(target, "load", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error [INVALID_DATA] {bad}:3 关联资源代码: 与同一资源「101001/000009」的第 2 行不一致：第 2 行为「」，本行为「101001/000001」",
        f"error [INVALID_DATA] {bad}:4 更新周期: 「每刻」不是可识别的取值（可填：实时、每日、每周、每月、每季度、每半年、每年、其他）",
        f"error [INVALID_DATA] {bad}:4 数据类型: 「X」不是可识别的取值（可填：字符型、数值型、货币型、日期型、日期时间型、逻辑型、备注型、通用型、双精度型、整型、浮点型）",
        f"error [INVALID_DATA] {bad}:5 共享类型: 「随便共享」不是可识别的取值（可填：无条件共享、有条件共享、不予共享）",
    ]
    assert govgraph(target, "stats", "--json").stdout == before


def test_messages_are_english_with_lang_en_or_an_english_locale(tmp_path: Path) -> None:
    target = ["--data-dir", str(tmp_path / "store")]
    bad = tmp_path / "bad.csv"
    bad.write_text(SEVERAL_MISTAKES, encoding="utf-8")
    expected = f"error [INVALID_DATA] {bad}:4 更新周期: '每刻' is not a known term (accepted: REALTIME (实时), DAILY (每日), "
    assert expected in govgraph(["--lang", "en", *target], "load", str(bad)).stderr
    assert expected in govgraph(target, "load", str(bad), env={"LANG": "en_US.UTF-8"}).stderr
    assert "「每刻」不是可识别的取值" in govgraph(["--lang", "zh_CN", *target], "load", str(bad), env={"LANG": "en_US.UTF-8"}).stderr
    refused = govgraph(["--lang", "fr", *target], "stats")
    assert refused.returncode == 2 and "--lang" in refused.stderr


def test_a_custom_theme_loads_with_a_note(target: list[str], tmp_path: Path) -> None:
    path = tmp_path / "themes.csv"
    path.write_text(SEVERAL_MISTAKES.splitlines()[0] + "\n主题/经济运行,统计月报,101001/000011,区统计局,SJS-TJJ,,,无条件共享,每月,\n", encoding="utf-8")
    result = govgraph(target, "load", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"note [CUSTOM_THEME] {path}:2 信息资源分类: 主题目录的主题「经济运行」不在《办法》列举的主题中，已作为自定义主题保留（OTHER，名称「经济运行」）（Art.8）"
    ]


def test_export_import_between_stores(target: list[str], tmp_path: Path) -> None:
    embedded = ["--data-dir", str(tmp_path / "source")]
    assert govgraph(embedded, "load", str(DATA / "small-district.yaml")).returncode == 0
    assert govgraph(embedded, "export", str(tmp_path / "a.jsonl")).returncode == 0
    imported = govgraph(target, "import", str(tmp_path / "a.jsonl"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("已从 ") and "条记录" in imported.stdout
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
