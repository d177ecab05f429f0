"""The policy's closed vocabularies (enums), each stored by an English code and read also in Chinese.

A value can be given as its code (`CONDITIONAL`, any case), its Chinese term (`有条件共享`) or any
wording of `SYNONYMS`, the one table of the words departments write for each term (每天 for 每日,
字符型C or C for 字符型…), so loaders accept files as departments write them while the graph keeps
one spelling. Wordings are matched after `normalise` (full-width to half-width, case, spaces and
hyphens ignored). docs/vocabulary.md lists the table (`python -m graph.terms` writes it).

Two lists the Measures keep open ("如…等"): the themes of base catalogs (Art.7) and of theme catalogs
(Art.8). `CatalogTheme.read` accepts any other theme as OTHER with its own Chinese name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, Self

from graph.i18n import CHINESE, _, current_language


def normalise(text: str) -> str:
    """A wording as matched: NFKC (full-width letters and digits to half-width), case-folded, without spaces, - _ or ·."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())


_IGNORED = re.compile(r"[\s\-_·・]+")


class Term(str, Enum):
    """A policy term: `value` is the stored code, `zh` the Chinese term the Measures or the template use."""

    zh: str

    def __new__(cls, value: str, zh: str) -> Term:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        return obj

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        return _INDEX.get(cls, {}).get(normalise(value))

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member spelled `text` (code, Chinese term or a wording of `SYNONYMS`); ValueError if none is."""
        return cls(text)  # type: ignore[call-arg]  # Enum lookup by value, which _missing_ widens

    @classmethod
    def choices(cls) -> str:
        """The accepted terms, for error messages: 实时、每日… in Chinese, REALTIME (实时), DAILY (每日)… in English."""
        return _(", ").join(_("{code} ({term})", code=m.value, term=m.zh) for m in cls)

    @property
    def label(self) -> str:
        """The term as a person reads it in the current language: the Chinese term, or the code in English."""
        return self.zh if current_language() == CHINESE else self.value


class DepartmentKind(Term):
    """What kind of body a department is (Art.2, Art.4, Art.39)."""

    STATE_ORGAN = "STATE_ORGAN", "国家机关"
    ADMINISTRATIVE_INSTITUTION = "ADMINISTRATIVE_INSTITUTION", "具有行政职能的事业单位和社会组织"
    BY_REFERENCE = "BY_REFERENCE", "参照执行单位"
    COORDINATING_BODY = "COORDINATING_BODY", "议事协调机构"


class Level(Term):
    """Administrative level of a department or a resource (Art.4, Art.20)."""

    NATIONAL = "NATIONAL", "国家级"
    MUNICIPAL = "MUNICIPAL", "市级"
    DISTRICT = "DISTRICT", "区级"
    STREET = "STREET", "街道级"


class DepartmentRole(Term):
    """A body the Measures give a named duty to (Art.4, Art.20, Art.27, Art.33, Art.35, Art.38)."""

    LEADING_GROUP = "LEADING_GROUP", "区信息化工作领导小组"
    LEADING_GROUP_OFFICE = "LEADING_GROUP_OFFICE", "领导小组办公室"
    EIC = "EIC", "区经济信息化委"
    MUNICIPAL_EIC = "MUNICIPAL_EIC", "市经济信息化委"
    INTRANET_COORDINATION_GROUP = "INTRANET_COORDINATION_GROUP", "区电子政务内网建设与管理协调小组"
    CONFIDENTIAL_BUREAU = "CONFIDENTIAL_BUREAU", "区委机要局"
    STAFFING_OFFICE = "STAFFING_OFFICE", "区编办"
    AUDIT_BUREAU = "AUDIT_BUREAU", "区审计局"
    FINANCE_BUREAU = "FINANCE_BUREAU", "区财政局"
    PERFORMANCE_OFFICE = "PERFORMANCE_OFFICE", "区绩效办"
    SUPERVISION_COMMISSION = "SUPERVISION_COMMISSION", "区监察委"
    INDUSTRY_REGULATOR = "INDUSTRY_REGULATOR", "行业主管部门"


class Hosting(Term):
    """Where a system runs (Art.28)."""

    GOVERNMENT_CLOUD = "GOVERNMENT_CLOUD", "区政务云"
    DEPARTMENT_CLOUD = "DEPARTMENT_CLOUD", "部门云"
    SELF_HOSTED = "SELF_HOSTED", "自建机房"
    MUNICIPAL = "MUNICIPAL", "市级平台"


class Network(Term):
    """Which network a system sits on (Art.14, Art.17, Art.27)."""

    EXTRANET = "EXTRANET", "电子政务外网"
    INTRANET = "INTRANET", "电子政务内网"
    INTERNET = "INTERNET", "互联网"


class SystemStatus(Term):
    """Life-cycle state of an information system."""

    PLANNED = "PLANNED", "规划中"
    BUILDING = "BUILDING", "建设中"
    IN_SERVICE = "IN_SERVICE", "运行中"
    RETIRED = "RETIRED", "已下线"


class CatalogKind(Term):
    """The three catalog kinds (Art.6–9); share and open catalogs are derived, never stored (Art.10)."""

    BASE = "BASE", "基础目录"
    THEME = "THEME", "主题目录"
    DEPARTMENT = "DEPARTMENT", "部门目录"


class CatalogTheme(Term):
    """The subject of a base catalog (Art.7) or a theme catalog (Art.8).

    Both articles list their themes with 如…等 / 等, an open list: a theme not listed here is OTHER
    with its own Chinese name (`read`), kept and reported as a custom theme, never refused.
    """

    POPULATION = "POPULATION", "人口"
    LEGAL_PERSON = "LEGAL_PERSON", "法人"
    GEOSPATIAL = "GEOSPATIAL", "地理空间"
    VIDEO_IMAGE = "VIDEO_IMAGE", "视频图像"
    E_LICENCE = "E_LICENCE", "电子证照"
    GOVERNMENT_SERVICE = "GOVERNMENT_SERVICE", "政务服务"
    SOCIAL_SECURITY = "SOCIAL_SECURITY", "社会保障"
    HEALTHCARE = "HEALTHCARE", "医疗健康"
    FOOD_DRUG_SAFETY = "FOOD_DRUG_SAFETY", "食品药品安全"
    ENVIRONMENT = "ENVIRONMENT", "生态环保"
    URBAN_MANAGEMENT = "URBAN_MANAGEMENT", "城市管理"
    COMMUNITY_GOVERNANCE = "COMMUNITY_GOVERNANCE", "社区治理"
    CREDIT = "CREDIT", "信用体系"
    EMERGENCY_STABILITY = "EMERGENCY_STABILITY", "应急维稳"
    WORK_SAFETY = "WORK_SAFETY", "安全生产"
    OTHER = "OTHER", "其他"

    @classmethod
    def read(cls, text: str) -> tuple[CatalogTheme, str | None]:
        """The listed theme `text` names, or OTHER and `text` itself as a custom theme's name (Art.7, Art.8: 等)."""
        try:
            return cls.parse(text), None
        except ValueError:
            return cls.OTHER, text.strip()


