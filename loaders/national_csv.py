"""CSV in the national catalog template (《政务信息资源目录编制指南（试行）》, 发改高技〔2017〕1272号).

One row per information item; the resource's columns repeat on each of its rows and must agree.
Headers are the template's Chinese ones, as-is (a trailing note in brackets is ignored); templates
that split 信息资源格式 or 共享方式 into 分类/类型 columns load too. Providers and catalogs not yet
in the store are created from the rows. Files may be UTF-8 (with or without BOM) or GB18030/GBK.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from graph import identifiers, validation
from graph.errors import InvalidDataError, NotFoundError, Problem
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, Node, NodeRef, PageQuery, PropertyFilter, Step
from graph.store import MAX_PAGE, GraphStore
from graph.terms import (
    CatalogKind,
    CatalogTheme,
    DataType,
    FormatClass,
    IdentifierKind,
    OpenType,
    ResourceStatus,
    ShareModeClass,
    ShareType,
    Term,
    UpdateCycle,
)
from loaders.plan import LoadPlan

CLASSIFICATION = "信息资源分类"
NAME = "信息资源名称"
CODE = "信息资源代码"
PROVIDER = "信息资源提供方"
PROVIDER_CODE = "信息资源提供方代码"
SUMMARY = "信息资源摘要"
FORMAT = "信息资源格式"
FORMAT_CLASS = "信息资源格式分类"
FORMAT_TYPE = "信息资源格式类型"
ITEM = "信息项名称"
DATA_TYPE = "数据类型"
SHARE_TYPE = "共享类型"
SHARE_CONDITION = "共享条件"
SHARE_MODE = "共享方式"
SHARE_MODE_CLASS = "共享方式分类"
SHARE_MODE_TYPE = "共享方式类型"
OPEN = "是否向社会开放"
OPEN_CONDITION = "开放条件"
UPDATE_CYCLE = "更新周期"
PUBLISHED = "发布日期"
RELATED = "关联资源代码"

REQUIRED = (CLASSIFICATION, NAME, CODE, PROVIDER, PROVIDER_CODE, SHARE_TYPE)
KNOWN = {
    CLASSIFICATION, NAME, CODE, PROVIDER, PROVIDER_CODE, SUMMARY, FORMAT, FORMAT_CLASS, FORMAT_TYPE, ITEM,
    DATA_TYPE, SHARE_TYPE, SHARE_CONDITION, SHARE_MODE, SHARE_MODE_CLASS, SHARE_MODE_TYPE, OPEN,
    OPEN_CONDITION, UPDATE_CYCLE, PUBLISHED, RELATED,
}
ALIASES = {"格式分类": FORMAT_CLASS, "格式类型": FORMAT_TYPE}
COLUMN_OF = {
    "code": CODE, "name": NAME, "summary": SUMMARY, "classification": CLASSIFICATION, "share_type": SHARE_TYPE,
    "share_condition": SHARE_CONDITION, "legal_basis": SHARE_CONDITION, "update_cycle": UPDATE_CYCLE,
    "format_class": FORMAT_CLASS, "format_type": FORMAT_TYPE, "share_mode_class": SHARE_MODE_CLASS,
    "share_mode_type": SHARE_MODE_TYPE, "open_condition": OPEN_CONDITION, "data_type": DATA_TYPE,
}

_NOTE = re.compile(r"[（(].*$")
_SPLIT = re.compile(r"[;；,，、\s]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")

# Item names that carry a subject identifier (Art.13); other items declare none.
_IDENTIFIERS = (
    (("公民身份号码", "身份证号", "身份证件号码", "公民身份证号码"), IdentifierKind.CITIZEN_ID),
    (("统一社会信用代码",), IdentifierKind.CREDIT_CODE),
)


def identifier_kind(item_name: str) -> IdentifierKind:
    """The identifier an item carries, inferred from its name (the template has no column for it)."""
    for names, kind in _IDENTIFIERS:
        if any(n in item_name for n in names):
            return kind
    return IdentifierKind.NONE


def catalog_for(kind: CatalogKind, theme: CatalogTheme | None, provider: str, provider_name: str) -> dict[str, Any]:
    """The catalog a resource of this classification is listed in, by the district's code convention."""
    if kind is CatalogKind.DEPARTMENT:
        return {"code": f"DEPT-{provider}", "name": f"{provider_name}信息资源目录", "kind": kind.value}
    assert theme is not None
    suffix = "基础信息资源目录" if kind is CatalogKind.BASE else "主题信息资源目录"
    return {"code": f"{kind.value}-{theme.value}", "name": f"{theme.zh}{suffix}", "kind": kind.value, "theme": theme.value}


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidDataError([Problem(source, "", "neither UTF-8 nor GB18030 text")])


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.plan = LoadPlan(source)
        self.items: set[str] = set()

    def validated(self, label: Label, fields: dict[str, Any], where: str) -> Node:
        """Validate a node, naming the template's column rather than our field where there is one."""
        try:
            return validation.node(label, fields, where)
        except InvalidDataError as e:
            problems = [Problem(p.where, COLUMN_OF.get(p.field, p.field), p.reason) for p in e.problems]
            raise InvalidDataError(problems) from None

    def fail(self, line: int, field: str, reason: str) -> InvalidDataError:
        return InvalidDataError([Problem(f"{self.source}:{line}", field, reason)])

    def rows(self, text: str) -> Iterator[_Row]:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise self.fail(1, "", "empty file: expected the template's header row") from None
        columns = [ALIASES.get(h, h) for h in (_NOTE.sub("", h.strip().lstrip("\ufeff")).strip() for h in header)]
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise self.fail(1, missing[0], f"missing column (the header has: {', '.join(columns)})")
        for column in columns:
            if columns.count(column) > 1 and column:
                raise self.fail(1, column, "column appears twice")
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(columns):
                raise self.fail(line, "", f"{len(values)} cells but the header has {len(columns)} columns")
            cells = {c: v.strip() for c, v in zip(columns, values) if c in KNOWN}
            yield _Row(line, cells)

    def pair(self, row: _Row, joined: str, first: str, second: str) -> tuple[str | None, str | None]:
        """A 分类/类型 pair, from one 'a/b' column or two split columns."""
        a, b = row.cells.get(first) or None, row.cells.get(second) or None
        if row.cells.get(joined):
            head, _, tail = row.cells[joined].partition("/")
            a, b = head.strip() or a, tail.strip() or b
        return a, b

    def resource_fields(self, row: _Row) -> dict[str, Any]:
        c = row.cells
        share_type = c[SHARE_TYPE]
        try:
            shared = ShareType.parse(share_type)
        except ValueError:
            raise self.fail(row.line, SHARE_TYPE, f"unknown share type {share_type!r} (expected {ShareType.choices()})") from None
        condition = c.get(SHARE_CONDITION) or None
        fields: dict[str, Any] = {
            "code": c[CODE],
            "name": c[NAME],
            "summary": c.get(SUMMARY) or None,
            "classification": c[CLASSIFICATION],
            "share_type": shared.value,
            # For 不予共享 the template's 共享条件 column holds the legal basis (Art.18).
            "legal_basis" if shared is ShareType.NOT_SHARED else "share_condition": condition,
            "update_cycle": c.get(UPDATE_CYCLE) or None,
        }
        fields["format_class"], fields["format_type"] = self.pair(row, FORMAT, FORMAT_CLASS, FORMAT_TYPE)
        fields["share_mode_class"], fields["share_mode_type"] = self.pair(row, SHARE_MODE, SHARE_MODE_CLASS, SHARE_MODE_TYPE)
        opened = c.get(OPEN, "")
        if opened not in ("", "是", "否"):
            raise self.fail(row.line, OPEN, f"expected 是 or 否, got {opened!r}")
        open_condition = c.get(OPEN_CONDITION) or None
        if opened == "是":
            fields["open_type"] = (OpenType.CONDITIONAL if open_condition else OpenType.UNCONDITIONAL).value
            fields["open_condition"] = open_condition
        else:
            fields["open_type"] = OpenType.NOT_OPEN.value
        if c.get(PUBLISHED):
            fields["published_at"] = self.date(row, c[PUBLISHED])
        return {k: v for k, v in fields.items() if v is not None}

    def date(self, row: _Row, text: str) -> str:
        match = _DATE.match(text)
        try:
            if not match:
                raise ValueError
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            raise self.fail(row.line, PUBLISHED, f"{text!r} is not a date (expected e.g. 2024-03-01)") from None

    def classification(self, row: _Row) -> tuple[CatalogKind, CatalogTheme | None]:
        parts = [p.strip() for p in row.cells[CLASSIFICATION].split("/")]
        try:
            kind = CatalogKind.parse(parts[0])
        except ValueError:
            raise self.fail(row.line, CLASSIFICATION, f"the 类 must be 基础, 主题 or 部门, got {parts[0]!r}") from None
        if kind is CatalogKind.DEPARTMENT:
            return kind, None
        if len(parts) < 2:
            raise self.fail(row.line, CLASSIFICATION, "a base or theme resource needs its 项, e.g. 基础/人口")
        try:
            return kind, CatalogTheme.parse(parts[1])
        except ValueError:
            raise self.fail(row.line, CLASSIFICATION, f"unknown {kind.zh} 项 {parts[1]!r} (expected one of {CatalogTheme.choices()})") from None

    def read(self, text: str) -> LoadPlan:
        rows = list(self.rows(text))
        # A resource holds personal information when any of its items carries a citizen ID (Art.13, Art.32).
        personal = {
            row.cells.get(CODE)
            for row in rows
            if identifier_kind(row.cells.get(ITEM, "")) is IdentifierKind.CITIZEN_ID
        }
        resources: dict[str, tuple[_Row, dict[str, Any]]] = {}
        providers: dict[str, tuple[_Row, str]] = {}
        for row in rows:
            where = f"{self.source}:{row.line}"
            for column in REQUIRED:
                if not row.cells.get(column):
                    raise self.fail(row.line, column, "is required")
            fields = self.resource_fields(row)
            code = fields["code"]
            if code in personal:
                fields["contains_personal_info"] = True
            if code in resources:
                first_row, first = resources[code]
                for key in sorted(set(first) | set(fields)):
                    if first.get(key) != fields.get(key):
                        raise self.fail(row.line, COLUMN_OF.get(key, key), f"differs from row {first_row.line} of the same resource {code}")
                resource_ref = NodeRef(Label.RESOURCE, code)
            else:
                resources[code] = (row, fields)
                resource_ref = self.resource(row, fields, where, providers)
            if row.cells.get(ITEM):
                self.item(row, resource_ref, where)
            elif row.cells.get(DATA_TYPE):
                raise self.fail(row.line, ITEM, "a row with a 数据类型 needs its 信息项名称")
        return self.plan

    def resource(self, row: _Row, fields: dict[str, Any], where: str, providers: dict[str, tuple[_Row, str]]) -> NodeRef:
        node = self.validated(Label.RESOURCE, fields, where)
        self.plan.add_merge(node, fields, where)
        try:
            provider = identifiers.department_code(row.cells[PROVIDER_CODE])
        except ValueError as e:
            raise self.fail(row.line, PROVIDER_CODE, str(e)) from None
        provider_name = row.cells[PROVIDER]
        if provider in providers and providers[provider][1] != provider_name:
            raise self.fail(row.line, PROVIDER, f"{provider} is named {providers[provider][1]!r} on row {providers[provider][0].line}")
        providers[provider] = (row, provider_name)
        dept = validation.node(Label.DEPARTMENT, {"code": provider, "name": provider_name}, where)
        self.plan.add_if_missing(dept, where)
        self.plan.add_relationship(validation.relationship(RelType.PROVIDES, dept.ref, node.ref, {}, where), where)
        kind, theme = self.classification(row)
        catalog = validation.node(Label.CATALOG, catalog_for(kind, theme, provider, provider_name), where)
        self.plan.add_if_missing(catalog, where)
        self.plan.add_relationship(validation.relationship(RelType.LISTED_IN, node.ref, catalog.ref, {}, where), where)
        if kind is CatalogKind.DEPARTMENT:
            self.plan.add_relationship(validation.relationship(RelType.MAINTAINS, dept.ref, catalog.ref, {}, where), where)
        for upstream in filter(None, _SPLIT.split(row.cells.get(RELATED, ""))):
            try:
                upstream_code = identifiers.resource_code(upstream)
            except ValueError as e:
                raise self.fail(row.line, RELATED, str(e)) from None
            rel = validation.relationship(RelType.DERIVED_FROM, node.ref, NodeRef(Label.RESOURCE, upstream_code), {}, f"{where} {RELATED}")
            self.plan.add_relationship(rel, f"{where} {RELATED}")
        return node.ref

    def item(self, row: _Row, resource: NodeRef, where: str) -> None:
        name = row.cells[ITEM]
        try:
            code = identifiers.make_item_code(resource.key, name)
        except ValueError as e:
            raise self.fail(row.line, ITEM, str(e)) from None
        kind = identifier_kind(name)
        fields = {
            "code": code,
            "name": name,
            "data_type": row.cells.get(DATA_TYPE) or "CHARACTER",
            "identifier_kind": kind.value,
            "personal": kind is IdentifierKind.CITIZEN_ID,
        }
        if code in self.items:
            raise self.fail(row.line, ITEM, f"item {name!r} appears twice in resource {resource.key}")
        self.items.add(code)
        node: Node = self.validated(Label.DATA_ITEM, fields, where)
        self.plan.add_merge(node, fields, where)
        self.plan.add_relationship(validation.relationship(RelType.HAS_ITEM, resource, node.ref, {}, where), where)


