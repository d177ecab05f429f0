"""Messages a person reads: Simplified Chinese by default, English on request, through gettext catalogs.

Code writes each message once, in English, as the gettext msgid, with named placeholders::

    from graph.i18n import _
    raise InvalidDataError([Problem(where, "更新周期", _("unknown update cycle {value}", value=quote(text)))])

`_` translates into the language of the current context (zh_CN unless told otherwise) and fills the
placeholders. The Chinese lives in `graph/locale/zh_CN/LC_MESSAGES/govgraph.po`, compiled to the
`.mo` beside it (both committed, both in the wheel); English is the msgid itself. `scripts/messages`
extracts new msgids with Babel into the `.po` and compiles it; `tests/test_i18n.py` fails while any
msgid has no Chinese, or when the `.mo` is older than the `.po`.

Choosing the language: per context (`with use_language("en"): …`, which an HTTP request or the CLI
sets once from `Accept-Language` or `--lang`/`LANG`, see `negotiate` and `language_from_environ`), or
per call (`translate(msgid, "en", …)`). A context is a `contextvars` context, so concurrent requests
each keep their own. Messages built at import time (module constants) are marked with `N_` and
translated where they are used, with `_(CONSTANT)`.
"""

from __future__ import annotations

import gettext
import reprlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "govgraph"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CHINESE = "zh_CN"
ENGLISH = "en"
DEFAULT = CHINESE
LANGUAGES = (CHINESE, ENGLISH)

# Read once: the catalogs are files shipped with the package, so they never change while it runs.
_CATALOGS: Mapping[str, gettext.NullTranslations] = {
    CHINESE: gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[CHINESE], fallback=True),
    ENGLISH: gettext.NullTranslations(),
}
_language: ContextVar[str] = ContextVar("govgraph_language", default=DEFAULT)


def normalise(language: str | None) -> str | None:
    """The supported language a tag or locale names (`en-US`, `en_GB.UTF-8`, `zh-Hans`, `zh_CN`), else None."""
    if not language:
        return None
    base = language.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    primary = base.split("_")[0]
    if primary == "zh":
        return CHINESE
    if primary == "en":
        return ENGLISH
    return None


def current_language() -> str:
    """The language messages are written in, in this context."""
    return _language.get()


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Write messages in `language` (any spelling `normalise` reads; unknown or None: the default) inside the block."""
    chosen = normalise(language) or DEFAULT
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


def set_language(language: str | None) -> str:
    """Write messages in `language` for the rest of this context (a command-line run); returns the one chosen."""
    chosen = normalise(language) or DEFAULT
    _language.set(chosen)
    return chosen


def negotiate(accept_language: str | None) -> str:
    """The language an HTTP `Accept-Language` header prefers among those supported (q-values honoured), else the default."""
    best, best_q = DEFAULT, 0.0
    for part in (accept_language or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        language = normalise(tag)
        if language is not None and q > best_q:  # the earlier of equal preferences wins
            best, best_q = language, q
    return best


def language_from_environ(environ: Mapping[str, str]) -> str:
    """The language the process's locale variables ask for, in gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        for candidate in value.split(":"):
            language = normalise(candidate)
            if language is not None:
                return language
        if value and name != "LANGUAGE":
            # The first variable set decides, even when it names a locale we have no messages for (C, de_DE).
            return DEFAULT
    return DEFAULT


def translate(msgid: str, language: str | None = None, /, **params: object) -> str:
    """`msgid` in `language` (default: this context's), with its `{name}` placeholders filled from `params`."""
    catalog = _CATALOGS.get(normalise(language) or current_language(), _CATALOGS[DEFAULT])
    text = catalog.gettext(msgid)
    return text.format(**params) if params else text


def _(msgid: str, /, **params: object) -> str:
    """`msgid` in this context's language, placeholders filled; the marker Babel extracts."""
    return translate(msgid, None, **params)


def n_(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The singular or plural form for `count` (Chinese has one form); `count` is also a placeholder."""
    catalog = _CATALOGS.get(current_language(), _CATALOGS[DEFAULT])
    return catalog.ngettext(singular, plural, count).format(count=count, **params)


def N_(msgid: str, /) -> str:
    """Marks a message for extraction without translating it (a module constant, translated where used with `_`)."""
    return msgid


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlevel = 2
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = _SHORT.maxset = 4
QUOTE_LIMIT = 40


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message shows it: at most `limit` characters of it, quoted, with its length when cut.

    A bad value can be megabytes long, or a structure that YAML aliases make enormous; a message
    quotes only the start of it (reprlib bounds the structures).
    """
    text = value if isinstance(value, str) else _SHORT.repr(value)
    if len(text) > limit:
        return _("'{start}…' ({length:,} characters)", start=text[:limit], length=len(text))
    return _("'{text}'", text=text)