class ShareType(Term):
    """Share type of a resource (Art.18); ordered from least to most restricted."""

    UNCONDITIONAL = "UNCONDITIONAL", "无条件共享"
    CONDITIONAL = "CONDITIONAL", "有条件共享"
    NOT_SHARED = "NOT_SHARED", "不予共享"


class OpenType(Term):
    """Whether a resource is opened to society (Art.21–23); template column 是否向社会开放 + 开放条件."""

    UNCONDITIONAL = "UNCONDITIONAL", "无条件开放"
    CONDITIONAL = "CONDITIONAL", "有条件开放"
    NOT_OPEN = "NOT_OPEN", "不予开放"


class UpdateCycle(Term):
    """Update cycle of a resource (national catalog template 更新周期)."""

    REALTIME = "REALTIME", "实时"
    DAILY = "DAILY", "每日"
    WEEKLY = "WEEKLY", "每周"
    MONTHLY = "MONTHLY", "每月"
    QUARTERLY = "QUARTERLY", "每季度"
    HALF_YEARLY = "HALF_YEARLY", "每半年"
    YEARLY = "YEARLY", "每年"
    OTHER = "OTHER", "其他"


class FormatClass(Term):
    """Format class of a resource (national catalog template 信息资源格式分类)."""

    DATABASE = "DATABASE", "数据库"
    ELECTRONIC_FILE = "ELECTRONIC_FILE", "电子文件"
    SPREADSHEET = "SPREADSHEET", "电子表格"
    IMAGE = "IMAGE", "图形图像"
    STREAMING_MEDIA = "STREAMING_MEDIA", "流媒体"
    SELF_DESCRIBING = "SELF_DESCRIBING", "自描述格式"
    OTHER = "OTHER", "其他"


