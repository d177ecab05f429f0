"""CSV in the national catalog template (《政务信息资源目录编制指南（试行）》, 发改高技〔2017〕1272号).

One row per information item; the resource's columns repeat on each of its rows and must agree.
Headers are the template's Chinese ones, as-is (a trailing note in brackets is ignored); templates
that split 信息资源格式 or 共享方式 into 分类/类型 columns load too. Providers and catalogs not yet
in the store are created from the rows. Files may be UTF-8 (with or without BOM) or GB18030/GBK.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from graph import identifiers, validation
from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidDataError, NotFoundError, Problem
from graph.i18n import _, quote
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
    YesNo,
)
from loaders.plan import LoadPlan, Place

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
OPEN_TYPE = "开放类型"
OPEN_CONDITION = "开放条件"
UPDATE_CYCLE = "更新周期"
PUBLISHED = "发布日期"
RELATED = "关联资源代码"

REQUIRED = (CLASSIFICATION, NAME, CODE, PROVIDER, PROVIDER_CODE, SHARE_TYPE)
KNOWN = {
    CLASSIFICATION, NAME, CODE, PROVIDER, PROVIDER_CODE, SUMMARY, FORMAT, FORMAT_CLASS, FORMAT_TYPE, ITEM,
    DATA_TYPE, SHARE_TYPE, SHARE_CONDITION, SHARE_MODE, SHARE_MODE_CLASS, SHARE_MODE_TYPE, OPEN, OPEN_TYPE,
    OPEN_CONDITION, UPDATE_CYCLE, PUBLISHED, RELATED,
}
# The columns the template fills once per information item; every other column describes the
# resource, so all rows of one resource must agree on it.
PER_ITEM = frozenset({ITEM, DATA_TYPE})
ALIASES = {"格式分类": FORMAT_CLASS, "格式类型": FORMAT_TYPE}
COLUMN_OF = {
    "code": CODE, "name": NAME, "summary": SUMMARY, "classification": CLASSIFICATION, "share_type": SHARE_TYPE,
    "share_condition": SHARE_CONDITION, "legal_basis": SHARE_CONDITION, "update_cycle": UPDATE_CYCLE,
    "format_class": FORMAT_CLASS, "format_type": FORMAT_TYPE, "share_mode_class": SHARE_MODE_CLASS,
    "share_mode_type": SHARE_MODE_TYPE, "open_condition": OPEN_CONDITION, "open_type": OPEN_TYPE, "data_type": DATA_TYPE,
    "published_at": PUBLISHED,
}
# The enumerated columns, compared between rows by the term they name (每天 and 每日 agree).
TERM_COLUMNS: dict[str, type[Term]] = {
    SHARE_TYPE: ShareType, UPDATE_CYCLE: UpdateCycle, OPEN: YesNo, OPEN_TYPE: OpenType,
    FORMAT_CLASS: FormatClass, SHARE_MODE_CLASS: ShareModeClass,
}
CUSTOM_THEME = "CUSTOM_THEME"
T = TypeVar("T", bound=Term)
# What the csv module reads in one cell at most (its default `field_size_limit`, a process-wide setting left alone).
MAX_CELL_CHARS = 131_072

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


def custom_theme_code(name: str) -> str:
    """The code part of a custom theme's catalog: C and 8 hex digits of SHA-256 over its name (codes stay ASCII)."""
    return "C" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8].upper()


def catalog_for(
    kind: CatalogKind, theme: CatalogTheme | None, provider: str, provider_name: str, theme_name: str | None = None
) -> dict[str, Any]:
    """The catalog a resource of this classification is listed in, by the district's code convention:
    DEPT-<provider>, BASE-<THEME> or THEME-<THEME>, and for a custom theme BASE-/THEME-C<8 hex digits>."""
    if kind is CatalogKind.DEPARTMENT:
        return {"code": f"DEPT-{provider}", "name": f"{provider_name}信息资源目录", "kind": kind.value}
    assert theme is not None
    # Names are data, in Chinese whatever language messages are in.
    suffix = "基础信息资源目录" if kind is CatalogKind.BASE else "主题信息资源目录"
    name = f"{theme_name or theme.zh}{suffix}"
    if theme_name:
        return {"code": f"{kind.value}-{custom_theme_code(theme_name)}", "name": name, "kind": kind.value, "theme": theme.value, "theme_name": theme_name}
    return {"code": f"{kind.value}-{theme.value}", "name": name, "kind": kind.value, "theme": theme.value}


