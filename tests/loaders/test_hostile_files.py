"""Files that cost work are refused before the work (issue 28): `govgraph load` ends each in one clean
`error [CODE] file:line …` line, exit 1, never a traceback, in moments, and writes nothing.

The time bound is a guard against the old behaviour (94 s, gigabytes), not a benchmark: the figures
are measured by `bench/hostile_inputs.py`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = "信息资源分类,信息资源名称,信息资源代码,信息资源提供方,信息资源提供方代码,信息项名称,数据类型,共享类型,更新周期\n"


def _deep_yaml(path: Path) -> None:
    path.write_text("govgraph: district/1\ndepartments:\n  - code: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text('{"govgraph": "district/1", "departments": [{"code": ' + "[" * 20_000 + "]" * 20_000 + "}]}", encoding="utf-8")


def _quite_deep_yaml(path: Path) -> None:
    """Below libyaml's own bound (1,000 levels), above ours."""
    path.write_text("govgraph: district/1\nx: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")


def _long_code_yaml(path: Path) -> None:
    path.write_text(f"govgraph: district/1\ndepartments:\n  - name: 甲\n    code: '{'A' * 5_000_000}'\n", encoding="utf-8")


def _long_code_json(path: Path) -> None:
    path.write_text('{"govgraph": "district/1",\n"departments": [{"name": "甲",\n"code": "' + "1" * 5_000_000 + '"}]}', encoding="utf-8")


def _long_field_csv(path: Path) -> None:
    path.write_text(HEADER + f"部门,资源,101001/000001,区统计局,SJS-TJJ,{'名' * 200_000},C,无条件共享,每日\n", encoding="utf-8")


def _long_code_csv(path: Path) -> None:
    path.write_text(HEADER + f"部门,资源,{'1' * 5_000_000},区统计局,SJS-TJJ,姓名,C,无条件共享,每日\n", encoding="utf-8")


def _code_just_under_the_csv_limit(path: Path) -> None:
    path.write_text(HEADER + f"部门,资源,{'1' * 100_000}/1,区统计局,SJS-TJJ,姓名,C,无条件共享,每日\n", encoding="utf-8")


HOSTILE: list[object] = [
    pytest.param("alias-bomb.yaml", None, 7, "别名展开后重复的取值超过 100,000 个", id="yaml-alias-bomb"),
    pytest.param("deep.yaml", _deep_yaml, 3, "嵌套超过 32 层", id="yaml-20000-deep"),
    pytest.param("deep.json", _deep_json, 1, "嵌套超过 32 层", id="json-20000-deep"),
    pytest.param("deep-500.yaml", _quite_deep_yaml, 2, "嵌套超过 32 层", id="yaml-500-deep"),
    pytest.param("long-code.yaml", _long_code_yaml, 4, "取值长达 5,000,000 个字符，超过单个取值的上限 10,000", id="yaml-5mb-code"),
    pytest.param("long-code.json", _long_code_json, 3, "取值长达 5,000,000 个字符", id="json-5mb-code"),
    pytest.param("long-field.csv", _long_field_csv, 2, "有单元格超过 131,072 个字符", id="csv-200000-character-field"),
    pytest.param("long-code.csv", _long_code_csv, 2, "有单元格超过 131,072 个字符", id="csv-5mb-code"),
    pytest.param("long-code-100k.csv", _code_just_under_the_csv_limit, 2, "不是信息资源代码", id="csv-100k-code"),
]


@pytest.mark.parametrize(("name", "make", "line", "reason"), HOSTILE)
def test_a_hostile_file_ends_in_one_clean_error_line(
    tmp_path: Path, name: str, make: Callable[[Path], None] | None, line: int, reason: str
) -> None:
    path = tmp_path / name
    if make is None:
        path.write_bytes((DATA / name).read_bytes())
    else:
        make(path)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"), "load", str(path)],
        capture_output=True, text=True, check=False, timeout=60, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(result.stderr) < 1_000, result.stderr[:2000]
    assert re.match(rf"^error \[INVALID_DATA\] {re.escape(str(path))}:{line}(:| \S+:) ", lines[0]), lines[0]
    assert reason in lines[0]
    assert seconds < 20, seconds  # a guard, not a benchmark: the bomb took 94 s
    stats = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"), "stats", "--json"],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    )
    assert json.loads(stats.stdout)["labels"] == {}


def test_an_export_nested_20000_deep_is_refused_by_import_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"format":"govgraph-graph","version":1}\n{"node":"Resource","key":"x","props":' + "[" * 20_000 + "]" * 20_000 + "}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"), "import", str(path)],
        capture_output=True, text=True, check=False, timeout=60, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error [INVALID_DATA] {path}:2: 不是 JSON：嵌套过深"]