class ShareModeClass(Term):
    """How a resource is shared (national catalog template 共享方式分类)."""

    PLATFORM = "PLATFORM", "共享平台方式"
    EMAIL_OR_MEDIA = "EMAIL_OR_MEDIA", "邮件或介质方式"
    OTHER = "OTHER", "其他方式"


class PriorityDomain(Term):
    """Priority domains for opening (Art.22)."""

    ADMINISTRATIVE_APPROVAL = "ADMINISTRATIVE_APPROVAL", "行政审批"
    CREDIT = "CREDIT", "信用"
    TRANSPORT = "TRANSPORT", "交通"
    MEDICAL = "MEDICAL", "医疗"
    HEALTH = "HEALTH", "卫生"
    GEOGRAPHY = "GEOGRAPHY", "地理"
    CULTURE = "CULTURE", "文化"
    ELDERLY_CARE = "ELDERLY_CARE", "养老"
    EDUCATION = "EDUCATION", "教育"
    ENVIRONMENT = "ENVIRONMENT", "环境"
    TOURISM = "TOURISM", "旅游"
    AGRICULTURE = "AGRICULTURE", "农业"
    STATISTICS = "STATISTICS", "统计"
    METEOROLOGY = "METEOROLOGY", "气象"
    OTHER = "OTHER", "其他"


class ResourceStatus(Term):
    """Whether a resource is listed: in force, retired, or seen in lineage but in no catalog yet (Art.6)."""

    ACTIVE = "ACTIVE", "在用"
    RETIRED = "RETIRED", "已撤销"
    UNCATALOGUED = "UNCATALOGUED", "未编目"


class DataType(Term):
    """Data type of an information item (national catalog template 数据类型, each with its letter: 字符型C)."""

    CHARACTER = "CHARACTER", "字符型"
    NUMERIC = "NUMERIC", "数值型"
    CURRENCY = "CURRENCY", "货币型"
    DATE = "DATE", "日期型"
    DATETIME = "DATETIME", "日期时间型"
    LOGICAL = "LOGICAL", "逻辑型"
    MEMO = "MEMO", "备注型"
    GENERAL = "GENERAL", "通用型"
    DOUBLE = "DOUBLE", "双精度型"
    INTEGER = "INTEGER", "整型"
    FLOAT = "FLOAT", "浮点型"

    @property
    def letter(self) -> str:
        """The template's letter for the type (C for 字符型)."""
        return _DATA_TYPE_LETTERS[self]


_DATA_TYPE_LETTERS = MappingProxyType({
    DataType.CHARACTER: "C", DataType.NUMERIC: "N", DataType.CURRENCY: "Y", DataType.DATE: "D",
    DataType.DATETIME: "T", DataType.LOGICAL: "L", DataType.MEMO: "M", DataType.GENERAL: "G",
    DataType.DOUBLE: "B", DataType.INTEGER: "I", DataType.FLOAT: "F",
})


class YesNo(Term):
    """A yes/no column of the national template (是否向社会开放)."""

    YES = "YES", "是"
    NO = "NO", "否"


class IdentifierKind(Term):
    """Which identifier a data item carries (Art.13)."""

    CITIZEN_ID = "CITIZEN_ID", "公民身份号码"
    CREDIT_CODE = "CREDIT_CODE", "统一社会信用代码"
    OTHER = "OTHER", "其他标识"
    NONE = "NONE", "无"


