"""Messages in Simplified Chinese by default, English on request (graph/i18n.py): the catalog is complete,
compiled, shipped, and the language is chosen per context or per call."""

from __future__ import annotations

import asyncio
import fnmatch
import gettext
import io
import string
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from graph import i18n
from graph.i18n import CHINESE, ENGLISH, _, current_language, language_from_environ, negotiate, quote, translate, use_language

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "lineage", "loaders", "api")
PO = ROOT / "graph" / "locale" / "zh_CN" / "LC_MESSAGES" / "govgraph.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}  # as scripts/messages extracts them


def _in_code() -> dict[str, str]:
    """Every msgid marked in the code, with where it is."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                found.setdefault(msgid, f"{package}/{filename}:{lineno}")
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(text) if name}


def _catalog() -> dict[str, tuple[str, bool]]:
    with PO.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0]: (m.string if isinstance(m.string, str) else m.string[0], m.fuzzy) for m in read_po(f) if m.id}


def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    """Run scripts/messages, translate what it adds to the .po, and run it again."""
    catalog = _catalog()
    code = _in_code()
    assert len(code) > 100  # the extraction found the messages at all
    untranslated = [f"{where}: {msgid!r}" for msgid, where in code.items() if not catalog.get(msgid, ("", False))[0]]
    assert untranslated == [], "messages without Chinese (run scripts/messages, translate the .po):\n" + "\n".join(untranslated)
    fuzzy = [msgid for msgid in code if catalog[msgid][1]]
    assert fuzzy == [], "fuzzy translations to check"
    mismatched = [msgid for msgid in code if not _placeholders(catalog[msgid][0]) <= _placeholders(msgid)]
    assert mismatched == [], "translations naming a {placeholder} their msgid lacks"


def test_the_catalog_holds_no_message_the_code_no_longer_has() -> None:
    stale = sorted(set(_catalog()) - set(_in_code()))
    assert stale == [], "run scripts/messages to drop them"


def test_the_compiled_catalog_is_the_source_compiled() -> None:
    """The .mo is committed (the wheel carries it, no build step): it must say what the .po says."""
    with PO.open("rb") as f:
        source = read_po(f)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with MO.open("rb") as f:
        shipped = gettext.GNUTranslations(f)
    for msgid in _catalog():
        assert shipped.gettext(msgid) == fresh.gettext(msgid), f"{MO.name} is out of date (run scripts/messages compile): {msgid!r}"


def test_the_package_ships_the_catalogs() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["graph"]
    for path in (PO, MO):
        relative = path.relative_to(ROOT / "graph").as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
    assert isinstance(i18n._CATALOGS[CHINESE], gettext.GNUTranslations)  # found where the package looks


def test_messages_are_chinese_by_default_and_english_on_request() -> None:
    assert current_language() == CHINESE
    assert _("is required") == "必须填写"
    with use_language("en-US"):
        assert current_language() == ENGLISH and _("is required") == "is required"
        with use_language("zh-Hans"):
            assert _("is required") == "必须填写"
        assert _("is required") == "is required"
    assert _("is required") == "必须填写"
    assert translate("must be at least {limit}", "en", limit=1) == "must be at least 1"
    assert translate("must be at least {limit}", None, limit=1) == "不能小于 1"


async def test_each_context_keeps_its_own_language() -> None:
    """Concurrent requests each answer in their own language (contextvars)."""

    async def answer(language: str) -> list[str]:
        with use_language(language):
            said = []
            for _round in range(3):
                said.append(_("is required"))
                await asyncio.sleep(0)
            return said

    chinese, english = await asyncio.gather(answer("zh_CN"), answer("en"))
    assert chinese == ["必须填写"] * 3 and english == ["is required"] * 3


@pytest.mark.parametrize(
    ("header", "language"),
    [
        pytest.param(None, CHINESE, id="none"),
        pytest.param("en", ENGLISH, id="en"),
        pytest.param("en-GB,en;q=0.8", ENGLISH, id="en-GB"),
        pytest.param("zh-CN,zh;q=0.9,en;q=0.8", CHINESE, id="zh-first"),
        pytest.param("fr-FR, en;q=0.5, zh;q=0.4", ENGLISH, id="by-q"),
        pytest.param("de, fr", CHINESE, id="unsupported"),
        pytest.param("en;q=0", CHINESE, id="refused"),
        pytest.param("en;q=abc", CHINESE, id="bad-q"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, language: str) -> None:
    assert negotiate(header) == language


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        pytest.param({}, CHINESE, id="none"),
        pytest.param({"LANG": "en_US.UTF-8"}, ENGLISH, id="LANG"),
        pytest.param({"LANG": "C.UTF-8"}, CHINESE, id="C"),
        pytest.param({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, CHINESE, id="LC_ALL-wins"),
        pytest.param({"LANGUAGE": "fr:en", "LANG": "zh_CN.UTF-8"}, ENGLISH, id="LANGUAGE-list"),
    ],
)
def test_the_command_line_reads_the_locale_variables(environ: dict[str, str], language: str) -> None:
    assert language_from_environ(environ) == language


def test_a_quoted_value_is_at_most_a_short_prefix() -> None:
    assert quote("每刻") == "「每刻」"
    long = quote("x" * 5_000_000)
    assert long.startswith("「" + "x" * 40 + "…」") and "5,000,000" in long and len(long) < 80
    nested: list[object] = ["lol"] * 9
    for _level in range(8):
        nested = [nested] * 9  # what YAML aliases make of a few hundred bytes
    assert len(quote(nested)) < 120
