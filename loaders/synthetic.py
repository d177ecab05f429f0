"""A synthetic district (a province of districts at larger scales) for benchmarks and load tests.

Deterministic: everything comes from one `random.Random(seed)`, so a scale and a seed always give the
same records in the same order. At scale 1 it is about one district's worth: 60 departments, 300
systems, 3,000 resources with 30,000 data items, 6,000 lineage steps (DERIVED_FROM: 5/6 between
resources, 1/6 between items), 10,000 uses in every state and 2,000 citations; everything grows with
the scale, one more district (区) per whole unit. Lineage is a DAG (a resource derives only from
resources generated before it) with long chains (16 resources, depth 15) and a few hub base
resources (户籍人口基本信息…) that hundreds of resources derive from and hundreds of uses are of;
systems exchange data in cycles (EXCHANGES_WITH).

Records are validated `graph.records` nodes and relationships, streamed in batches in which every
relationship's ends are in the same batch (nodes first) or an earlier one, so any store can apply
the batches in order. The lineage steps come after every resource (each is drawn with its resource),
so a batch of resources joins no node of the batch just before it and a loader may write such
batches side by side (`graph.neo4j.bulk`). Example::

    district = SyntheticDistrict(scale=1.0, seed=7)
    for batch in district.batches(10_000):
        ...  # batch.nodes, then batch.relationships
    district.hubs, district.chain_tails    # resource codes worth asking about
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect, bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from stdnum.cn import uscc

from graph import validation
from graph.labels import Label, RelType
from graph.identifiers import ITEM_SEPARATOR
from graph.records import Node, NodeRef, Props, Relationship
from graph.terms import (
    CatalogKind,
    CatalogTheme,
    CitationPermission,
    ConsumerKind,
    DataType,
    DepartmentKind,
    DepartmentRole,
    DocumentKind,
    FormatClass,
    Hosting,
    IdentifierKind,
    Level,
    Network,
    OpenType,
    PlatformKind,
    ResourceStatus,
    ShareModeClass,
    ShareType,
    UpdateCycle,
    UseStatus,
)

MIN_SCALE = 0.01
# Each district's platforms: key (in the platform's code), kind, name after the district's.
PLATFORMS: dict[str, tuple[PlatformKind, str]] = {
    "BDP": (PlatformKind.BIG_DATA, "大数据管理平台"),
    "SHARE": (PlatformKind.INTRANET_SHARING, "政务内网共享平台"),
    "OPEN": (PlatformKind.OPEN_PORTAL, "公共数据开放网站"),
    "CLOUD": (PlatformKind.GOVERNMENT_CLOUD, "政务云"),
    "DCLOUD": (PlatformKind.DEPARTMENT_CLOUD, "公安分局部门云"),
}
CHAIN_LENGTH = 16  # resources per long chain: upstream depth 15
HUBS_PER_DISTRICT = 5
HUB_USE_SHARE = 0.2  # of all uses, on the hubs
HUB_PARENT_SHARE = 0.25  # of derivations, from a hub
ITEM_DERIVATION_SHARE = 1 / 6  # of DERIVED_FROM, between items
EPOCH = date(2018, 1, 1)

# (name, pinyin prefix of internal codes, administrative division code for credit codes)
DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("石景山区", "SJS", "110107"), ("海淀区", "HD", "110108"), ("朝阳区", "CY", "110105"),
    ("丰台区", "FT", "110106"), ("东城区", "DC", "110101"), ("西城区", "XC", "110102"),
    ("门头沟区", "MTG", "110109"), ("房山区", "FS", "110111"), ("通州区", "TZ", "110112"),
    ("顺义区", "SY", "110113"), ("昌平区", "CP", "110114"), ("大兴区", "DX", "110115"),
    ("怀柔区", "HR", "110116"), ("平谷区", "PG", "110117"), ("密云区", "MY", "110118"),
    ("延庆区", "YQ", "110119"),
)

# A district's departments, in the order they are created; the first ones have named duties.
DEPARTMENTS: tuple[str, ...] = (
    "人民政府", "信息化工作领导小组办公室", "经济和信息化委员会", "公安分局", "统计局", "民政局",
    "人力资源和社会保障局", "卫生健康委员会", "市场监督管理局", "财政局", "审计局", "机构编制委员会办公室",
    "发展和改革委员会", "教育委员会", "科学技术委员会", "司法局", "住房和城乡建设委员会", "城市管理委员会",
    "交通支队", "水务局", "农业农村局", "商务局", "文化和旅游局", "应急管理局", "退役军人事务局",
    "生态环境局", "规划和自然资源分局", "医疗保障局", "税务局", "政务服务管理局", "信访办公室",
    "体育局", "残疾人联合会", "红十字会", "妇女联合会", "总工会", "共青团委员会", "档案馆", "气象局",
    "消防救援支队", "人民法院", "人民检察院", "投资促进局", "国有资产监督管理委员会", "园林绿化局",
    "人民防空办公室", "地方金融监督管理局", "知识产权局", "融媒体中心", "疾病预防控制中心",
    "八宝山街道办事处", "老山街道办事处", "八角街道办事处", "古城街道办事处", "苹果园街道办事处",
    "金顶街街道办事处", "广宁街道办事处", "五里坨街道办事处", "鲁谷街道办事处", "数据资源中心",
)
_LEADING_OFFICE, _EIC, _POLICE, _STATS, _MARKET = 1, 2, 3, 4, 8
_ROLES = {
    1: [DepartmentRole.LEADING_GROUP_OFFICE],
    2: [DepartmentRole.EIC],
    9: [DepartmentRole.FINANCE_BUREAU],
    10: [DepartmentRole.AUDIT_BUREAU],
    11: [DepartmentRole.STAFFING_OFFICE],
}

BASE_THEMES = (
    CatalogTheme.POPULATION, CatalogTheme.LEGAL_PERSON, CatalogTheme.GEOSPATIAL, CatalogTheme.E_LICENCE,
    CatalogTheme.VIDEO_IMAGE,
)
_THEME_NUMBER = {theme: n for n, theme in enumerate(CatalogTheme, 1)}  # in resource codes
TOPIC_THEMES = tuple(t for t in CatalogTheme if t not in BASE_THEMES and t is not CatalogTheme.OTHER)

# Per theme: the subjects of its resources and the kinds of information held about them.
SUBJECTS: dict[CatalogTheme, tuple[tuple[str, ...], tuple[str, ...]]] = {
    CatalogTheme.POPULATION: (
        ("户籍人口", "常住人口", "流动人口", "老年人口", "残疾人", "低保人员", "退役军人", "新生儿", "育龄妇女", "人口"),
        ("基本信息", "变动信息", "统计信息", "登记信息", "核查结果", "名单", "档案信息"),
    ),
    CatalogTheme.LEGAL_PERSON: (
        ("企业", "法人单位", "个体工商户", "社会组织", "事业单位", "农民专业合作社"),
        ("登记信息", "年报信息", "变更信息", "注销信息", "许可信息", "基本信息"),
    ),
    CatalogTheme.GEOSPATIAL: (
        ("地名地址", "社区网格", "道路", "建筑物", "地下管线", "土地利用"),
        ("基础数据", "分布信息", "普查数据", "变更记录"),
    ),
    CatalogTheme.E_LICENCE: (
        ("营业执照", "居民身份证", "居住证", "不动产权证书", "结婚证", "出生医学证明"),
        ("电子证照信息", "签发记录", "核验记录"),
    ),
    CatalogTheme.VIDEO_IMAGE: (
        ("公共视频", "交通卡口", "社区门禁", "重点区域"),
        ("点位信息", "图像资源目录", "设备信息"),
    ),
}
HUB_NAMES = {
    CatalogTheme.POPULATION: "户籍人口基本信息",
    CatalogTheme.LEGAL_PERSON: "法人单位基本信息",
    CatalogTheme.GEOSPATIAL: "地名地址基础数据",
    CatalogTheme.E_LICENCE: "居民身份证电子证照信息",
    CatalogTheme.VIDEO_IMAGE: "公共视频点位信息",
}
_TOPIC_SUBJECTS = (
    ("办件", "投诉举报", "行政处罚", "行政许可", "监督检查", "补贴发放", "项目", "事件", "统计指标", "服务对象"),
    ("信息", "明细", "汇总", "台账", "统计", "记录", "人口分布分析"),
)

# Data items: name, data type, identifier kind, personal.
ITEMS: tuple[tuple[str, DataType, IdentifierKind, bool], ...] = (
    ("公民身份号码", DataType.CHARACTER, IdentifierKind.CITIZEN_ID, True),
    ("统一社会信用代码", DataType.CHARACTER, IdentifierKind.CREDIT_CODE, False),
    ("姓名", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("性别", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("出生日期", DataType.DATE, IdentifierKind.NONE, True),
    ("民族", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("户籍地址", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("居住地址", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("联系电话", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("单位名称", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("法定代表人", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("注册资本", DataType.CURRENCY, IdentifierKind.NONE, False),
    ("成立日期", DataType.DATE, IdentifierKind.NONE, False),
    ("经营范围", DataType.MEMO, IdentifierKind.NONE, False),
    ("登记机关", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("所属街道", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("所属社区", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("网格编号", DataType.CHARACTER, IdentifierKind.OTHER, False),
    ("经度", DataType.DOUBLE, IdentifierKind.NONE, False),
    ("纬度", DataType.DOUBLE, IdentifierKind.NONE, False),
    ("事件类型", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("发生时间", DataType.DATETIME, IdentifierKind.NONE, False),
    ("处理状态", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("数据来源", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("更新时间", DataType.DATETIME, IdentifierKind.NONE, False),
    ("证照编号", DataType.CHARACTER, IdentifierKind.OTHER, False),
    ("发证日期", DataType.DATE, IdentifierKind.NONE, False),
    ("有效期至", DataType.DATE, IdentifierKind.NONE, False),
    ("金额", DataType.CURRENCY, IdentifierKind.NONE, False),
    ("数量", DataType.INTEGER, IdentifierKind.NONE, False),
    ("备注", DataType.MEMO, IdentifierKind.NONE, False),
    ("审批事项", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("办理结果", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("办理时间", DataType.DATETIME, IdentifierKind.NONE, False),
    ("检查结果", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("风险等级", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("联系人", DataType.CHARACTER, IdentifierKind.NONE, True),
    ("类别", DataType.CHARACTER, IdentifierKind.NONE, False),
    ("年度", DataType.INTEGER, IdentifierKind.NONE, False),
    ("统计口径", DataType.CHARACTER, IdentifierKind.NONE, False),
)
MIN_ITEMS, MAX_ITEMS = 3, 17  # per resource: 10 on average

SYSTEM_KINDS = (
    "业务管理系统", "数据采集系统", "信息管理平台", "综合服务平台", "审批系统", "监管系统", "统计分析系统",
    "数据交换系统", "视频监控平台", "网格化管理平台", "办公自动化系统", "决策支持系统",
)
PURPOSES = (
    "依职责开展人口服务管理", "开展行政审批材料核验", "开展社区网格化管理", "开展市场主体监管", "开展社会救助对象核查",
    "开展统计调查与分析", "开展应急指挥调度", "开展公共服务事项办理", "开展信用联合奖惩", "开展城市运行监测",
)
DOCUMENTS = ("工作方案", "实施意见", "年度报告", "专题分析报告", "决策建议", "通知", "工作要点", "评估报告")


class _Odds:
    """A weighted draw, the very one `rng.choices(values, weights)[0]` makes from the same state, with the
    weights summed once rather than at every draw (a district of scale 10 draws about 250,000 times)."""

    def __init__(self, *choices: tuple[Any, int]) -> None:
        self.values = tuple(value for value, _ in choices)
        self.cumulative = list(accumulate(weight for _, weight in choices))
        self.total = self.cumulative[-1] + 0.0
        self.hi = len(self.values) - 1

    def draw(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cumulative, rng.random() * self.total, 0, self.hi)]


_HOSTING = _Odds((Hosting.GOVERNMENT_CLOUD, 55), (Hosting.SELF_HOSTED, 25), (Hosting.DEPARTMENT_CLOUD, 10), (Hosting.MUNICIPAL, 10))
_NETWORK = _Odds((Network.EXTRANET, 70), (Network.INTRANET, 25), (Network.INTERNET, 5))
_PROTECTION_LEVEL = _Odds((1, 10), (2, 50), (3, 35), (4, 5))
_SHARE_TYPE = _Odds((ShareType.UNCONDITIONAL, 45), (ShareType.CONDITIONAL, 45), (ShareType.NOT_SHARED, 10))
_RESOURCE_STATUS = _Odds((ResourceStatus.ACTIVE, 95), (ResourceStatus.RETIRED, 2), (ResourceStatus.UNCATALOGUED, 3))
_OPEN_TYPE = _Odds((OpenType.NOT_OPEN, 70), (OpenType.UNCONDITIONAL, 20), (OpenType.CONDITIONAL, 10))
_PARENT_COUNT = _Odds((1, 30), (2, 32), (3, 38))  # how many resources a derived one is drawn from
_USE_STATUS = _Odds(
    (UseStatus.GRANTED, 55), (UseStatus.REQUESTED, 8), (UseStatus.NEGOTIATING, 6), (UseStatus.DENIED, 7),
    (UseStatus.ESCALATED_TO_EIC, 4), (UseStatus.ESCALATED_TO_LEADING_GROUP, 2), (UseStatus.REVOKED, 5),
    (UseStatus.EXPIRED, 13),
)
_DOCUMENT_KIND = _Odds((DocumentKind.MAJOR_DECISION, 20), (DocumentKind.ISSUED_DOCUMENT, 40), (DocumentKind.OTHER, 40))
_PERMISSION = _Odds((CitationPermission.GRANTED, 70), (CitationPermission.REQUESTED, 15), (CitationPermission.DENIED, 15))


@dataclass(frozen=True)
class Sizes:
    """How many of each kind a scale asks for (the generator yields about these numbers)."""

    districts: int
    departments: int
    systems: int
    resources: int
    data_items: int
    derivations: int
    item_derivations: int
    consumers: int
    uses: int
    citations: int


def sizes(scale: float) -> Sizes:
    """The planned sizes at `scale` (at least a handful of each, whatever the scale)."""
    if scale < MIN_SCALE:
        raise ValueError(f"scale must be at least {MIN_SCALE}, got {scale}")

    def n(at_one: int, least: int) -> int:
        return max(least, round(at_one * scale))

    departments = n(60, 8)
    districts = min(max(1, round(scale)), departments // 8)
    resources = n(3000, 40)
    lineage = n(6000, 12)
    item_derivations = round(lineage * ITEM_DERIVATION_SHARE)
    return Sizes(
        districts=districts,
        departments=departments,
        systems=n(300, 10),
        resources=resources,
        data_items=resources * (MIN_ITEMS + MAX_ITEMS) // 2,
        derivations=lineage - item_derivations,
        item_derivations=item_derivations,
        consumers=n(150, 6),
        uses=n(10000, 20),
        citations=n(2000, 4),
    )


@dataclass(frozen=True)
class Batch:
    """Validated records to apply together: nodes first, then relationships between stored or batch nodes."""

    nodes: list[Node]
    relationships: list[Relationship]

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relationships)


class _Buffer:
    """Collects validated records and hands them out in batches of about `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.nodes: list[Node] = []
        self.rels: list[Relationship] = []
        self.items: dict[int, Props] = {}  # a data item's validated properties, by its index in ITEMS (`item`)

    def node(self, label: Label, props: Mapping[str, Any]) -> NodeRef:
        node = validation.node(label, props)
        self.nodes.append(node)
        return node.ref

    def item(self, resource: NodeRef, item: int) -> NodeRef:
        """Data item `ITEMS[item]` of `resource` (a node validated already): the item's properties are
        validated once, with the first resource that has it; every other resource's item has the same
        ones under its own code (a validated resource code, `#`, the validated name: a valid item code).
        Data items are two thirds of the district's nodes; `tests/test_synthetic.py` checks that every
        generated node is its own validation."""
        props = self.items.get(item)
        if props is None:
            name, data_type, identifier, personal = ITEMS[item]
            node = validation.node(Label.DATA_ITEM, {
                "code": f"{resource.key}{ITEM_SEPARATOR}{name}", "name": name, "data_type": data_type,
                "identifier_kind": identifier, "personal": personal,
            })
            self.items[item] = dict(node.props)  # its own copy: whoever takes the node may change its dict
        else:
            code = f"{resource.key}{ITEM_SEPARATOR}{props['name']}"
            node = Node(Label.DATA_ITEM, code, {**props, "code": code})
        self.nodes.append(node)
        return node.ref

    def rel(self, rel_type: RelType, start: NodeRef, end: NodeRef, props: Mapping[str, Any] | None = None) -> None:
        self.rels.append(validation.relationship(rel_type, start, end, props))

    @property
    def full(self) -> bool:
        return len(self.nodes) + len(self.rels) >= self.size

    def take(self) -> Batch:
        batch = Batch(self.nodes, self.rels)
        self.nodes, self.rels = [], []
        return batch


def _org_code(body: str) -> str:
    """An organisation code (组织机构代码, GB 11714): 8 characters and their check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(w * int(c) for w, c in zip(weights, body)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _credit_code(region: str, serial: int) -> str:
    """A unified social credit code of a state organ (11…) in `region`, with valid check characters."""
    partial = f"11{region}{_org_code(f'{serial:08d}')}"
    return partial + str(uscc.calc_check_digit(partial))


def _district(d: int) -> tuple[str, str, str]:
    """District `d` of a province: the 16 of `DISTRICTS`, then, from the 17th on, the same again numbered
    (石景山2区, prefix `SJS2`), so that every district has its own codes at any scale (the administrative
    division code, used only inside credit codes whose serials are distinct, may repeat)."""
    name, prefix, region = DISTRICTS[d % len(DISTRICTS)]
    round_ = d // len(DISTRICTS)
    if round_ == 0:
        return name, prefix, region
    return f"{name[:-1]}{round_ + 1}区", f"{prefix}{round_ + 1}", region


class SyntheticDistrict:
    """The plan of a synthetic district at one scale and seed; `batches` streams its records."""

    def __init__(self, scale: float, seed: int = 0) -> None:
        self.scale = scale
        self.seed = seed
        self.sizes = sizes(scale)
        rng = random.Random(seed)
        s = self.sizes
        self._districts = [_district(d) for d in range(s.districts)]
        # Departments, systems and resources are split evenly between districts, in index order.
        self._dept_district = [d * s.districts // s.departments for d in range(s.departments)]
        self._dept_first = [bisect_left(self._dept_district, d) for d in range(s.districts)]
        self._res_district = [r * s.districts // s.resources for r in range(s.resources)]
        self._res_first = [bisect_left(self._res_district, d) for d in range(s.districts)] + [s.resources]
        self._sys_district = [i * s.districts // s.systems for i in range(s.systems)]
        self._sys_first = [bisect_left(self._sys_district, d) for d in range(s.districts)]
        self._dept_codes = [self._department_code(d) for d in range(s.departments)]
        # The first 5% of a district's resources are its base resources (sources), the first of them hubs.
        self._base: list[bool] = []
        self._theme: list[CatalogTheme] = []
        for r in range(s.resources):
            d = self._res_district[r]
            span = self._res_first[d + 1] - self._res_first[d]
            position = r - self._res_first[d]
            is_base = position < max(HUBS_PER_DISTRICT, span // 20)
            self._base.append(is_base)
            if is_base:
                self._theme.append(BASE_THEMES[position % len(BASE_THEMES)])
            else:
                self._theme.append(rng.choice(TOPIC_THEMES) if rng.random() < 0.5 else rng.choice(BASE_THEMES))
        self._codes = [self._resource_code(r) for r in range(s.resources)]
        self.hubs: list[str] = [
            self._codes[self._res_first[d] + h]
            for d in range(s.districts)
            for h in range(min(HUBS_PER_DISTRICT, self._res_first[d + 1] - self._res_first[d]))
        ]
        self._hub_index = [
            [self._res_first[d] + h for h in range(min(HUBS_PER_DISTRICT, self._res_first[d + 1] - self._res_first[d]))]
            for d in range(s.districts)
        ]
        # Long chains: sorted resource indices, each deriving from the one before, the first from a hub.
        self._chain_parent: dict[int, int] = {}
        self.chain_tails: list[str] = []
        for d in range(s.districts):
            first_derived = self._res_first[d] + sum(1 for r in range(self._res_first[d], self._res_first[d + 1]) if self._base[r])
            pool = range(first_derived, self._res_first[d + 1])
            chains = max(2, round(10 * scale / s.districts))
            if len(pool) < CHAIN_LENGTH * chains:
                chains = len(pool) // CHAIN_LENGTH
            members = rng.sample(pool, CHAIN_LENGTH * chains)
            for c in range(chains):
                chain = sorted(members[c * CHAIN_LENGTH : (c + 1) * CHAIN_LENGTH])
                self._chain_parent[chain[0]] = rng.choice(self._hub_index[d])
                for before, after in zip(chain, chain[1:]):
                    self._chain_parent[after] = before
                self.chain_tails.append(self._codes[chain[-1]])
        self._state = rng.getstate()

    def approximate_records(self) -> int:
        """About how many nodes and relationships `batches` yields (for a progress bar)."""
        s = self.sizes
        catalogs = s.districts * (len(BASE_THEMES) + len(TOPIC_THEMES)) + s.departments
        nodes = 5 * s.districts + s.departments + catalogs + s.systems + s.consumers + s.resources + s.data_items
        rels = (
            3 * s.departments + catalogs + 2.4 * s.systems + s.consumers + 5 * s.resources + s.data_items
            + s.derivations + s.item_derivations + 2.5 * s.uses + 2 * s.citations
        )
        return int(nodes + s.uses + s.citations + rels)

    # Codes.

    def _department_code(self, d: int) -> str:
        district = self._dept_district[d]
        _, prefix, region = self._districts[district]
        position = d - self._dept_first[district]
        if position % len(DEPARTMENTS) == _POLICE:  # public security has its credit code
            return _credit_code(region, 10_000_000 + d)
        return f"{prefix}-D{position + 1:04d}"

    def platform_code(self, district: int, key: str) -> str:
        return f"{self._districts[district][1]}-PF-{key}"

    def catalog_code(self, district: int, kind: CatalogKind, theme: CatalogTheme) -> str:
        return f"{self._districts[district][1]}-{kind.value}-{theme.value.replace('_', '-')}"

    def system_code(self, i: int) -> str:
        return f"{self._districts[self._sys_district[i]][1]}-S{i + 1:05d}"

    def consumer_code(self, c: int) -> str:
        """Consumer `c`: of a department (the first `consumers - consumers // 15`) or a public application."""
        n = self.sizes.consumers
        if c < n - max(1, n // 15):
            return f"CON-{self._dept_codes[c % self.sizes.departments]}-{c + 1:05d}"
        return f"CON-APP-{c + 1:05d}"

    def planned_codes(self) -> dict[Label, list[str]]:
        """The codes `batches` gives each kind of organisation, system, catalog and resource, in order, without
        generating them (cheap at any scale; a repeated code would merge two planned nodes into one)."""
        s = self.sizes
        return {
            Label.PLATFORM: [self.platform_code(d, key) for d in range(s.districts) for key in PLATFORMS],
            Label.DEPARTMENT: list(self._dept_codes),
            Label.CATALOG: [
                self.catalog_code(d, kind, theme)
                for d in range(s.districts)
                for kind, themes in ((CatalogKind.BASE, BASE_THEMES), (CatalogKind.THEME, TOPIC_THEMES))
                for theme in themes
            ] + [f"DEPT-{code}" for code in self._dept_codes],
            Label.SYSTEM: [self.system_code(i) for i in range(s.systems)],
            Label.CONSUMER: [self.consumer_code(c) for c in range(s.consumers)],
            Label.RESOURCE: list(self._codes),
        }

    def _resource_code(self, r: int) -> str:
        theme = self._theme[r]
        kind = 1 if self._base[r] else (2 if theme in TOPIC_THEMES else 3)
        return f"{kind}{_THEME_NUMBER[theme]:02d}{self._res_district[r] + 1:03d}/{r + 1:06d}"

    # Records.

    def batches(self, batch_size: int = 10_000) -> Iterator[Batch]:
        """Every record of the district, in batches of about `batch_size` (the same each time)."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        rng = random.Random()
        rng.setstate(self._state)
        return _Generation(self, rng, _Buffer(batch_size)).run()


# The days `_day` draws from, made once: a load of S=10 draws about 200,000 of them.
_DAYS = tuple(EPOCH + timedelta(days=n) for n in range(3000))


def _day(rng: random.Random, within: int = 2500) -> date:
    return _DAYS[rng.randrange(within)]


class _Generation:
    """One pass over a `SyntheticDistrict`: emits records in dependency order, keeping only compact state."""

    def __init__(self, plan: SyntheticDistrict, rng: random.Random, buf: _Buffer) -> None:
        self.p = plan
        self.s = plan.sizes
        self.rng = rng
        self.buf = buf
        self.dept_refs = [NodeRef(Label.DEPARTMENT, code) for code in plan._dept_codes]
        self.dept_names: list[str] = []
        self.platforms: list[dict[str, NodeRef]] = []
        self.catalogs: list[dict[str, NodeRef]] = []
        self.dept_catalog: list[NodeRef] = []
        self.systems: list[NodeRef] = []
        self.system_operator = array("i")
        self.dept_systems: list[list[int]] = [[] for _ in range(self.s.departments)]
        self.consumers: list[NodeRef] = []
        self.consumer_dept = array("i")
        self.res_items: list[tuple[int, ...]] = []
        self.res_listed: list[bool] = []
        self.res_provider = array("i")
        self.res_refs = [NodeRef(Label.RESOURCE, code) for code in plan._codes]
        self.use_resource = array("i")
        self.use_granted = array("b")
        # Lineage steps, drawn with their resource but emitted after every resource (see `lineage`).
        self.derivations: list[tuple[NodeRef, NodeRef, dict[str, Any]]] = []

    def run(self) -> Iterator[Batch]:
        for step in (self.platforms_and_departments, self.catalogs_step, self.systems_step, self.consumers_step,
                     self.resources, self.lineage, self.uses, self.citations):
            for _ in step():
                if self.buf.full:
                    yield self.buf.take()
        if self.buf.nodes or self.buf.rels:
            yield self.buf.take()

    # Each step yields after every entity so that `run` can cut a batch there.

    def platforms_and_departments(self) -> Iterator[None]:
        rng = self.rng
        for d, (district, _, _) in enumerate(self.p._districts):
            kinds = {key: (kind, f"{district}{name}") for key, (kind, name) in PLATFORMS.items()}
            self.platforms.append(
                {key: self.buf.node(Label.PLATFORM, {"code": self.p.platform_code(d, key), "name": name, "kind": kind})
                 for key, (kind, name) in kinds.items()}
            )
            yield None
        for dept in range(self.s.departments):
            home = self.p._dept_district[dept]
            position = dept - self.p._dept_first[home]
            base = DEPARTMENTS[position % len(DEPARTMENTS)]
            round_ = position // len(DEPARTMENTS)
            name = f"北京市{self.p._districts[home][0]}{base}" + (f"第{round_ + 1}分支机构" if round_ else "")
            self.dept_names.append(name)
            street = base.endswith("街道办事处")
            kind = DepartmentKind.COORDINATING_BODY if position == _LEADING_OFFICE else (
                DepartmentKind.ADMINISTRATIVE_INSTITUTION if base.endswith("中心") else DepartmentKind.STATE_ORGAN
            )
            props: dict[str, Any] = {
                "code": self.p._dept_codes[dept],
                "name": name,
                "kind": kind,
                "level": Level.STREET if street else Level.DISTRICT,
                "security_exempt": position % len(DEPARTMENTS) == _POLICE,
                "roles": _ROLES.get(position, []),
                "short_name": base[:20],
            }
            ref = self.buf.node(Label.DEPARTMENT, props)
            government = self.dept_refs[self.p._dept_first[home]]
            if ref != government:
                self.buf.rel(RelType.SUBORDINATE_TO, ref, government)
            if position == _EIC:
                for platform in self.platforms[home].values():
                    self.buf.rel(RelType.OPERATES, ref, platform)
            if position > _STATS and rng.random() < 0.1:
                self.buf.rel(RelType.GUIDES, self.dept_refs[self.p._dept_first[home] + _STATS], ref)
            yield None

    def catalogs_step(self) -> Iterator[None]:
        rng = self.rng
        for d, (district_name, _, _) in enumerate(self.p._districts):
            eic = self.dept_refs[min(self.p._dept_first[d] + _EIC, self.s.departments - 1)]
            found: dict[str, NodeRef] = {}
            for kind, themes in ((CatalogKind.BASE, BASE_THEMES), (CatalogKind.THEME, TOPIC_THEMES)):
                for theme in themes:
                    ref = self.buf.node(Label.CATALOG, {
                        "code": self.p.catalog_code(d, kind, theme),
                        "name": f"{district_name}{theme.zh}{'基础' if kind is CatalogKind.BASE else '主题'}信息资源目录",
                        "kind": kind, "theme": theme, "updated_at": _day(rng),
                    })
                    self.buf.rel(RelType.MAINTAINS, eic, ref)
                    found[theme.value] = ref
                    yield None
            self.catalogs.append(found)
        for dept in range(self.s.departments):
            code = self.p._dept_codes[dept]
            ref = self.buf.node(Label.CATALOG, {
                "code": f"DEPT-{code}", "name": f"{self.dept_names[dept]}政务信息资源目录",
                "kind": CatalogKind.DEPARTMENT, "updated_at": _day(rng),
            })
            self.dept_catalog.append(ref)
            self.buf.rel(RelType.MAINTAINS, self.dept_refs[dept], ref)
            district = self.p._dept_district[dept]
            if rng.random() < 0.3:
                theme = rng.choice(TOPIC_THEMES)
                self.buf.rel(RelType.CONTRIBUTES_TO, self.dept_refs[dept], self.catalogs[district][theme.value])
            yield None

    def systems_step(self) -> Iterator[None]:
        rng = self.rng
        for i in range(self.s.systems):
            d = self.p._sys_district[i]
            first = self.p._dept_first[d]
            last = self.p._dept_first[d + 1] if d + 1 < self.s.districts else self.s.departments
            operator = first + (i - self.p._sys_first[d]) % (last - first)
            security = self.p._dept_codes[operator][0].isdigit()
            hosting = Hosting.DEPARTMENT_CLOUD if security else _HOSTING.draw(rng)
            ref = self.buf.node(Label.SYSTEM, {
                "code": self.p.system_code(i),
                "name": f"{DEPARTMENTS[(operator - first) % len(DEPARTMENTS)][:8]}{rng.choice(SYSTEM_KINDS)}",
                "hosting": hosting,
                "network": _NETWORK.draw(rng),
                "protection_level": _PROTECTION_LEVEL.draw(rng),
                "classified": security and rng.random() < 0.3,
                "cross_department_sharing": rng.random() < 0.1,
                "cross_level_sharing": rng.random() < 0.05,
                "built_at": _day(rng, 3000) - timedelta(days=1500),
                "on_integration_list": rng.random() < 0.4,
            })
            self.systems.append(ref)
            self.system_operator.append(operator)
            self.dept_systems[operator].append(i)
            self.buf.rel(RelType.OPERATES, self.dept_refs[operator], ref)
            platform = {Hosting.GOVERNMENT_CLOUD: "CLOUD", Hosting.DEPARTMENT_CLOUD: "DCLOUD"}.get(hosting)
            if platform:
                self.buf.rel(RelType.HOSTED_ON, ref, self.platforms[d][platform])
            yield None
        # Interfaces: some rings (cycles of 3 to 5 systems) and random pairs, within a district.
        pairs: set[tuple[int, int]] = set()
        for d in range(self.s.districts):
            members = [i for i in range(self.s.systems) if self.p._sys_district[i] == d]
            for _ in range(max(1, len(members) // 30)):
                ring = rng.sample(members, min(len(members), rng.randint(3, 5)))
                pairs.update(zip(ring, ring[1:] + ring[:1]))
            for i in members:
                if rng.random() < 0.6:
                    pairs.add((i, rng.choice(members)))
        for a, b in sorted(pairs):
            if a != b:
                self.buf.rel(RelType.EXCHANGES_WITH, self.systems[a], self.systems[b])
                yield None

    def consumers_step(self) -> Iterator[None]:
        n = self.s.consumers
        public = max(1, n // 15)
        per_dept = n - public
        for c in range(n):
            if c < per_dept:
                dept = c % self.s.departments
                systems = self.dept_systems[dept]
                code = self.p.consumer_code(c)
                if c < self.s.departments or not systems:
                    props = {"code": code, "name": self.dept_names[dept], "kind": ConsumerKind.DEPARTMENT}
                else:
                    props = {"code": code, "name": f"{self.dept_names[dept][-12:]}业务系统{c + 1}号",
                             "kind": ConsumerKind.DEPARTMENT_SYSTEM}
                ref = self.buf.node(Label.CONSUMER, props)
                self.buf.rel(RelType.ACTS_FOR, ref, self.dept_refs[dept])
                self.consumer_dept.append(dept)
            else:
                ref = self.buf.node(Label.CONSUMER, {"code": self.p.consumer_code(c), "name": f"便民服务应用{c + 1}号",
                                                     "kind": ConsumerKind.PUBLIC_APPLICATION})
                self.consumer_dept.append(-1)
            self.consumers.append(ref)
            yield None

    def _name(self, r: int, hub: bool) -> str:
        theme = self.p._theme[r]
        if hub:
            return HUB_NAMES[theme]
        subjects, kinds = SUBJECTS.get(theme, _TOPIC_SUBJECTS)
        prefix = "" if theme in BASE_THEMES else theme.zh
        return f"{prefix}{self.rng.choice(subjects)}{self.rng.choice(kinds)}"

    def resources(self) -> Iterator[None]:
        rng = self.rng
        s = self.s
        item_share = s.item_derivations / max(1, s.derivations)
        # Derived resources take 1-3 parents; set the odds of a source so that the total is `derivations`.
        derived_share = min(0.95, s.derivations / (2.08 * max(1, s.resources - sum(self.p._base))))
        for r in range(s.resources):
            d = self.p._res_district[r]
            first = self.p._dept_first[d]
            last = self.p._dept_first[d + 1] if d + 1 < s.districts else s.departments
            base = self.p._base[r]
            position = r - self.p._res_first[d]
            hub = base and position < HUBS_PER_DISTRICT
            # Hubs come from public security (population, licences) and market regulation (legal persons…).
            provider = first + (position if not hub else (_POLICE if position % 2 == 0 else _MARKET)) % (last - first)
            systems = self.dept_systems[provider] or [rng.randrange(s.systems)]
            theme = self.p._theme[r]
            share = ShareType.CONDITIONAL if base else _SHARE_TYPE.draw(rng)
            status = ResourceStatus.ACTIVE if base or r in self.p._chain_parent else _RESOURCE_STATUS.draw(rng)
            open_type = OpenType.NOT_OPEN if share is ShareType.NOT_SHARED else _OPEN_TYPE.draw(rng)
            aggregated = base or rng.random() < 0.6
            items = tuple(sorted(rng.sample(range(len(ITEMS)), rng.randint(MIN_ITEMS, MAX_ITEMS))))
            personal = any(ITEMS[i][3] for i in items)
            props: dict[str, Any] = {
                "code": self.p._codes[r],
                "name": self._name(r, hub),
                "summary": f"{self.dept_names[provider]}依职责采集、维护的{theme.zh}相关信息资源",
                "classification": f"{'基础' if base else '主题'}/{theme.zh}",
                "format_class": FormatClass.DATABASE if rng.random() < 0.8 else FormatClass.SPREADSHEET,
                "update_cycle": rng.choice(list(UpdateCycle)),
                "share_type": share,
                "share_mode_class": ShareModeClass.PLATFORM,
                "share_mode_type": "接口" if rng.random() < 0.6 else "库表",
                "open_type": open_type,
                "aggregated": aggregated,
                "contains_personal_info": personal,
                "desensitised": personal and open_type is not OpenType.NOT_OPEN,
                "published_at": _day(rng),
                "status": status,
            }
            if share is ShareType.CONDITIONAL:
                props["share_condition"] = "仅限政务部门依职责使用"
            elif share is ShareType.NOT_SHARED:
                props["legal_basis"] = "《中华人民共和国保守国家秘密法》"
            if open_type is OpenType.CONDITIONAL:
                props["open_condition"] = "经申请审核后开放"
            ref = self.buf.node(Label.RESOURCE, props)
            self.res_items.append(items)
            self.res_provider.append(provider)
            listed = status is not ResourceStatus.UNCATALOGUED
            self.res_listed.append(listed)
            self.buf.rel(RelType.PROVIDES, self.dept_refs[provider], ref)
            self.buf.rel(RelType.HOLDS, self.systems[rng.choice(systems)], ref)
            if listed:
                self.buf.rel(RelType.LISTED_IN, ref, self.dept_catalog[provider])
                self.buf.rel(RelType.LISTED_IN, ref, self.catalogs[d][theme.value])
            if aggregated:
                self.buf.rel(RelType.AGGREGATED_ON, ref, self.platforms[d]["BDP"], {"since": _day(rng)})
            if open_type is not OpenType.NOT_OPEN:
                self.buf.rel(RelType.PUBLISHED_ON, ref, self.platforms[d]["OPEN"], {"since": _day(rng)})
            for i in items:
                self.buf.rel(RelType.HAS_ITEM, ref, self.buf.item(ref, i))
            parents = self._parents(r, base, derived_share)
            if not parents:
                self.buf.rel(RelType.COLLECTS, self.dept_refs[provider], NodeRef(Label.DATA_ITEM, f"{props['code']}#{ITEMS[items[0]][0]}"))
            for parent in parents:
                system = self.systems[rng.choice(systems)].key
                self.derivations.append((ref, self.res_refs[parent], {
                    "transform": rng.choice(("按年汇总", "关联比对", "清洗转换", "抽取", "统计分析")),
                    "system": system, "desensitisation": rng.random() < 0.15,
                }))
                if rng.random() < item_share:  # item-level lineage: the same item where both have it
                    common = sorted(set(items) & set(self.res_items[parent]))
                    mine, theirs = (ITEMS[rng.choice(common)][0],) * 2 if common else (
                        ITEMS[items[0]][0], ITEMS[self.res_items[parent][0]][0])
                    self.derivations.append((NodeRef(Label.DATA_ITEM, f"{props['code']}#{mine}"),
                                             NodeRef(Label.DATA_ITEM, f"{self.p._codes[parent]}#{theirs}"), {"system": system}))
            yield None

    def lineage(self) -> Iterator[None]:
        """The lineage steps drawn in `resources`, after every resource: a resource batch then never joins a
        node of the batch before it, so a bulk loader may write such batches side by side."""
        for start, end, props in self.derivations:
            self.buf.rel(RelType.DERIVED_FROM, start, end, props)
            yield None
        self.derivations.clear()

    def _parents(self, r: int, base: bool, derived_share: float) -> list[int]:
        """Earlier resources `r` derives from: its chain predecessor, hubs, and others of its district."""
        if base:
            return []
        rng = self.rng
        d = self.p._res_district[r]
        chained = self.p._chain_parent.get(r)
        if chained is None and rng.random() >= derived_share:
            return []
        want = _PARENT_COUNT.draw(rng)
        parents = [chained] if chained is not None else []
        first = self.p._res_first[d]
        for _ in range(8 * want):
            if len(parents) >= want:
                break
            roll = rng.random()
            if roll < HUB_PARENT_SHARE:
                candidate = rng.choice(self.p._hub_index[d if roll > 0.02 else 0])
            else:
                candidate = rng.randrange(first, r)
            if candidate != r and candidate not in parents:
                parents.append(candidate)
        return parents

    def uses(self) -> Iterator[None]:
        rng = self.rng
        s = self.s
        hubs = [h for district in self.p._hub_index for h in district]
        listed = [r for r in range(s.resources) if self.res_listed[r]]
        for u in range(s.uses):
            status = _USE_STATUS.draw(rng)
            resource = rng.choice(hubs) if rng.random() < HUB_USE_SHARE else rng.choice(listed)
            consumer = rng.randrange(len(self.consumers))
            requested = _day(rng)
            props: dict[str, Any] = {
                "id": f"U{u + 1:07d}", "purpose": rng.choice(PURPOSES), "status": status, "requested_at": requested,
                "reply_due": requested + timedelta(days=14), "duty_basis": "《石景山区政务信息资源共享开放管理办法》第十九条",
            }
            if status in (UseStatus.GRANTED, UseStatus.REVOKED, UseStatus.EXPIRED):
                granted = requested + timedelta(days=rng.randint(1, 14))
                props["granted_at"] = granted
                props["expires_at"] = granted + timedelta(days=365 if status is UseStatus.GRANTED else rng.randint(30, 200))
                props["citation_permitted"] = rng.random() < 0.5
            elif status is UseStatus.DENIED:
                props["decision_reason"] = "申请用途超出职责范围"
            if rng.random() < 0.3:
                items = self.res_items[resource]
                props["items"] = [ITEMS[i][0] for i in rng.sample(items, min(len(items), rng.randint(1, 4)))]
            ref = self.buf.node(Label.USE, props)
            self.buf.rel(RelType.REQUESTS, self.consumers[consumer], ref)
            self.buf.rel(RelType.OF, ref, self.res_refs[resource])
            dept = self.consumer_dept[consumer]
            if dept >= 0 and self.dept_systems[dept] and rng.random() < 0.5:
                self.buf.rel(RelType.VIA, ref, self.systems[rng.choice(self.dept_systems[dept])])
            self.use_resource.append(resource)
            self.use_granted.append(status is UseStatus.GRANTED)
            yield None

    def citations(self) -> Iterator[None]:
        rng = self.rng
        granted = [u for u in range(self.s.uses) if self.use_granted[u]] or list(range(self.s.uses))
        for c in range(self.s.citations):
            use = rng.choice(granted)
            resource = self.use_resource[use]
            kind = _DOCUMENT_KIND.draw(rng)
            permission = CitationPermission.NOT_REQUIRED if kind is DocumentKind.OTHER else _PERMISSION.draw(rng)
            props = {
                "id": f"C{c + 1:07d}",
                "document": f"关于{rng.choice(PURPOSES)[2:]}的{rng.choice(DOCUMENTS)}",
                "document_kind": kind,
                "permission": permission,
                "attribution": f"数据来源：{self.dept_names[self.res_provider[resource]]}",
                "cited_at": _day(rng),
            }
            ref = self.buf.node(Label.CITATION, props)
            self.buf.rel(RelType.CITES, ref, self.res_refs[resource])
            self.buf.rel(RelType.UNDER, ref, NodeRef(Label.USE, f"U{use + 1:07d}"))
            yield None


def generate(scale: float, seed: int = 0, batch_size: int = 10_000) -> Iterator[Batch]:
    """The records of `SyntheticDistrict(scale, seed)` in batches (see the module docstring)."""
    return SyntheticDistrict(scale, seed).batches(batch_size)