class PlatformKind(Term):
    """Kinds of platform (Art.14–17, Art.28)."""

    BIG_DATA = "BIG_DATA", "区级大数据管理平台"
    INTRANET_SHARING = "INTRANET_SHARING", "内网共享平台"
    OPEN_PORTAL = "OPEN_PORTAL", "开放平台"
    GOVERNMENT_CLOUD = "GOVERNMENT_CLOUD", "区政务云"
    DEPARTMENT_CLOUD = "DEPARTMENT_CLOUD", "部门云"


class ConsumerKind(Term):
    """Who consumes a resource: a department, one of its systems, or a public application."""

    DEPARTMENT = "DEPARTMENT", "政务部门"
    DEPARTMENT_SYSTEM = "DEPARTMENT_SYSTEM", "部门业务系统"
    PUBLIC_APPLICATION = "PUBLIC_APPLICATION", "社会应用"


class UseStatus(Term):
    """State of a use of a shared resource (Art.19–20, Art.24)."""

    REQUESTED = "REQUESTED", "已申请"
    NEGOTIATING = "NEGOTIATING", "协商中"
    GRANTED = "GRANTED", "已授权"
    DENIED = "DENIED", "已拒绝"
    ESCALATED_TO_EIC = "ESCALATED_TO_EIC", "区经济信息化委协调中"
    ESCALATED_TO_LEADING_GROUP = "ESCALATED_TO_LEADING_GROUP", "提请领导小组审议"
    REVOKED = "REVOKED", "已撤销"
    EXPIRED = "EXPIRED", "已过期"


class DocumentKind(Term):
    """The kind of document a citation appears in (Art.25)."""

    MAJOR_DECISION = "MAJOR_DECISION", "重大决策"
    ISSUED_DOCUMENT = "ISSUED_DOCUMENT", "印发文件"
    OTHER = "OTHER", "其他"


class CitationPermission(Term):
    """The provider's permission to cite shared data (Art.25)."""

    NOT_REQUIRED = "NOT_REQUIRED", "无需许可"
    REQUESTED = "REQUESTED", "已申请"
    GRANTED = "GRANTED", "已许可"
    DENIED = "DENIED", "不予许可"


class OpenRequestStatus(Term):
    """State of a request to open data (Art.22)."""

    NOTIFIED = "NOTIFIED", "已转办"
    OPENED = "OPENED", "已开放"
    REFUSED = "REFUSED", "不予开放"


class DemandStatus(Term):
    """State of a demand for data no catalog has (Art.20)."""

    REQUESTED = "REQUESTED", "已提出"
    PROVIDER_ASSIGNED = "PROVIDER_ASSIGNED", "已明确提供部门"
    CATALOGUED = "CATALOGUED", "已编目"
    REJECTED = "REJECTED", "不予采集"


class ErrorReportStatus(Term):
    """State of an error report on shared data (Art.25–26)."""

    REPORTED = "REPORTED", "已报告"
    VERIFIED = "VERIFIED", "已核实"
    CORRECTED = "CORRECTED", "已更正"
    REJECTED = "REJECTED", "核实无误"


class ProjectStage(Term):
    """Stage of an information project (Art.9, Art.35)."""

    APPLIED = "APPLIED", "已申报"
    PRE_REVIEWED = "PRE_REVIEWED", "已预审"
    APPROVED = "APPROVED", "已批复"
    COMPLETED = "COMPLETED", "已建成"
    ACCEPTED = "ACCEPTED", "已验收"
    REJECTED = "REJECTED", "未通过"


class CatalogChangeKind(Term):
    """What obliges a catalog update within 15 working days (Art.9)."""

    LAW_CHANGE = "LAW_CHANGE", "法律法规修订"
    FUNCTION_CHANGE = "FUNCTION_CHANGE", "行政管理职能变化"


class OrderStage(Term):
    """Stage of a rectification order by the Leading Group Office (Art.38)."""

    ORDERED = "ORDERED", "责令整改"
    CORRECTED = "CORRECTED", "已整改"
    CRITICISED = "CRITICISED", "通报批评"
    REPORTED = "REPORTED", "报告领导小组"


