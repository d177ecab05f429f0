"""graphql-core's and strawberry's own request errors (syntax, validation, variables, the depth and alias
limits) in the request's language.

Those libraries write their messages in English, as sentences with the names quoted ("Cannot query field
'resourcez' on type 'Query'."). An analyst in GraphiQL reads them as they read ours, so each known sentence
is matched and written again through the catalog (`graph.i18n`), with the names kept as they were; in
English, and for a sentence not known here, the library's own words stay. The trailing "Did you mean …?"
(only with introspection on: `api.schema.hiding`) is translated on its own.
"""

from __future__ import annotations

import re

from graph.i18n import ENGLISH, N_, _, current_language, quote

_NAME = r"'(?P<{}>[^']*)'"


def _pattern(text: str) -> re.Pattern[str]:
    """A sentence with `{name}` for a quoted name and `{name*}` for free text, as a regular expression."""
    parts = re.split(r"(\{\w+\*?\})", text)
    out = []
    for part in parts:
        found = re.fullmatch(r"\{(\w+)(\*?)\}", part)
        if found is None:
            out.append(re.escape(part))
        elif found.group(2):
            out.append(f"(?P<{found.group(1)}>.*?)")
        else:
            out.append(_NAME.format(found.group(1)))
    return re.compile("^" + "".join(out) + "$", re.DOTALL)


# The library's sentence (names in quotes), and our msgid for it.
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (_pattern(english), msgid)
    for english, msgid in [
        ("Cannot query field {field} on type {type}.", N_("the type {type} has no field {field}")),
        ("Unknown argument {argument} on field {field}.", N_("the field {field} has no argument {argument}")),
        ("Argument {argument} of type {type} is required, but it was not provided.", N_("the argument {argument} ({type}) is required")),
        ("Field {field} of type {type} must have a selection of subfields.{rest*}", N_("the field {field} ({type}) needs a selection of its fields")),
        ("Field {field} must not have a selection since type {type} has no subfields.", N_("the field {field} ({type}) has no fields to select")),
        ("Unknown type {type}.", N_("there is no type {type}")),
        ("Unknown fragment {fragment}.", N_("there is no fragment {fragment}")),
        ("Fragment {fragment} is never used.", N_("the fragment {fragment} is never used")),
        ("Variable {variable} is never used.", N_("the variable {variable} is never used")),
        ("Variable {variable} is not defined.", N_("the variable {variable} is not defined")),
        ("Variable {variable} has invalid value at {path*}: {detail*}", N_("the variable {variable} has an invalid value at {path}: {detail}")),
        ("Variable {variable} has invalid value: {detail*}", N_("the variable {variable} has an invalid value: {detail}")),
        ("Value {value} does not exist in {type} enum.", N_("{value} is not a value of {type}")),
        ("Syntax Error: Document contains more than {limit*} tokens. Parsing aborted.", N_("the document has more than {limit} tokens: it was not read")),
        ("Syntax Error: {detail*}", N_("syntax error: {detail}")),
        (
            "GraphQL introspection has been disabled, but the requested query contained the field {field}.",
            N_("introspection is off: the request asks for {field}"),
        ),
        ("{operation} exceeds maximum operation depth of {limit*}", N_("{operation} is nested deeper than {limit} levels")),
        ("{count*} aliases found. Allowed: {limit*}", N_("the operation has {count} aliases, more than the {limit} allowed")),
        ("Expected a value of non-null type {type} to be provided.", N_("a value of {type} is required")),
    ]
]
_SUGGESTION = re.compile(r"\s*Did you mean (?P<names>[^?]*)\?\s*$")
_QUOTED = re.compile(r"'([^']*)'")
_FREE = frozenset({"detail", "path", "rest", "limit", "count"})  # free text, not a name: not quoted again


def translated(message: str) -> str:
    """`message` (a library's English) in the current language; unchanged in English or when not known."""
    if current_language() == ENGLISH:
        return message
    suggestion = ""
    found = _SUGGESTION.search(message)
    if found is not None:
        message = message[: found.start()]
        names = [quote(name) for name in _QUOTED.findall(found.group("names"))]
        if names:
            suggestion = _(" Did you mean {names}?", names=_(", ").join(names))
    for pattern, msgid in _KNOWN:
        matched = pattern.match(message)
        if matched is not None:
            values = {name: translated(value) if name == "detail" else value for name, value in matched.groupdict().items()}
            quoted = {name: value if name in _FREE else quote(value) for name, value in values.items()}
            return _(msgid, **quoted) + suggestion
    return message + suggestion