def parse_national_csv(data: bytes, source: str) -> LoadPlan:
    """Parse and validate a national-template CSV into a load plan."""
    return _Reader(source).read(_decode(data, source))


def read_national_csv(path: Path) -> LoadPlan:
    return parse_national_csv(path.read_bytes(), str(path))


# Writing: any catalog (or every resource in force) back in the template, one row per item.

EXPORT_COLUMNS = (
    CLASSIFICATION, NAME, CODE, PROVIDER, PROVIDER_CODE, SUMMARY, FORMAT_CLASS, FORMAT_TYPE, ITEM, DATA_TYPE,
    SHARE_TYPE, SHARE_CONDITION, SHARE_MODE_CLASS, SHARE_MODE_TYPE, OPEN, OPEN_CONDITION, UPDATE_CYCLE, PUBLISHED,
    RELATED,
)
# The 类 of 信息资源分类 as the template writes it (基础/人口, 主题/信用体系, 部门).
_CLASS_OF = {CatalogKind.BASE: "基础", CatalogKind.THEME: "主题", CatalogKind.DEPARTMENT: "部门"}
_EXPORT_STEPS = (
    Step(RelType.HAS_ITEM, Direction.OUT),
    Step(RelType.PROVIDES, Direction.IN),
    Step(RelType.LISTED_IN, Direction.OUT),
    Step(RelType.DERIVED_FROM, Direction.OUT),
)


