"""GraphQL enums of impact as a list (Art.25–26), made from `lineage.impact_list`'s (values keep their
codes; each value's description is its Chinese term, the label a front-end shows)."""

from __future__ import annotations

from api.schema.enums import described
from lineage import impact_list as question

ImpactKind = described(question.ImpactKind, "ImpactKind", "What a row of an impact list is (Art.25).", {
    "DERIVED": "派生资源",
    "USE": "使用",
    "CONSUMER": "使用方",
    "CITATION": "引用",
    "PUBLICATION": "开放发布",
})
ImpactSort = described(question.ImpactSort, "ImpactSort", "The order of an impact list's rows (ties: kind, then code).", {
    "DEPTH": "距离",
    "KIND": "类别",
    "NAME": "名称",
    "DEPARTMENT": "部门",
    "STATUS": "状态",
})
NoticeRole = described(question.NoticeRole, "NoticeRole", "Why a department is notified of an error in shared data (Art.25–26).", {
    "PROVIDER": "提供部门（核实并更正，第二十五、二十六条）",
    "USER": "使用部门（其使用在有效期内）",
    "EIC": "抄送区经济信息化委（第二十五条）",
})
