"""Labels of enum values for people, from the API itself (no front-end hard-codes them, and production
turns introspection off): `enumLabels` answers each enum's values with their label in the request's
language (Chinese by default) — the policy's own terms for its vocabularies (`graph.terms`), and the
labels below for the enums of lineage, findings and migration planning. Node kinds and roles, which
are not GraphQL enums, are answered as `NodeKind` and `Role`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

import strawberry

from api.schema import enums, impact_enums, migration_enums
from graph import terms
from graph.access import Role
from graph.errors import InvalidArgumentError
from graph.i18n import CHINESE, _, current_language, quote
from graph.labels import Label

# Chinese labels of the enums that are not policy terms (those carry their own, `Term.zh`).
CHINESE_LABELS: Mapping[str, Mapping[str, str]] = {
    "FlowKind": {
        "DERIVATION": "加工派生", "COLLECTION": "源头采集", "HOLDING": "系统存储", "PROVISION": "提供",
        "AGGREGATION": "汇聚", "PUBLICATION": "开放发布", "USE": "共享使用", "CITATION": "引用",
    },
    "FlowDirection": {"UPSTREAM": "上游（来源）", "DOWNSTREAM": "下游（去向）", "BOTH": "上下游"},
    "LineageLevel": {"RESOURCE": "信息资源级", "ITEM": "信息项级"},
    "ImpactKind": {"DERIVED": "派生资源", "USE": "共享使用", "CONSUMER": "使用方", "CITATION": "引用", "PUBLICATION": "开放发布"},
    "ImpactSort": {"DEPTH": "距离", "KIND": "类别", "NAME": "名称", "DEPARTMENT": "部门", "STATUS": "状态"},
    "NoticeRole": {"PROVIDER": "提供部门（核实更正）", "USER": "使用部门（使用在有效期内）", "EIC": "抄送区经济信息化委"},
    "Severity": {"LOW": "低", "MEDIUM": "中", "HIGH": "高"},
    "MigrationVerdict": {
        "ON_GOVERNMENT_CLOUD": "已在区政务云", "MUST_MIGRATE": "须迁移上云", "EXEMPT": "免于迁移",
        "RETIRE_TO_PLATFORM": "整合至共享平台后下线", "MUNICIPAL": "市级系统", "RETIRED": "已下线",
    },
    "Exemption": {"SECURITY_DEPARTMENT": "公安、国家安全等部门", "CLASSIFIED": "涉密系统", "PROTECTION_LEVEL": "等级保护四级及以上"},
    "CloudAction": {"RETIRE": "系统迁出后撤销", "BRING_UNDER_GOVERNMENT_CLOUD": "纳入区政务云统一管理"},
    "DependencyKind": {"INTERFACE": "接口调用", "DERIVED_DATA": "派生数据", "USE_VIA": "经由使用"},
    "PlacementReasonKind": {
        "PINNED": "人工指定批次", "MOVES_WITH": "相互依赖、同批迁移", "AFTER_DEPENDENCY": "在所依赖系统之后迁移",
        "NO_DEPENDENCY": "无依赖、进入首个有余量的批次", "WAVE_FULL": "之前批次已满", "OVERSIZED": "依赖组超出容量、单独成批",
        "PIN_BEFORE_DEPENDENCY": "指定在所依赖系统之前（期间跨环境调用）", "OVER_CAPACITY": "指定的系统超出批次容量",
    },
    "PlanLinkKind": {"CROSS_ENVIRONMENT": "跨环境调用", "OUTSIDE_PLAN": "计划外系统"},
    "ConsolidationScope": {"WITHIN_DEPARTMENT": "部门内", "ACROSS_DEPARTMENTS": "跨部门"},
    "CatalogView": {"RESOURCES": "信息资源", "SHARE": "共享目录", "OPEN": "开放目录"},
    "MatchTier": {"EXACT": "精确匹配", "PREFIX": "开头匹配", "TERMS": "名称含全部词", "SUBSTRING": "内容含全部词"},
    "SearchKind": {label.name: zh for label, zh in ((Label.RESOURCE, "信息资源"), (Label.DATA_ITEM, "信息项"), (Label.CATALOG, "资源目录"), (Label.DEPARTMENT, "政务部门"), (Label.SYSTEM, "信息系统"), (Label.CONSUMER, "使用方"))},
    "TaskKind": {
        "DECIDE_USE": "审批共享申请", "ESCALATE_USE": "可提请协调", "DECIDE_CITATION": "审核引用许可",
        "ANSWER_ERROR_REPORT": "处理纠错申请", "ANSWER_OPEN_REQUEST": "答复开放申请", "NAME_PROVIDER": "明确提供部门",
        "CATALOG_DEMAND": "编目需求数据",
    },
    "NodeKind": {
        Label.DEPARTMENT.value: "政务部门", Label.SYSTEM.value: "信息系统", Label.CATALOG.value: "资源目录",
        Label.RESOURCE.value: "信息资源", Label.DATA_ITEM.value: "信息项", Label.PLATFORM.value: "平台",
        Label.CONSUMER.value: "使用方", Label.USE.value: "共享使用", Label.CITATION.value: "引用",
        Label.OPEN_REQUEST.value: "开放申请", Label.OPEN_PLAN.value: "开放计划", Label.DATA_DEMAND.value: "数据需求",
        Label.ERROR_REPORT.value: "纠错申请", Label.PROJECT.value: "信息化项目", Label.CATALOG_CHANGE.value: "目录变更",
        Label.ORDER.value: "整改通知", Label.AUDIT_EVENT.value: "审计记录", Label.HOLIDAY_SCHEDULE.value: "节假日安排",
    },
    "Role": {
        Role.DEPARTMENT_USER.value: "部门用户", Role.DEPARTMENT_ADMIN.value: "部门管理员",
        Role.EIC.value: "区经济信息化委", Role.LEADING_GROUP.value: "区信息化工作领导小组",
    },
}
_PSEUDO = {"NodeKind": [label.value for label in Label], "Role": [role.value for role in Role]}


def _english(name: str) -> str:
    """An English label from a value's name: MUST_MIGRATE -> Must migrate."""
    return name.replace("_", " ").capitalize()


