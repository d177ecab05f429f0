"""YAML and JSON text read with bounds, remembering the line of every value.

The files govgraph loads come from departments and programs; one of a few hundred bytes must not
cost minutes or gigabytes. So the document is built here from libyaml's events with an explicit
stack (never recursion), and refused with its line, before anything else reads it, when it nests
deeper than MAX_DEPTH, holds a value longer than MAX_VALUE_CHARS, or repeats more than
MAX_ALIAS_VALUES values through aliases (`*name`: a few lines of aliases to aliases can stand for
billions of values, the "billion laughs"). Scalars are resolved and built as YAML's safe loader
does (dates, numbers, booleans, null); merge keys (`<<: *defaults`) work; other tags are refused.

Every mapping and list remembers its own line and the line each of its values starts on, so an
error names the line of the bad value rather than of its entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote

MAX_DEPTH = 32
MAX_VALUE_CHARS = 10_000
MAX_ALIAS_VALUES = 100_000

_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: ~7x faster


class YamlMapping(dict[Any, Any]):
    """A mapping that remembers the line it starts on and the line of each value."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of `key`'s value (the mapping's own line when it has no such key)."""
        return self.lines.get(key, self.line)


class YamlList(list[Any]):
    """A list that remembers the line it starts on and the line of each entry."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        """The line of entry `index` (the list's own line when it has none)."""
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def line_of(value: Any, path: Iterable[int | str], default: int = 0) -> int:
    """The line of the value at `path` inside `value`, as deep as the path can be followed."""
    line = getattr(value, "line", default) or default
    for step in path:
        if isinstance(value, YamlMapping) and step in value:
            line, value = value.line_of(step), value[step]
        elif isinstance(value, YamlList) and isinstance(step, int) and 0 <= step < len(value):
            line, value = value.line_of(step), value[step]
        elif isinstance(value, YamlList) and isinstance(step, str) and step.isdigit() and int(step) < len(value):
            line, value = value.line_of(int(step)), value[int(step)]
        else:
            break
    return line


_NO_KEY = object()


@dataclass
class _Frame:
    """A mapping or list being built: its pending key (mappings), anchor, size and merge sources."""

    container: YamlMapping | YamlList
    anchor: str | None
    key: Any = _NO_KEY
    weight: int = 1
    merges: list[tuple[Any, int]] = field(default_factory=list)


class _Builder:
    """Builds one document from parser events, within the bounds."""

    def __init__(self, loader: Any, source: str) -> None:
        self.loader = loader
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.repeated = 0
        self.done = False
        self.root: Any = None

    def fail(self, line: int, reason: str) -> InvalidDataError:
        return InvalidDataError([Problem(f"{self.source}:{line}", "", reason, line)])

    def scalar(self, event: Any, line: int) -> Any:
        if len(event.value) > MAX_VALUE_CHARS:
            raise self.fail(line, _("a value of {length:,} characters, more than the {limit:,} a value may have", length=len(event.value), limit=MAX_VALUE_CHARS))
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _MERGE_TAG:
            return _MERGE
        construct = self.loader.yaml_constructors.get(tag)
        if construct is None:
            raise self.fail(line, _("the tag {tag} is not supported", tag=quote(tag)))
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return construct(self.loader, node)
        except (yaml.YAMLError, ValueError) as e:
            raise self.fail(line, _("cannot read the value {value} as {tag}: {detail}", value=quote(event.value), tag=tag.rsplit(":", 1)[-1], detail=quote(str(e), 120))) from None

    def attach(self, value: Any, line: int, weight: int) -> None:
        if not self.stack:
            self.root, self.done = value, True
            return
        frame = self.stack[-1]
        frame.weight += weight
        container = frame.container
        if isinstance(container, YamlList):
            container.append(value)
            container.lines.append(line)
        elif frame.key is _NO_KEY:
            if isinstance(value, (YamlMapping, YamlList)):
                raise self.fail(line, _("a mapping key must be a plain value, not a list or a mapping"))
            if value is not _MERGE and value in container:
                raise self.fail(line, _("the key {key} appears twice in this mapping (first on line {first})", key=quote(str(value)), first=container.line_of(value)))
            frame.key = value
        elif frame.key is _MERGE:
            frame.merges.append((value, line))
            frame.key = _NO_KEY
        else:
            container[frame.key] = value
            container.lines[frame.key] = line
            frame.key = _NO_KEY

    def merge(self, frame: _Frame) -> None:
        """YAML's merge keys: keys of the merged mappings the mapping does not set itself (earlier sources first)."""
        mapping = frame.container
        assert isinstance(mapping, YamlMapping)
        for value, line in frame.merges:
            sources = value if isinstance(value, YamlList) else [value]
            for source in sources:
                if not isinstance(source, YamlMapping):
                    raise self.fail(line, _("a merge key (<<) takes a mapping or a list of mappings"))
                for key, item in source.items():
                    if key not in mapping:
                        mapping[key] = item
                        mapping.lines[key] = source.line_of(key)

    def build(self) -> Any:
        loader = self.loader
        while not self.done:
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event, line)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                self.attach(value, line, 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self.fail(line, _("the alias *{name} names no anchor defined before it", name=event.anchor))
                value, weight = self.anchors[event.anchor]
                self.repeated += weight
                if self.repeated > MAX_ALIAS_VALUES:
                    raise self.fail(line, _("aliases repeat more than {limit:,} values; write the values out", limit=MAX_ALIAS_VALUES))
                self.attach(value, line, weight)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(self.stack) >= MAX_DEPTH:
                    raise self.fail(line, _("nested more than {limit} levels deep", limit=MAX_DEPTH))
                container: YamlMapping | YamlList = YamlList(line) if isinstance(event, yaml.SequenceStartEvent) else YamlMapping(line)
                self.stack.append(_Frame(container, event.anchor))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frame = self.stack.pop()
                if frame.merges:
                    self.merge(frame)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, frame.weight)
                self.attach(frame.container, frame.container.line, frame.weight)
            elif isinstance(event, yaml.StreamEndEvent):
                break
        return self.root


class _Merge:
    def __repr__(self) -> str:
        return "<<"


_MERGE = _Merge()


def load(text: str, source: str) -> Any:
    """The one document in `text` (YAML, or JSON, which YAML reads too), built within the bounds; None when empty.

    `InvalidDataError` names the line of what is wrong: a syntax error, a bound passed, a second document.
    """
    loader = _Loader(text)
    builder = _Builder(loader, source)
    try:
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # the document's start
        document = builder.build()
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            line = loader.peek_event().start_mark.line + 1
            raise builder.fail(line, _("expected one document, found another"))
        return document
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = e.problem or str(e)
        if "maximum nesting depth" in problem:  # libyaml's own bound (1,000), met before ours
            reason = _("nested more than {limit} levels deep", limit=MAX_DEPTH)
        else:
            reason = _("not valid YAML or JSON: {problem}", problem=quote(problem, 200))
        raise InvalidDataError([Problem(f"{source}:{line or '?'}", "", reason, line)]) from None
    except yaml.YAMLError as e:
        raise InvalidDataError([Problem(f"{source}:?", "", _("not valid YAML or JSON: {problem}", problem=quote(str(e), 200)))]) from None
    finally:
        loader.dispose()
