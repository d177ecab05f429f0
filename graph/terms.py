"""The policy's closed vocabularies (enums), each stored by an English code and read also in Chinese.

A value can be given as its code (`CONDITIONAL`, any case), its Chinese term (`有条件共享`) or a
listed alias, so loaders accept files as departments write them while the graph keeps one spelling.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Self


class Term(str, Enum):
    """A policy term: `value` is the stored code, `zh` the Chinese term the Measures or the template use."""

    zh: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, zh: str, *aliases: str) -> Term:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        obj.aliases = aliases
        return obj

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        text = value.strip()
        for member in cls:
            if text.upper() == member.value or text == member.zh or text in member.aliases:
                return member
        return None

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member spelled `text` (code, Chinese term or alias); ValueError if none is."""
        return cls(text)  # type: ignore[call-arg]  # Enum lookup by value, which _missing_ widens

    @classmethod
    def choices(cls) -> str:
        """The accepted spellings, for error messages."""
        return ", ".join(f"{m.value} ({m.zh})" for m in cls)


class DepartmentKind(Term):
    """What kind of body a department is (Art.2, Art.4, Art.39)."""

    STATE_ORGAN = "STATE_ORGAN", "国家机关", "行政机关"
    ADMINISTRATIVE_INSTITUTION = "ADMINISTRATIVE_INSTITUTION", "具有行政职能的事业单位和社会组织", "行政类事业单位"
    BY_REFERENCE = "BY_REFERENCE", "参照执行单位", "事业单位", "公共企业"
    COORDINATING_BODY = "COORDINATING_BODY", "议事协调机构", "协调机构"


class Level(Term):
    """Administrative level of a department or a resource (Art.4, Art.20)."""

    NATIONAL = "NATIONAL", "国家级"
    MUNICIPAL = "MUNICIPAL", "市级"
    DISTRICT = "DISTRICT", "区级"
    STREET = "STREET", "街道级", "街道"


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

    EXTRANET = "EXTRANET", "电子政务外网", "外网"
    INTRANET = "INTRANET", "电子政务内网", "内网"
    INTERNET = "INTERNET", "互联网"


class SystemStatus(Term):
    """Life-cycle state of an information system."""

    PLANNED = "PLANNED", "规划中"
    BUILDING = "BUILDING", "建设中"
    IN_SERVICE = "IN_SERVICE", "运行中"
    RETIRED = "RETIRED", "已下线"


class CatalogKind(Term):
    """The three catalog kinds (Art.6–9); share and open catalogs are derived, never stored (Art.10)."""

    BASE = "BASE", "基础目录", "基础"
    THEME = "THEME", "主题目录", "主题"
    DEPARTMENT = "DEPARTMENT", "部门目录", "部门"


class CatalogTheme(Term):
    """The subject of a base catalog (Art.7) or a theme catalog (Art.8)."""

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

    PLATFORM = "PLATFORM", "共享平台方式", "共享平台"
    EMAIL_OR_MEDIA = "EMAIL_OR_MEDIA", "邮件或介质方式", "邮件或拷盘", "介质交换"
    OTHER = "OTHER", "其他方式", "其他"


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
    """Data type of an information item (national catalog template 数据类型, letter code as alias)."""

    CHARACTER = "CHARACTER", "字符型", "C", "字符型C"
    NUMERIC = "NUMERIC", "数值型", "N", "数值型N"
    CURRENCY = "CURRENCY", "货币型", "Y", "货币型Y"
    DATE = "DATE", "日期型", "D", "日期型D"
    DATETIME = "DATETIME", "日期时间型", "T", "日期时间型T"
    LOGICAL = "LOGICAL", "逻辑型", "L", "逻辑型L"
    MEMO = "MEMO", "备注型", "M", "备注型M"
    GENERAL = "GENERAL", "通用型", "G", "通用型G"
    DOUBLE = "DOUBLE", "双精度型", "B", "双精度型B"
    INTEGER = "INTEGER", "整型", "I", "整型I"
    FLOAT = "FLOAT", "浮点型", "F", "浮点型F"


class IdentifierKind(Term):
    """Which identifier a data item carries (Art.13)."""

    CITIZEN_ID = "CITIZEN_ID", "公民身份号码", "公民身份证号码", "身份证号"
    CREDIT_CODE = "CREDIT_CODE", "统一社会信用代码"
    OTHER = "OTHER", "其他标识"
    NONE = "NONE", "无"


class PlatformKind(Term):
    """Kinds of platform (Art.14–17, Art.28)."""

    BIG_DATA = "BIG_DATA", "区级大数据管理平台", "大数据平台"
    INTRANET_SHARING = "INTRANET_SHARING", "内网共享平台"
    OPEN_PORTAL = "OPEN_PORTAL", "开放平台", "数据开放网站"
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