def _graphql_enums() -> dict[str, type[Enum]]:
    """Our GraphQL enums by GraphQL name (every strawberry enum the schema's enum modules define)."""
    found: dict[str, type[Enum]] = {}
    for module in (enums, migration_enums, impact_enums):
        for value in vars(module).values():
            definition = getattr(value, "__strawberry_definition__", None)
            if definition is not None and isinstance(value, type) and issubclass(value, Enum):
                found[definition.name] = value
    return found


ENUMS = _graphql_enums()


def values_of(name: str) -> list[str]:
    """The value names of the enum (or pseudo-enum) `name`; a KeyError when there is none."""
    if name in _PSEUDO:
        return _PSEUDO[name]
    return [member.name for member in ENUMS[name]]


def chinese(name: str, value: str) -> str | None:
    """The Chinese label of `value` of the enum `name`, if it has one."""
    term = getattr(terms, name, None)
    if isinstance(term, type) and issubclass(term, terms.Term) and value in term.__members__:
        return term[value].zh
    return CHINESE_LABELS.get(name, {}).get(value)


def label(name: str, value: str, language: str | None = None) -> str:
    """The label of `value` of the enum `name` in `language` (the request's when None)."""
    if (language or current_language()) == CHINESE:
        return chinese(name, value) or _english(value)
    return _english(value)


@strawberry.type(description="An enum value with its label for people (Chinese by default; `Accept-Language: en` for English).")
class EnumValueLabel:
    value: str = strawberry.field(description="The enum value, as the API takes and answers it.")
    label: str = strawberry.field(description="Its label, e.g. 有条件共享 for ShareType.CONDITIONAL.")


@strawberry.type(description="The labels of one enum's values.")
class EnumLabels:
    name: str = strawberry.field(description="The enum's GraphQL name (NodeKind: the kinds of node, as `__typename` names them; Role: the roles a token grants).")
    values: list[EnumValueLabel] = strawberry.field(description="Every value, in the enum's order.")


def enum_labels(names: list[str] | None) -> list[EnumLabels]:
    """The labels of the enums named (every enum when None), or an error naming an unknown one."""
    known = sorted([*ENUMS, *_PSEUDO])
    wanted = known if names is None else list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in ENUMS and n not in _PSEUDO]
    if unknown:
        raise InvalidArgumentError(_("there is no enum {name}; enums with labels: {known}", name=quote(unknown[0]), known=", ".join(known)))
    language = current_language()
    return [EnumLabels(name=n, values=[EnumValueLabel(value=v, label=label(n, v, language)) for v in values_of(n)]) for n in wanted]


@strawberry.type
class LabelsQuery:
    @strawberry.field(description="Labels for people of enum values, in the request's language: every enum when `names` is null. A front-end shows these rather than hard-coding them.")
    def enum_labels(
        self, names: Annotated[list[str] | None, strawberry.argument(description="GraphQL enum names, e.g. [\"ShareType\", \"UseStatus\"]; NodeKind and Role too.")] = None
    ) -> list[EnumLabels]:
        return enum_labels(names)


def facet_label(facet: str, value: str, names: Mapping[str, Any]) -> str:
    """A facet value's label: a kind's, an enum value's, or a department's name (`names`)."""
    if facet == "kind":
        return label("NodeKind", value)
    if facet == "department":
        return str(names.get(value) or value)
    enum = {"catalog_kind": "CatalogKind", "share_type": "ShareType", "open_type": "OpenType", "update_cycle": "UpdateCycle"}[facet]
    return label(enum, value)
