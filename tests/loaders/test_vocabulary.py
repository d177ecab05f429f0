"""The template's vocabulary (graph/terms.py): one table of the wordings departments use, documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.terms import SYNONYMS, CatalogTheme, DataType, FormatClass, OpenType, ShareModeClass, ShareType, Term, UpdateCycle, YesNo, synonyms_markdown

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("term", "wordings", "member"),
    [
        pytest.param(UpdateCycle, ("每天", "每日", "日", "daily", "DAILY", "每日更新", "按天"), UpdateCycle.DAILY, id="daily"),
        pytest.param(UpdateCycle, ("每月", "月", "monthly", "按月", "月度"), UpdateCycle.MONTHLY, id="monthly"),
        pytest.param(UpdateCycle, ("实时", "实时更新", "real-time", "Realtime", "ＲＥＡＬＴＩＭＥ"), UpdateCycle.REALTIME, id="realtime"),
        pytest.param(UpdateCycle, ("每季度", "季度", "按季"), UpdateCycle.QUARTERLY, id="quarterly"),
        pytest.param(UpdateCycle, ("每半年", "半年", "half_yearly", "Half-Yearly"), UpdateCycle.HALF_YEARLY, id="half-yearly"),
        pytest.param(UpdateCycle, ("每年", "年度", "annually"), UpdateCycle.YEARLY, id="yearly"),
        pytest.param(UpdateCycle, ("不定期", "按需", "其他", "其它"), UpdateCycle.OTHER, id="irregular"),
        pytest.param(ShareType, ("无条件共享", "无条件", "UNCONDITIONAL"), ShareType.UNCONDITIONAL, id="unconditional"),
        pytest.param(ShareType, ("不予共享", "不共享"), ShareType.NOT_SHARED, id="not-shared"),
        pytest.param(ShareModeClass, ("共享平台方式", "共享平台", "平台"), ShareModeClass.PLATFORM, id="platform"),
        pytest.param(ShareModeClass, ("邮件或拷盘", "介质交换方式"), ShareModeClass.EMAIL_OR_MEDIA, id="media"),
        pytest.param(FormatClass, ("电子表格", "表格", "Excel"), FormatClass.SPREADSHEET, id="spreadsheet"),
        pytest.param(DataType, ("字符型C", "字符型", "C", "c", "字符串"), DataType.CHARACTER, id="character"),
        pytest.param(DataType, ("日期时间型T", "T", "datetime"), DataType.DATETIME, id="datetime"),
        pytest.param(OpenType, ("有条件开放", "依申请开放"), OpenType.CONDITIONAL, id="open-conditional"),
        pytest.param(YesNo, ("是", "Y", "yes"), YesNo.YES, id="yes"),
        pytest.param(CatalogTheme, ("电子证照", "电子证照库"), CatalogTheme.E_LICENCE, id="e-licence"),
    ],
)
def test_the_wordings_departments_use_name_one_term(term: type[Term], wordings: tuple[str, ...], member: Term) -> None:
    assert {term.parse(w) for w in wordings} == {member}


@pytest.mark.parametrize("term", list(SYNONYMS), ids=lambda t: t.__name__)
def test_every_listed_wording_reads_back_as_its_term(term: type[Term]) -> None:
    for member, wordings in SYNONYMS[term].items():
        assert isinstance(member, term)
        for wording in wordings:
            assert term.parse(wording) is member, wording


def test_a_wording_the_table_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError):
        UpdateCycle.parse("每刻")


def test_an_unlisted_theme_is_other_with_its_own_name() -> None:
    """Art.7 and Art.8 list themes with 等: an open list."""
    assert CatalogTheme.read("医疗健康") == (CatalogTheme.HEALTHCARE, None)
    assert CatalogTheme.read(" 医疗卫生 ") == (CatalogTheme.OTHER, "医疗卫生")


def test_the_documented_table_is_the_table() -> None:
    """docs/vocabulary.md is written by `python -m graph.terms > docs/vocabulary.md`."""
    assert (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8") == synonyms_markdown()
