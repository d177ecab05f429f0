"""`govgraph holidays load FILE`: the EIC loads a year's holiday notice as data, on both stores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.stores import store_for
from lineage.workdays import work_calendar
from tests.api.cli.test_cli import govgraph, target

__all__ = ["target"]

NOTICE = """govgraph: holidays/1
year: 2027
source: 测试用2027年放假安排
holidays: [2027-01-01, 2027-02-05..2027-02-11, "2027-10-01..2027-10-07"]
workdays: [2027-02-13, 2027-09-26, 2027-10-09]
"""


async def test_load_a_notice_then_deadlines_count_by_it(target: list[str], tmp_path: Path) -> None:
    notice = tmp_path / "2027.yaml"
    notice.write_text(NOTICE, encoding="utf-8")
    loaded = govgraph(target, "holidays", "load", str(notice))
    assert loaded.returncode == 0, loaded.stderr
    assert "已载入 2027 年节假日安排：放假 15 天，调休上班 3 天" in loaded.stdout
    settings = Settings(data_dir=Path(target[1])) if target[0] == "--data-dir" else Settings(neo4j_uri=target[1])
    async with store_for(settings) as store:
        calendar = await work_calendar(store)
    assert calendar.add_working_days(date(2027, 2, 4), 2) == date(2027, 2, 13)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("year: 2027\n", "govgraph: holidays/1", id="no-marker"),
        pytest.param("govgraph: holidays/1\nyear: 2027\nholidays: [2027-02-11..2027-02-05]\n", "的结束日期早于开始日期", id="backward-range"),
        pytest.param("govgraph: holidays/1\nyear: 2027\nholidays: [2027-01-01]\nworkdays: [2027-01-04]\n", "调休上班日应在周末", id="weekday-make-up"),
    ],
)
def test_a_bad_notice_exits_1_and_says_why(target: list[str], tmp_path: Path, text: str, message: str) -> None:
    notice = tmp_path / "bad.yaml"
    notice.write_text(text, encoding="utf-8")
    loaded = govgraph(target, "holidays", "load", str(notice))
    assert loaded.returncode == 1 and message in loaded.stderr, loaded.stderr