@dataclass
class _Row:
    line: int
    cells: dict[str, str]

    def place(self, source: str, column: str = "") -> Place:
        return Place(source, self.line, column)


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidDataError([Problem(source, "", _("neither UTF-8 nor GB18030 text"))])


class _Reader:
    """Reads the rows into a `LoadPlan`, recording every problem of every row and reading on."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.plan = LoadPlan(source)
        self.items: dict[str, int] = {}
        self.themes: set[tuple[CatalogKind, str]] = set()

    def problem(self, row: _Row | int, column: str, reason: str) -> None:
        line = row if isinstance(row, int) else row.line
        self.plan.problem(Place(self.source, line, column), reason)

    def fatal(self, line: int, column: str, reason: str) -> InvalidDataError:
        return InvalidDataError([Place(self.source, line, column).problem(reason)])

    def validated(self, label: Label, fields: dict[str, Any], row: _Row) -> Node | None:
        """Validate a node, naming the template's column rather than our field; None (recorded) when invalid."""
        try:
            return validation.node(label, fields)
        except InvalidDataError as e:
            for p in e.problems:
                self.problem(row, COLUMN_OF.get(p.field, p.field), p.reason)
            return None

    def header(self, reader: Any) -> list[str]:
        try:
            header = next(reader)
        except StopIteration:
            raise self.fatal(1, "", _("empty file: expected the template's header row")) from None
        except csv.Error as e:
            raise self.fatal(1, "", _("the header row cannot be read as CSV: {detail}", detail=quote(str(e), 120))) from None
        columns = [ALIASES.get(h, h) for h in (_NOTE.sub("", h.strip().lstrip("\ufeff")).strip() for h in header)]
        problems = [
            Place(self.source, 1, c).problem(_("missing column (the header has: {columns})", columns=quote(", ".join(columns), 200)))
            for c in REQUIRED
            if c not in columns
        ]
        problems += [Place(self.source, 1, c).problem(_("column appears twice")) for c in sorted(set(columns)) if c and columns.count(c) > 1]
        if problems:
            raise InvalidDataError(problems)
        return columns

    def rows(self, text: str) -> Iterator[_Row]:
        reader = csv.reader(io.StringIO(text, newline=""))
        columns = self.header(reader)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                # The csv module cannot resynchronise after a broken row: report it and stop reading.
                detail = _("a cell longer than {limit:,} characters", limit=MAX_CELL_CHARS) if "field larger" in str(e) else quote(str(e), 120)
                self.problem(reader.line_num, "", _("cannot read the row as CSV: {detail}", detail=detail))
                return
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(columns):
                self.problem(line, "", _("{cells} cells but the header has {columns} columns", cells=len(values), columns=len(columns)))
                continue
            yield _Row(line, {c: v.strip() for c, v in zip(columns, values) if c in KNOWN})

    def pair(self, row: _Row, joined: str, first: str, second: str) -> tuple[str | None, str | None]:
        """A 分类/类型 pair, from one 'a/b' column or two split columns."""
        a, b = row.cells.get(first) or None, row.cells.get(second) or None
        if row.cells.get(joined):
            head, _sep, tail = row.cells[joined].partition("/")
            a, b = head.strip() or a, tail.strip() or b
        return a, b

    def term(self, row: _Row, column: str, term: type[T], text: str) -> T | None:
        try:
            return term.parse(text)
        except ValueError:
            self.problem(row, column, _("{value} is not a known term (accepted: {choices})", value=quote(text), choices=term.choices()))
            return None

    def resource_fields(self, row: _Row) -> dict[str, Any] | None:
        """The resource's fields from a row, terms read in any wording of the synonyms table; None when a column is wrong."""
        c = row.cells
        before = len(self.plan.problems.problems)
        shared = self.term(row, SHARE_TYPE, ShareType, c[SHARE_TYPE])
        condition = c.get(SHARE_CONDITION) or None
        fields: dict[str, Any] = {
            "code": c[CODE],
            "name": c[NAME],
            "summary": c.get(SUMMARY) or None,
            "classification": c[CLASSIFICATION],
            "share_type": shared.value if shared else None,
            # For 不予共享 the template's 共享条件 column holds the legal basis (Art.18).
            "legal_basis" if shared is ShareType.NOT_SHARED else "share_condition": condition,
        }
        if c.get(UPDATE_CYCLE):
            cycle = self.term(row, UPDATE_CYCLE, UpdateCycle, c[UPDATE_CYCLE])
            fields["update_cycle"] = cycle.value if cycle else None
        format_class, fields["format_type"] = self.pair(row, FORMAT, FORMAT_CLASS, FORMAT_TYPE)
        if format_class:
            member = self.term(row, FORMAT if c.get(FORMAT) else FORMAT_CLASS, FormatClass, format_class)
            fields["format_class"] = member.value if member else None
        mode_class, fields["share_mode_type"] = self.pair(row, SHARE_MODE, SHARE_MODE_CLASS, SHARE_MODE_TYPE)
        if mode_class:
            mode = self.term(row, SHARE_MODE if c.get(SHARE_MODE) else SHARE_MODE_CLASS, ShareModeClass, mode_class)
            fields["share_mode_class"] = mode.value if mode else None
        fields.update(self.openness(row))
        if c.get(PUBLISHED):
            fields["published_at"] = self.date(row, c[PUBLISHED])
        if len(self.plan.problems.problems) > before:
            return None
        return {k: v for k, v in fields.items() if v is not None}

    def openness(self, row: _Row) -> dict[str, Any]:
        """open_type and open_condition from 是否向社会开放 + 开放条件, or from 开放类型 where the template has it."""
        c = row.cells
        opened = self.term(row, OPEN, YesNo, c[OPEN]) if c.get(OPEN) else YesNo.NO
        condition = c.get(OPEN_CONDITION) or None
        if c.get(OPEN_TYPE):
            open_type = self.term(row, OPEN_TYPE, OpenType, c[OPEN_TYPE])
            if open_type is not None and c.get(OPEN) and opened is not None and (opened is YesNo.YES) == (open_type is OpenType.NOT_OPEN):
                self.problem(row, OPEN_TYPE, _("{open_type} contradicts {column} = {opened}", open_type=open_type.label, column=OPEN, opened=opened.label))
        elif opened is YesNo.YES:
            open_type = OpenType.CONDITIONAL if condition else OpenType.UNCONDITIONAL
        else:
            open_type = OpenType.NOT_OPEN
        if open_type is None:
            return {}
        return {"open_type": open_type.value, "open_condition": condition if open_type is not OpenType.NOT_OPEN else None}

    def date(self, row: _Row, text: str) -> str | None:
        match = _DATE.match(text)
        try:
            if not match:
                raise ValueError
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            self.problem(row, PUBLISHED, _("{value} is not a date (expected e.g. 2024-03-01)", value=quote(text)))
            return None

    def classification(self, row: _Row) -> tuple[CatalogKind, CatalogTheme | None, str | None] | None:
        """The 类 and 项 of 信息资源分类: a listed theme, or a custom theme's own name (Art.7, Art.8: 等)."""
        parts = [p.strip() for p in row.cells[CLASSIFICATION].split("/")]
        try:
            kind = CatalogKind.parse(parts[0])
        except ValueError:
            self.problem(row, CLASSIFICATION, _("the 类 must be 基础, 主题 or 部门, got {value}", value=quote(parts[0])))
            return None
        if kind is CatalogKind.DEPARTMENT:
            return kind, None, None
        if len(parts) < 2 or not parts[1]:
            self.problem(row, CLASSIFICATION, _("a base or theme resource needs its 项, e.g. 基础/人口"))
            return None
        theme, name = CatalogTheme.read(parts[1])
        if name is not None and (kind, name) not in self.themes:
            self.themes.add((kind, name))
            articles = "Art.7" if kind is CatalogKind.BASE else "Art.8"
            reason = _("{kind} theme {name} is not one the Measures list; kept as a custom theme (OTHER, named {name}) ({articles})", kind=kind.label, name=quote(name), articles=articles)
            self.plan.note(row.place(self.source, CLASSIFICATION), CUSTOM_THEME, reason)
        return kind, theme, name

    def upstream(self, row: _Row) -> list[str] | None:
        """The codes 关联资源代码 lists; None (recorded) when one is not a resource code."""
        codes = []
        for text in filter(None, _SPLIT.split(row.cells.get(RELATED, ""))):
            try:
                codes.append(identifiers.resource_code(text))
            except ValueError as e:
                self.problem(row, RELATED, str(e))
                return None
        return codes

    def canonical(self, column: str, text: str) -> str:
        """A resource column's value as compared between rows: terms by the term they name, codes as a set."""
        term = TERM_COLUMNS.get(column)
        if term is not None:
            try:
                return str(term.parse(text).value)
            except ValueError:
                return text
        if column == RELATED:
            return ";".join(sorted(set(filter(None, _SPLIT.split(text)))))
        if column == PUBLISHED:
            match = _DATE.match(text)
            return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text
        if column == PROVIDER_CODE:
            return text.upper()
        return text

    def agrees(self, row: _Row, first: _Row, code: str) -> bool:
        """Whether a later row of a resource says what its first row says in every resource column; each
        disagreement is recorded naming both rows (关联资源代码 included: never keep one row's upstream only)."""
        agree = True
        for column in sorted((set(first.cells) | set(row.cells)) - PER_ITEM):
            mine, theirs = row.cells.get(column, ""), first.cells.get(column, "")
            if self.canonical(column, mine) != self.canonical(column, theirs):
                agree = False
                reason = _(
                    "differs from row {first} of the same resource {code}: {theirs} there, {mine} here",
                    first=first.line, code=quote(code), theirs=quote(theirs), mine=quote(mine),
                )
                self.problem(row, column, reason)
        return agree

    def read(self, text: str) -> LoadPlan:
        rows = list(self.rows(text))
        # A resource holds personal information when any of its items carries a citizen ID (Art.13, Art.32).
        personal = {
            row.cells.get(CODE)
            for row in rows
            if identifier_kind(row.cells.get(ITEM, "")) is IdentifierKind.CITIZEN_ID
        }
        first_rows: dict[str, _Row] = {}
        providers: dict[str, tuple[_Row, str]] = {}
        for row in rows:
            if self.plan.enough():
                break
            missing = [column for column in REQUIRED if not row.cells.get(column)]
            for column in missing:
                self.problem(row, column, _("is required"))
            if missing:
                continue
            code = row.cells[CODE]
            if code in first_rows:
                if not self.agrees(row, first_rows[code], code):
                    continue
                resource: NodeRef | None = NodeRef(Label.RESOURCE, code)
            else:
                first_rows[code] = row
                resource = self.resource(row, code in personal, providers)
            if row.cells.get(ITEM):
                # Checked even when its resource is wrong, so that the file's every problem is reported.
                self.item(row, resource or NodeRef(Label.RESOURCE, code))
            elif row.cells.get(DATA_TYPE):
                self.problem(row, ITEM, _("a row with a 数据类型 needs its 信息项名称"))
        return self.plan

    def provider(self, row: _Row, providers: dict[str, tuple[_Row, str]]) -> Node | None:
        try:
            code = identifiers.department_code(row.cells[PROVIDER_CODE])
        except ValueError as e:
            self.problem(row, PROVIDER_CODE, str(e))
            return None
        name = row.cells[PROVIDER]
        if code in providers and providers[code][1] != name:
            first, first_name = providers[code]
            self.problem(row, PROVIDER, _("{code} is named {name} on row {line}", code=code, name=quote(first_name), line=first.line))
            return None
        providers[code] = (row, name)
        return self.validated(Label.DEPARTMENT, {"code": code, "name": name}, row)

    def resource(self, row: _Row, personal: bool, providers: dict[str, tuple[_Row, str]]) -> NodeRef | None:
        """The resource of a code's first row, with its provider, catalog and upstream; None when a column is wrong."""
        fields = self.resource_fields(row)
        dept = self.provider(row, providers)
        classified = self.classification(row)
        upstream = self.upstream(row)
        if fields is None:
            self.plan.failed.add(NodeRef(Label.RESOURCE, row.cells[CODE]))
            return None
        if personal:
            fields["contains_personal_info"] = True
        node = self.validated(Label.RESOURCE, fields, row)
        if node is None:
            self.plan.failed.add(NodeRef(Label.RESOURCE, row.cells[CODE]))
            return None
        place = row.place(self.source)
        self.plan.add_merge(node, fields, place)
        if dept is not None and classified is not None and upstream is not None:
            self.links(row, node.ref, dept, classified, upstream)
        return node.ref

    def links(self, row: _Row, resource: NodeRef, dept: Node, classified: tuple[CatalogKind, CatalogTheme | None, str | None], upstream: list[str]) -> None:
        place = row.place(self.source)
        self.plan.add_if_missing(dept, place)
        self.plan.add_relationship(validation.relationship(RelType.PROVIDES, dept.ref, resource), place.at(PROVIDER_CODE))
        kind, theme, theme_name = classified
        catalog = self.validated(Label.CATALOG, catalog_for(kind, theme, dept.key, dept.props["name"], theme_name), row)
        if catalog is None:
            return
        self.plan.add_if_missing(catalog, place)
        self.plan.add_relationship(validation.relationship(RelType.LISTED_IN, resource, catalog.ref), place.at(CLASSIFICATION))
        if kind is CatalogKind.DEPARTMENT:
            self.plan.add_relationship(validation.relationship(RelType.MAINTAINS, dept.ref, catalog.ref), place.at(CLASSIFICATION))
        for code in upstream:
            self.plan.add_relationship(validation.relationship(RelType.DERIVED_FROM, resource, NodeRef(Label.RESOURCE, code)), place.at(RELATED))

    def item(self, row: _Row, resource: NodeRef) -> None:
        name = row.cells[ITEM]
        try:
            code = identifiers.make_item_code(resource.key, name)
        except ValueError as e:
            if resource not in self.plan.failed:  # a bad resource code is reported once, on its own column
                self.problem(row, ITEM, str(e))
            return
        if code in self.items:
            self.problem(row, ITEM, _("item {name} appears twice in resource {code} (first on row {line})", name=quote(name), code=resource.key, line=self.items[code]))
            return
        self.items[code] = row.line
        kind = identifier_kind(name)
        data_type = DataType.CHARACTER
        if row.cells.get(DATA_TYPE):
            parsed = self.term(row, DATA_TYPE, DataType, row.cells[DATA_TYPE])
            if parsed is None:
                return
            data_type = parsed
        fields = {
            "code": code,
            "name": name,
            "data_type": data_type.value,
            "identifier_kind": kind.value,
            "personal": kind is IdentifierKind.CITIZEN_ID,
        }
        node = self.validated(Label.DATA_ITEM, fields, row)
        if node is None:
            return
        place = row.place(self.source)
        self.plan.add_merge(node, fields, place)
        self.plan.add_relationship(validation.relationship(RelType.HAS_ITEM, resource, node.ref), place.at(ITEM))