@dataclass(frozen=True)
class CsvExport:
    """What a template export wrote, and the resources it could not write (the template needs a provider)."""

    resources: int
    rows: int
    skipped: list[tuple[str, str]]


def _readable_classification(text: str) -> bool:
    """Whether the reader can list a resource by this 信息资源分类 (it needs 类, and 项 unless 部门)."""
    parts = [p.strip() for p in text.split("/")]
    try:
        kind = CatalogKind.parse(parts[0])
        if kind is not CatalogKind.DEPARTMENT:
            CatalogTheme.parse(parts[1] if len(parts) > 1 else "")
    except ValueError:
        return False
    return True


def classification_of(resource: Node, catalogs: list[Node]) -> str:
    """The 信息资源分类 to write: the stored one when the reader can use it, else the first catalog's
    (by code) kind and theme, else 部门 (the provider's own catalog holds what it provides, Art.6, Art.9)."""
    stored = resource.props.get("classification")
    if stored and _readable_classification(stored):
        return str(stored)
    for catalog in sorted(catalogs, key=lambda c: c.key):
        kind = CatalogKind.parse(catalog.props["kind"])
        theme = catalog.props.get("theme")
        if kind is CatalogKind.DEPARTMENT:
            return _CLASS_OF[kind]
        if theme:
            return f"{_CLASS_OF[kind]}/{CatalogTheme.parse(theme).zh}"
    return _CLASS_OF[CatalogKind.DEPARTMENT]