# The wordings departments write for each term, beside its code and its Chinese term: the one table
# of synonyms. The national template's enumerated columns (发改高技〔2017〕1272号) first: every
# spelling its guide gives and those in common use. Wordings are compared after `normalise`.
SYNONYMS: Mapping[type[Term], Mapping[Term, tuple[str, ...]]] = MappingProxyType({
    UpdateCycle: {  # 更新周期
        UpdateCycle.REALTIME: ("实时更新", "即时", "实时推送", "real-time", "realtime"),
        UpdateCycle.DAILY: ("每天", "日", "天", "按日", "按天", "每日更新", "每天更新", "日更新", "daily"),
        UpdateCycle.WEEKLY: ("周", "每星期", "按周", "每周更新", "周更新", "weekly"),
        UpdateCycle.MONTHLY: ("月", "每个月", "按月", "月度", "每月更新", "月更新", "monthly"),
        UpdateCycle.QUARTERLY: ("季度", "季", "每季", "按季", "按季度", "每季度更新", "季度更新", "quarterly"),
        UpdateCycle.HALF_YEARLY: ("半年", "每半年更新", "按半年", "半年度", "half-yearly", "semiannually", "semi-annual"),
        UpdateCycle.YEARLY: ("年", "每年度", "按年", "年度", "每年更新", "年更新", "yearly", "annually", "annual"),
        UpdateCycle.OTHER: ("其它", "不定期", "不定期更新", "按需", "按需更新", "irregular"),
    },
    ShareType: {  # 共享类型
        ShareType.UNCONDITIONAL: ("无条件", "无条件共享类"),
        ShareType.CONDITIONAL: ("有条件", "有条件共享类"),
        ShareType.NOT_SHARED: ("不共享", "不予", "不可共享", "不予共享类"),
    },
    ShareModeClass: {  # 共享方式 (分类)
        ShareModeClass.PLATFORM: ("共享平台", "平台", "平台方式", "共享交换平台", "数据共享交换平台", "共享平台共享", "platform"),
        ShareModeClass.EMAIL_OR_MEDIA: ("邮件或拷盘", "邮件或拷盘方式", "介质交换", "介质交换方式", "邮件", "拷盘", "介质", "离线交换"),
        ShareModeClass.OTHER: ("其他", "其它", "其它方式"),
    },
    FormatClass: {  # 信息资源格式 (分类)
        FormatClass.DATABASE: ("数据库类", "数据库表", "库表", "database", "db"),
        FormatClass.ELECTRONIC_FILE: ("文件", "电子文档", "文档", "electronic file"),
        FormatClass.SPREADSHEET: ("表格", "excel", "spreadsheet"),
        FormatClass.IMAGE: ("图像", "图形", "图片", "image"),
        FormatClass.STREAMING_MEDIA: ("音视频", "视频", "音频", "多媒体", "streaming media"),
        FormatClass.SELF_DESCRIBING: ("自描述", "self-describing"),
        FormatClass.OTHER: ("其它",),
    },
    DataType: {  # 数据类型: the template writes the term with its letter
        DataType.CHARACTER: ("C", "字符型C", "字符", "字符串", "string", "char", "varchar"),
        DataType.NUMERIC: ("N", "数值型N", "数值", "数字", "numeric", "number", "decimal"),
        DataType.CURRENCY: ("Y", "货币型Y", "货币", "金额", "currency"),
        DataType.DATE: ("D", "日期型D", "日期", "date"),
        DataType.DATETIME: ("T", "日期时间型T", "日期时间", "时间", "时间戳", "datetime", "timestamp"),
        DataType.LOGICAL: ("L", "逻辑型L", "逻辑", "布尔", "布尔型", "boolean", "bool"),
        DataType.MEMO: ("M", "备注型M", "备注", "长文本", "memo", "text"),
        DataType.GENERAL: ("G", "通用型G", "通用", "general"),
        DataType.DOUBLE: ("B", "双精度型B", "双精度", "double"),
        DataType.INTEGER: ("I", "整型I", "整数", "整数型", "int", "integer"),
        DataType.FLOAT: ("F", "浮点型F", "浮点", "浮点数", "float"),
    },
    OpenType: {  # 开放类型
        OpenType.UNCONDITIONAL: ("无条件", "完全开放"),
        OpenType.CONDITIONAL: ("有条件", "依申请开放"),
        OpenType.NOT_OPEN: ("不开放", "不予", "不可开放", "不向社会开放"),
    },
    YesNo: {  # 是否向社会开放
        YesNo.YES: ("Y", "yes", "true", "1", "开放", "向社会开放"),
        YesNo.NO: ("N", "no", "false", "0", "不开放", "不向社会开放"),
    },
    CatalogKind: {  # the 类 of 信息资源分类
        CatalogKind.BASE: ("基础", "基础类", "基础信息资源", "基础信息资源类", "基础信息资源目录"),
        CatalogKind.THEME: ("主题", "主题类", "主题信息资源", "主题信息资源类", "主题信息资源目录"),
        CatalogKind.DEPARTMENT: ("部门", "部门类", "部门信息资源", "部门信息资源类", "部门信息资源目录"),
    },
    CatalogTheme: {  # the 项 of a base or theme 信息资源分类 (any other is a custom theme)
        CatalogTheme.POPULATION: ("人口信息", "人口基础信息"),
        CatalogTheme.LEGAL_PERSON: ("法人单位", "法人信息", "法人基础信息"),
        CatalogTheme.GEOSPATIAL: ("地理空间信息", "空间地理"),
        CatalogTheme.E_LICENCE: ("电子证照库",),
        CatalogTheme.CREDIT: ("信用", "社会信用"),
        CatalogTheme.FOOD_DRUG_SAFETY: ("食药安全",),
        CatalogTheme.OTHER: ("其它",),
    },
    DepartmentKind: {
        DepartmentKind.STATE_ORGAN: ("行政机关",),
        DepartmentKind.ADMINISTRATIVE_INSTITUTION: ("行政类事业单位",),
        DepartmentKind.BY_REFERENCE: ("事业单位", "公共企业"),
        DepartmentKind.COORDINATING_BODY: ("协调机构",),
    },
    Level: {Level.STREET: ("街道",)},
    Network: {Network.EXTRANET: ("外网",), Network.INTRANET: ("内网",)},
    IdentifierKind: {IdentifierKind.CITIZEN_ID: ("公民身份证号码", "身份证号")},
    PlatformKind: {
        PlatformKind.BIG_DATA: ("大数据平台",),
        PlatformKind.OPEN_PORTAL: ("数据开放网站",),
    },
})