def parse_national_csv(data: bytes, source: str) -> LoadPlan:
    """Parse and check a national-template CSV into a load plan holding every problem its rows have."""
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
    except ValueError:
        return False
    return kind is CatalogKind.DEPARTMENT or (len(parts) > 1 and bool(parts[1]))


def classification_of(resource: Node, catalogs: list[Node]) -> str:
    """The 信息资源分类 to write: the stored one when the reader can use it, else the first catalog's
    (by code) kind and theme (a custom theme by its own name), else 部门 (the provider's own catalog
    holds what it provides, Art.6, Art.9)."""
    stored = resource.props.get("classification")
    if stored and _readable_classification(stored):
        return str(stored)
    for catalog in sorted(catalogs, key=lambda c: c.key):
        kind = CatalogKind.parse(catalog.props["kind"])
        theme = catalog.props.get("theme")
        if kind is CatalogKind.DEPARTMENT:
            return _CLASS_OF[kind]
        if theme:
            return f"{_CLASS_OF[kind]}/{catalog.props.get('theme_name') or CatalogTheme.parse(theme).zh}"
    return _CLASS_OF[CatalogKind.DEPARTMENT]


def _zh(term: type[Term], value: Any) -> str:
    return term.parse(value).zh if value else ""


def _data_type(value: Any) -> str:
    """The template's spelling of a data type: the Chinese term and its letter, e.g. 字符型C."""
    member = DataType.parse(value or DataType.CHARACTER.value)
    return f"{member.zh}{member.letter}"


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


