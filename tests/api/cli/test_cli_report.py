"""`govgraph report`: the annual report (Art.34) as one self-contained HTML page, from either store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.api.cli.test_cli import govgraph, target  # noqa: F401  (the fixture: an empty store of each kind)

pytestmark = pytest.mark.slow


def test_report_writes_one_self_contained_page(target: list[str], tmp_path: Path) -> None:
    assert govgraph(target, "load-sample").returncode == 0
    out = tmp_path / "report.html"
    done = govgraph(target, "report", "--year", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已将 2025 年度报告写入") and "批迁移" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "北京市石景山区政务信息资源共享开放2025年度报告" in page
    for heading in ("迁移上云进展", "Migration to the government cloud", "合规问题", "Compliance findings by department",
                    "共享开放趋势", "Sharing and opening over time", "部门评估", "Department scorecards", "Art.34"):
        assert heading in page
    assert page.count("<svg") >= 5
    # Nothing is loaded from anywhere: no scripts, no linked files, no remote addresses.
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|@import|https?://", page, re.IGNORECASE)


def test_report_refuses_a_year_outside_the_measures(target: list[str], tmp_path: Path) -> None:
    done = govgraph(target, "report", "--year", "2016", "--out", str(tmp_path / "r.html"))
    assert done.returncode == 1 and "INVALID_ARGUMENT" in done.stderr and not (tmp_path / "r.html").exists()