def _index() -> dict[type[Term], dict[str, Term]]:
    """Each vocabulary's wordings (code, Chinese term, synonyms), normalised, to their member; a wording
    naming two members of one vocabulary is a mistake in the table, refused at import."""
    vocabularies: set[type[Term]] = set(Term.__subclasses__())
    index: dict[type[Term], dict[str, Term]] = {}
    for term in vocabularies:
        table = SYNONYMS.get(term, {})
        words: dict[str, Term] = {}
        for member in term:
            for wording in (member.value, member.zh, *table.get(member, ())):
                key = normalise(wording)
                if words.setdefault(key, member) is not member:
                    raise ValueError(f"{term.__name__}: {wording!r} names both {words[key].value} and {member.value}")
        index[term] = words
    return index


_INDEX = _index()


def synonyms_markdown() -> str:
    """The synonyms table as Markdown (docs/vocabulary.md)."""
    lines = [
        "# The template's vocabulary: accepted wordings",
        "",
        "Generated by `python -m graph.terms` from `graph/terms.py` (`SYNONYMS`); do not edit by hand.",
        "A value may be written as its code, its Chinese term or any wording listed; case, full-width",
        "letters, spaces, `-`, `_` and `·` are ignored.",
        "",
    ]
    for term, table in SYNONYMS.items():
        lines += [f"## {term.__name__}", "", f"{(term.__doc__ or '').splitlines()[0]}", "", "| code | term | also accepted |", "|---|---|---|"]
        for member in term:
            lines.append(f"| `{member.value}` | {member.zh} | {'、'.join(table.get(member, ())) or '—'} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(synonyms_markdown(), end="")