def _zh(term: type[Term], value: Any) -> str:
    return term.parse(value).zh if value else ""


def _data_type(value: Any) -> str:
    """The template's spelling of a data type: the Chinese term and its letter, e.g. 字符型C."""
    member = DataType.parse(value or DataType.CHARACTER.value)
    return f"{member.zh}{member.aliases[0]}"


def _resource_cells(resource: Node, provider: Node, classification: str, related: list[str]) -> dict[str, str]:
    p = resource.props
    share_type = ShareType.parse(p["share_type"])
    open_type = OpenType.parse(p.get("open_type", OpenType.NOT_OPEN.value))
    # For 不予共享 the 共享条件 column holds the legal basis (Art.18), as the reader takes it.
    condition = p.get("legal_basis") if share_type is ShareType.NOT_SHARED else p.get("share_condition")
    return {
        CLASSIFICATION: classification,
        NAME: p["name"],
        CODE: resource.key,
        PROVIDER: provider.props["name"],
        PROVIDER_CODE: provider.key,
        SUMMARY: p.get("summary", ""),
        FORMAT_CLASS: _zh(FormatClass, p.get("format_class")),
        FORMAT_TYPE: p.get("format_type", ""),
        SHARE_TYPE: share_type.zh,
        SHARE_CONDITION: condition or "",
        SHARE_MODE_CLASS: _zh(ShareModeClass, p.get("share_mode_class")),
        SHARE_MODE_TYPE: p.get("share_mode_type", ""),
        OPEN: "否" if open_type is OpenType.NOT_OPEN else "是",
        # The reader reads 是 with a condition as 有条件开放 and without one as 无条件开放.
        OPEN_CONDITION: p.get("open_condition", "") if open_type is OpenType.CONDITIONAL else "",
        UPDATE_CYCLE: _zh(UpdateCycle, p.get("update_cycle")),
        PUBLISHED: p.get("published_at", ""),
        RELATED: ";".join(related),
    }