async def _resources(store: GraphStore, catalog: str | None, visibility: Visibility) -> list[Node]:
    """Visible resources in force, in code order: all of them, or those listed in `catalog`."""
    linked: tuple[LinkFilter, ...] = ()
    if catalog is not None:
        if await store.get(Label.CATALOG, catalog, visibility) is None:
            raise NotFoundError(Label.CATALOG.value, catalog)
        linked = (LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG, keys=(catalog,)),)
    active = (PropertyFilter("status", (ResourceStatus.ACTIVE.value,)),)
    found: list[Node] = []
    after: str | None = None
    while True:
        page = await store.page(PageQuery(Label.RESOURCE, where=active, linked=linked, first=MAX_PAGE, after=after), visibility)
        found.extend(page.nodes)
        if not page.has_next or not page.nodes:
            return found
        after = page.nodes[-1].key


async def write_national_csv(
    store: GraphStore,
    out: TextIO,
    catalog: str | None = None,
    *,
    keys: Sequence[str] | None = None,
    visibility: Visibility = EVERYTHING,
) -> CsvExport:
    """Write the resources in force (or those listed in `catalog`, or exactly the resources `keys`
    names) to `out` in the national template, as `visibility` shows them.

    One row per item (a resource without items gets one row with an empty 信息项名称), resources in
    code order and items in code order, so the same graph always gives the same bytes; `out` should
    be opened with `newline=""`. 关联资源代码 lists only upstream resources written in the same file,
    so the file loads into an empty store; the JSON Lines export is the lossless one.

    `keys` is a selection someone saw (a filtered catalog table): a key `visibility` hides is left
    out, and so is every item it hides, so a conditional resource's items stay hidden from a
    department without a granted use (Art.24: it gets the resource's row with no item) and the public
    gets only what the open catalog shows (Art.21–23).
    """
    if keys is None:
        resources = await _resources(store, catalog, visibility)
    else:
        found = await store.get_many(Label.RESOURCE, list(dict.fromkeys(keys)), visibility)
        resources = [found[k] for k in sorted(found)]
    linked: list[tuple[Node, dict[RelType, list[Node]]]] = []
    for start in range(0, len(resources), MAX_PAGE):
        chunk = resources[start : start + MAX_PAGE]
        links = await store.neighbours_many(Label.RESOURCE, [r.key for r in chunk], _EXPORT_STEPS, visibility)
        for resource in chunk:
            by_type: dict[RelType, list[Node]] = {}
            for rel, node in links[resource.key]:
                by_type.setdefault(rel.type, []).append(node)
            linked.append((resource, {t: sorted(nodes, key=lambda n: n.key) for t, nodes in by_type.items()}))
    skipped = [(r.key, _("no provider department (信息资源提供方 is required)")) for r, by in linked if RelType.PROVIDES not in by]
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