async def _resources(store: GraphStore, catalog: str | None) -> list[Node]:
    """Resources in force, in code order: all of them, or those listed in `catalog`."""
    linked: tuple[LinkFilter, ...] = ()
    if catalog is not None:
        if await store.get(Label.CATALOG, catalog) is None:
            raise NotFoundError(Label.CATALOG.value, catalog)
        linked = (LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG, keys=(catalog,)),)
    active = (PropertyFilter("status", (ResourceStatus.ACTIVE.value,)),)
    found: list[Node] = []
    after: str | None = None
    while True:
        page = await store.page(PageQuery(Label.RESOURCE, where=active, linked=linked, first=MAX_PAGE, after=after))
        found.extend(page.nodes)
        if not page.has_next or not page.nodes:
            return found
        after = page.nodes[-1].key


async def write_national_csv(store: GraphStore, out: TextIO, catalog: str | None = None) -> CsvExport:
    """Write the resources in force (or those listed in `catalog`) to `out` in the national template.

    One row per item (a resource without items gets one row with an empty 信息项名称), resources in
    code order and items in code order, so the same graph always gives the same bytes; `out` should
    be opened with `newline=""`. 关联资源代码 lists only upstream resources written in the same file,
    so the file loads into an empty store; the JSON Lines export is the lossless one.
    """
    linked: list[tuple[Node, dict[RelType, list[Node]]]] = []
    resources = await _resources(store, catalog)
    for start in range(0, len(resources), MAX_PAGE):
        chunk = resources[start : start + MAX_PAGE]
        links = await store.neighbours_many(Label.RESOURCE, [r.key for r in chunk], _EXPORT_STEPS)
        for resource in chunk:
            by_type: dict[RelType, list[Node]] = {}
            for rel, node in links[resource.key]:
                by_type.setdefault(rel.type, []).append(node)
            linked.append((resource, {t: sorted(nodes, key=lambda n: n.key) for t, nodes in by_type.items()}))
    skipped = [(r.key, "no provider department (信息资源提供方 is required)") for r, by in linked if RelType.PROVIDES not in by]
    written = {r.key for r, by in linked if RelType.PROVIDES in by}
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for resource, by_type in linked:
        if resource.key not in written:
            continue
        related = [n.key for n in by_type.get(RelType.DERIVED_FROM, []) if n.key in written]
        classification = classification_of(resource, by_type.get(RelType.LISTED_IN, []))
        cells = _resource_cells(resource, by_type[RelType.PROVIDES][0], classification, related)
        items: list[Node | None] = [*by_type.get(RelType.HAS_ITEM, [])] or [None]
        for item in items:
            name, data_type = (item.props["name"], _data_type(item.props.get("data_type"))) if item else ("", "")
            writer.writerow([{**cells, ITEM: name, DATA_TYPE: data_type}[c] for c in EXPORT_COLUMNS])
            rows += 1
    return CsvExport(len(written), rows, skipped)
