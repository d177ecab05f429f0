#!/usr/bin/env python3
"""Generate loaders/sample/district.yaml: the sample district (石景山区) shipped with the package.

The sample is the product demo and a test fixture: departments, systems, platforms, catalogs,
resources with their items and lineage, consumers and uses, and the records the Measures (2017)
speak of, written in Chinese as a district writes them. It is deterministic: the same script gives
the same bytes (`random.Random(2017)` only picks among listed alternatives).

Every rule of POLICY.md is broken at least once on purpose. After writing, the script checks the file
(every reference resolves within it, the minimums are met, every enum state occurs) and prints the
counts per section, the longest lineage chains, and, per rule, the subjects of its deliberate
violations (rule_examples(), which fails the run when one is missing).

    .venv/bin/python scripts/make_sample.py      # writes the file, checks it, prints counts
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import uscc

Entry = dict[str, Any]  # one entry of a section, as written to the file
Row = tuple[Any, ...]  # one row of a data table
OUT = Path(__file__).resolve().parents[1] / "loaders" / "sample" / "district.yaml"
RNG = random.Random(2017)

# ════════════════════════════════════════════════════════════════════════════════════════════
# Data tables
# ════════════════════════════════════════════════════════════════════════════════════════════

# Departments: key, short name, full name, options. The key names the department in these tables;
# its code is a unified social credit code (district organs '11110107…', institutions '12110107…',
# enterprises '91110107…', municipal organs '11110000…') or, for coordinating bodies, `code`.
DEPARTMENTS: list[tuple[str, str, str, dict[str, Any]]] = [
    # Coordinating bodies (Art.4): internal codes.
    ("LG", "区信息化工作领导小组", "石景山区信息化工作领导小组",
     {"code": "SJS-LG", "kind": "COORDINATING_BODY", "roles": ["LEADING_GROUP"]}),
    ("NWXT", "区内网协调小组", "石景山区电子政务内网建设与管理协调小组",
     {"code": "SJS-NWXT", "kind": "COORDINATING_BODY", "roles": ["INTRANET_COORDINATION_GROUP"]}),
    # District commissions, bureaus and Party organs.
    ("ZFB", "区政府办", "北京市石景山区人民政府办公室", {}),
    ("FGW", "区发展改革委", "北京市石景山区发展和改革委员会", {}),
    ("JXW", "区经济信息化委", "北京市石景山区经济和信息化委员会",
     {"roles": ["EIC", "LEADING_GROUP_OFFICE"], "subordinate_to": "LG", "guides": ["BYS"]}),
    ("JW", "区教委", "北京市石景山区教育委员会", {}),
    ("KW", "区科委", "北京市石景山区科学技术委员会", {}),
    ("GA", "区公安分局", "北京市公安局石景山分局", {"security_exempt": True}),
    ("MZ", "区民政局", "北京市石景山区民政局", {}),
    ("SFJ", "区司法局", "北京市石景山区司法局", {}),
    ("CZ", "区财政局", "北京市石景山区财政局", {"roles": ["FINANCE_BUREAU"]}),
    ("RS", "区人力社保局", "北京市石景山区人力资源和社会保障局", {}),
    ("GH", "区规划分局", "北京市规划和自然资源委员会石景山分局", {}),
    ("HB", "区生态环境局", "北京市石景山区生态环境局", {}),
    ("ZJW", "区住房城乡建设委", "北京市石景山区住房和城乡建设委员会", {}),
    ("CGW", "区城市管理委", "北京市石景山区城市管理委员会", {"roles": ["INDUSTRY_REGULATOR"], "guides": ["RLGS"]}),
    ("JTW", "区交通委", "北京市石景山区交通委员会", {}),
    ("SW", "区水务局", "北京市石景山区水务局", {"roles": ["INDUSTRY_REGULATOR"], "guides": ["ZLSGS"]}),
    ("SWJ", "区商务局", "北京市石景山区商务局", {}),
    ("WL", "区文化和旅游局", "北京市石景山区文化和旅游局", {}),
    ("WJW", "区卫生健康委", "北京市石景山区卫生健康委员会", {"roles": ["INDUSTRY_REGULATOR"], "guides": ["CDC", "SJSYY"]}),
    ("TY", "区退役军人局", "北京市石景山区退役军人事务局", {}),
    ("YJ", "区应急局", "北京市石景山区应急管理局", {}),
    ("SJ", "区审计局", "北京市石景山区审计局", {"roles": ["AUDIT_BUREAU"]}),
    ("SCJG", "区市场监管局", "北京市石景山区市场监督管理局", {}),
    ("TJ", "区统计局", "北京市石景山区统计局", {}),
    ("YB", "区医保局", "北京市石景山区医疗保障局", {}),
    ("CGZF", "区城管执法局", "北京市石景山区城市管理综合行政执法局", {}),
    ("ZWFW", "区政务服务局", "北京市石景山区政务服务管理局", {}),
    ("YL", "区园林绿化局", "北京市石景山区园林绿化局", {}),
    ("RF", "区人防办", "北京市石景山区人民防空办公室", {}),
    ("TYJ", "区体育局", "北京市石景山区体育局", {}),
    ("CL", "区残联", "北京市石景山区残疾人联合会", {"kind": "ADMINISTRATIVE_INSTITUTION"}),
    ("BB", "区委编办", "中共北京市石景山区委员会机构编制委员会办公室", {"roles": ["STAFFING_OFFICE"]}),
    ("JXB", "区绩效办", "北京市石景山区政府绩效管理工作办公室", {"roles": ["PERFORMANCE_OFFICE"]}),
    ("JCW", "区监察委", "北京市石景山区监察委员会", {"roles": ["SUPERVISION_COMMISSION"]}),
    ("JYJ", "区委机要局", "中共北京市石景山区委机要局", {"roles": ["CONFIDENTIAL_BUREAU"]}),
    # Streets (街道) and the Lugu community administration.
    ("BYS", "八宝山街道", "北京市石景山区八宝山街道办事处", {"level": "STREET"}),
    ("LS", "老山街道", "北京市石景山区老山街道办事处", {"level": "STREET"}),
    ("BJ", "八角街道", "北京市石景山区八角街道办事处", {"level": "STREET"}),
    ("GC", "古城街道", "北京市石景山区古城街道办事处", {"level": "STREET"}),
    ("PGY", "苹果园街道", "北京市石景山区苹果园街道办事处", {"level": "STREET"}),
    ("JDJ", "金顶街街道", "北京市石景山区金顶街街道办事处", {"level": "STREET"}),
    ("GN", "广宁街道", "北京市石景山区广宁街道办事处", {"level": "STREET"}),
    ("WLT", "五里坨街道", "北京市石景山区五里坨街道办事处", {"level": "STREET"}),
    ("LGU", "鲁谷社区", "北京市石景山区鲁谷社区行政事务管理中心", {"level": "STREET"}),
    # Institutions and public enterprises without administrative functions (Art.39).
    ("CDC", "区疾控中心", "北京市石景山区疾病预防控制中心", {"kind": "BY_REFERENCE", "subordinate_to": "WJW"}),
    ("SJSYY", "石景山医院", "北京市石景山医院", {"kind": "BY_REFERENCE", "subordinate_to": "WJW"}),
    ("ZLSGS", "区自来水公司", "北京市石景山区自来水有限公司", {"kind": "BY_REFERENCE", "enterprise": True}),
    ("RLGS", "石景山热力公司", "北京石景山热力有限公司", {"kind": "BY_REFERENCE", "enterprise": True}),
    # Municipal organs whose resources the district uses (Art.4, Art.20).
    ("SJJ", "市经济和信息化局", "北京市经济和信息化局", {"level": "MUNICIPAL", "roles": ["MUNICIPAL_EIC"]}),
    ("SGA", "市公安局", "北京市公安局", {"level": "MUNICIPAL", "security_exempt": True}),
    ("SSCJG", "市市场监管局", "北京市市场监督管理局", {"level": "MUNICIPAL"}),
    ("SRS", "市人力社保局", "北京市人力资源和社会保障局", {"level": "MUNICIPAL"}),
]

DEPT_KEYS = [d[0] for d in DEPARTMENTS]
DEPT_BY_KEY = {d[0]: d for d in DEPARTMENTS}
STREETS = ["BYS", "LS", "BJ", "GC", "PGY", "JDJ", "GN", "WLT", "LGU"]

# Platforms: code, name, kind, operator, options.
PLATFORMS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("SJS-BDP", "石景山区大数据管理平台", "BIG_DATA", "JXW", {}),
    ("SJS-NWGX", "石景山区电子政务内网信息资源共享平台", "INTRANET_SHARING", "JYJ", {}),
    ("SJS-GOVCLOUD", "石景山区政务云", "GOVERNMENT_CLOUD", "JXW", {}),
    ("SJS-WJW-CLOUD", "石景山区卫生健康专有云", "DEPARTMENT_CLOUD", "WJW", {}),
    ("SJS-JW-CLOUD", "石景山区教育云", "DEPARTMENT_CLOUD", "JW", {}),
    ("BJ-OPENDATA", "北京市公共数据开放平台", "OPEN_PORTAL", "SJJ",
     {"level": "MUNICIPAL", "url": "https://data.beijing.gov.cn"}),
    ("SJS-PORTAL", "北京市石景山区人民政府门户网站", "OPEN_PORTAL", "ZFB", {"url": "https://www.bjsjs.gov.cn"}),
]

# Systems per department: abbreviation (code SJS-<dept>-<abbr>), name, hosting (G government cloud,
# D departmental cloud, S self-hosted, M municipal), network (E extranet, I intranet, N internet),
# protection level, year built, options: classified, cross (cross-department sharing), level_x
# (cross-level), domain_x (cross-domain), status, on (platform), ex (systems it exchanges with).
SYSTEMS: dict[str, list[tuple[str, str, str, str, int, int, dict[str, Any]]]] = {
    "ZFB": [("OA", "石景山区协同办公系统", "G", "E", 3, 2016, {}),
            ("DCDB", "督查督办管理系统", "G", "E", 2, 2019, {"ex": ["ZFB-OA"]}),
            ("MH", "区政府门户网站内容管理系统", "G", "N", 3, 2015, {}),
            ("XXGK", "政府信息公开申请办理系统", "G", "E", 2, 2018, {}),
            ("WZQ", "区政务网站群（旧版）", "S", "N", 2, 2009, {"status": "RETIRED"})],
    "FGW": [("XMGL", "政府投资项目管理系统", "G", "E", 3, 2017, {}),
            ("XYPT", "石景山区公共信用信息共享平台", "G", "E", 3, 2016, {"cross": True, "level_x": True}),
            ("JGJC", "价格监测信息系统", "S", "E", 2, 2013, {}),
            ("NYJC", "能源消费统计监测系统", "G", "E", 2, 2020, {})],
    "JXW": [("DSJ", "大数据管理平台数据治理系统", "G", "E", 3, 2018, {}),
            ("GXJH", "政务信息资源共享交换系统", "G", "E", 3, 2018, {}),
            ("MLGL", "政务信息资源目录管理系统", "G", "E", 2, 2018, {"ex": ["JXW-GXJH"]}),
            ("AQJC", "电子政务网络安全监测系统", "S", "E", 3, 2019, {}),
            ("SJJH1", "政务数据交换系统（一期）", "S", "E", 2, 2011, {"cross": True, "status": "RETIRED"}),
            ("CSDN", "石景山区城市大脑", "G", "E", 3, 2024, {"status": "BUILDING", "domain_x": True}),
            ("YWTG", "城市运行一网统管平台", "G", "E", 3, 2025, {"status": "PLANNED"})],
    "JW": [("XJGL", "中小学学籍管理系统", "M", "E", 3, 2014, {}),
           ("RXFW", "义务教育入学服务系统", "D", "N", 3, 2017, {"on": "SJS-JW-CLOUD"}),
           ("JSGL", "教师管理信息系统", "D", "E", 2, 2016, {"on": "SJS-JW-CLOUD"}),
           ("XYAQ", "校园安全视频监控系统", "D", "E", 2, 2019, {"on": "SJS-JW-CLOUD"}),
           ("JFGL", "教育经费管理系统", "G", "E", 2, 2018, {})],
    "KW": [("XMGL", "科技项目管理系统", "G", "E", 2, 2017, {}),
           ("GXQY", "高新技术企业服务系统", "G", "E", 2, 2020, {})],
    "GA": [("RKXT", "人口信息管理系统", "S", "I", 4, 2012, {}),
           ("LDRK", "流动人口和出租房屋管理系统", "S", "I", 3, 2014, {"ex": ["GA-RKXT"]}),
           ("SPTX", "公共安全视频图像信息系统", "S", "I", 4, 2016, {}),
           ("JJXT", "110接处警系统", "S", "I", 4, 2010, {"classified": True}),
           ("ZAGL", "治安管理信息系统", "S", "I", 3, 2013, {"ex": ["GA-RKXT", "GA-JJXT"]}),
           ("JGWF", "交通违法处理系统", "M", "E", 3, 2015, {})],
    "MZ": [("SHJZ", "社会救助管理系统", "G", "E", 3, 2018, {"ex": ["JXW-GXJH"]}),
           ("YLFW", "居家养老服务管理系统", "G", "E", 3, 2019, {}),
           ("HYDJ", "婚姻登记管理系统", "M", "E", 3, 2013, {}),
           ("SHZZ", "社会组织管理系统", "G", "E", 2, 2017, {}),
           ("SQGZ", "社区工作者管理系统", "G", "E", 2, 2020, {})],
    "SFJ": [("RMTJ", "人民调解管理系统", "G", "E", 2, 2019, {}),
            ("SQJZ", "社区矫正管理系统", "S", "I", 3, 2015, {}),
            ("FLYZ", "法律援助管理系统", "G", "E", 2, 2018, {})],
    "CZ": [("YSYT", "预算管理一体化系统", "M", "E", 3, 2021, {}),
           ("GKZF", "国库集中支付系统", "M", "E", 3, 2012, {}),
           ("ZCGL", "行政事业单位资产管理系统", "G", "E", 2, 2018, {}),
           ("ZFCG", "政府采购管理系统", "G", "E", 2, 2019, {})],
    "RS": [("JYFW", "就业失业管理服务系统", "M", "E", 3, 2013, {"ex": ["JXW-GXJH"]}),
           ("SBJB", "社会保险经办系统", "M", "E", 3, 2010, {}),
           ("RSGL", "事业单位人事管理系统", "G", "E", 2, 2017, {}),
           ("LDJC", "劳动保障监察系统", "G", "E", 2, 2018, {})],
    "GH": [("DTPT", "石景山区地理信息公共服务平台", "G", "E", 3, 2017, {}),
           ("BDC", "不动产登记系统", "M", "E", 3, 2016, {}),
           ("GHSP", "规划审批管理系统", "S", "E", 3, 2014, {}),
           ("CHCG", "基础测绘成果管理系统", "S", "I", 3, 2012, {"classified": True})],
    "HB": [("KQJC", "空气质量自动监测系统", "G", "E", 2, 2015, {}),
           ("WRY", "污染源在线监控系统", "G", "E", 3, 2017, {}),
           ("HPSP", "环境影响评价审批系统", "G", "E", 2, 2018, {}),
           ("ZFJC", "生态环境执法系统", "G", "E", 2, 2019, {})],
    "ZJW": [("FWGL", "房屋管理信息系统", "G", "E", 3, 2015, {}),
            ("ZFBZ", "住房保障管理系统", "G", "E", 3, 2016, {}),
            ("GDJK", "建筑工地扬尘视频监控系统", "G", "E", 2, 2019, {}),
            ("WYGL", "物业管理服务平台", "G", "N", 2, 2021, {})],
    "CGW": [("WGH", "城市网格化管理系统", "G", "E", 3, 2012, {"cross": True, "domain_x": True, "ex": ["CGZF-RXPD"]}),
            ("LJFL", "生活垃圾分类管理系统", "G", "E", 2, 2020, {}),
            ("GRJC", "供热运行监测系统", "G", "E", 2, 2018, {}),
            ("TCGL", "停车管理系统", "G", "E", 2, 2019, {})],
    "JTW": [("JTYX", "交通运行监测系统", "G", "E", 3, 2017, {}),
            ("DLSS", "道路设施管理系统", "G", "E", 2, 2016, {}),
            ("CZJG", "网约车出租车监管系统", "M", "E", 2, 2018, {})],
    "SW": [("SWJC", "水务综合监测系统", "G", "E", 3, 2016, {}),
           ("FXZH", "防汛指挥调度系统", "G", "E", 3, 2018, {"ex": ["YJ-YJZH"]}),
           ("HZZ", "河长制管理系统", "G", "E", 2, 2019, {})],
    "SWJ": [("SMLT", "商贸流通企业信息系统", "G", "E", 2, 2017, {}),
            ("XFCJ", "消费促进服务系统", "G", "N", 1, 2022, {}),
            ("DWJM", "对外经贸管理系统", "G", "E", 2, 2016, {})],
    "WL": [("WWBH", "文物保护管理系统", "G", "E", 2, 2016, {}),
           ("LYJC", "旅游景区监测系统", "G", "E", 2, 2019, {}),
           ("WHZF", "文化市场综合执法系统", "G", "E", 2, 2017, {}),
           ("GGWH", "公共文化服务平台", "G", "N", 2, 2020, {})],
    "WJW": [("QMJK", "全民健康信息平台", "D", "E", 3, 2017, {"on": "SJS-WJW-CLOUD", "ex": ["WJW-JMJK", "JXW-GXJH"]}),
            ("JMJK", "居民电子健康档案系统", "D", "E", 3, 2015, {"on": "SJS-WJW-CLOUD"}),
            ("FYBJ", "妇幼保健信息系统", "D", "E", 3, 2016, {"on": "SJS-WJW-CLOUD", "ex": ["WJW-QMJK"]}),
            ("WSJD", "卫生监督执法系统", "D", "E", 2, 2018, {"on": "SJS-WJW-CLOUD"}),
            ("YLJG", "医疗机构管理系统", "D", "E", 2, 2017, {"on": "SJS-WJW-CLOUD"})],
    "CDC": [("CRB", "传染病监测报告系统", "M", "E", 3, 2010, {}),
            ("YMJZ", "预防接种管理系统", "D", "E", 3, 2014, {"on": "SJS-WJW-CLOUD", "ex": ["WJW-QMJK"]})],
    "SJSYY": [("HIS", "医院信息系统", "S", "E", 3, 2012, {"ex": ["WJW-QMJK"]})],
    "TY": [("YFDX", "优抚对象管理系统", "G", "E", 2, 2019, {}),
           ("TYAZ", "退役军人安置服务系统", "G", "E", 2, 2020, {})],
    "YJ": [("YJZH", "应急指挥平台", "G", "E", 3, 2017, {"ex": ["SW-FXZH", "CGW-WGH"]}),
           ("AQZF", "安全生产监管执法系统", "G", "E", 2, 2016, {}),
           ("WHJC", "危险化学品监测预警系统", "G", "E", 3, 2019, {}),
           ("ZHJC", "自然灾害综合监测系统", "G", "E", 2, 2021, {})],
    "SJ": [("SJGL", "审计管理系统", "S", "I", 3, 2014, {"classified": True}),
           ("SJFX", "审计数据分析系统", "G", "E", 3, 2020, {})],
    "SCJG": [("ZTDJ", "市场主体登记系统", "M", "E", 3, 2014, {}),
             ("SPAQ", "食品安全监管系统", "G", "E", 3, 2017, {"ex": ["SCJG-SSJ"]}),
             ("YPJG", "药品医疗器械监管系统", "G", "E", 2, 2018, {}),
             ("TSJB", "12315投诉举报处理系统", "M", "E", 2, 2016, {}),
             ("SSJ", "双随机一公开监管系统", "G", "E", 2, 2019, {"ex": ["FGW-XYPT"]}),
             ("TZSB", "特种设备安全监管系统", "G", "E", 2, 2018, {})],
    "TJ": [("TJCJ", "统计数据采集系统", "G", "E", 2, 2019, {}),
           ("JJPC", "经济普查数据处理系统", "S", "I", 3, 2018, {}),
           ("TJFB", "统计信息发布系统", "G", "N", 2, 2020, {})],
    "YB": [("YBJS", "医保结算系统", "M", "E", 3, 2012, {}),
           ("JJJG", "医保基金监管系统", "G", "E", 3, 2021, {})],
    "CGZF": [("ZFBA", "城管执法办案系统", "G", "E", 2, 2016, {}),
             ("ZFJL", "执法记录仪视频管理系统", "S", "E", 2, 2017, {}),
             ("RXPD", "接诉即办执法派单系统", "G", "E", 2, 2020, {"ex": ["ZWFW-RXPT"]})],
    "ZWFW": [("WSFW", "网上政务服务平台", "G", "N", 3, 2017, {"ex": ["ZWFW-ZZK"]}),
             ("RXPT", "12345市民服务热线系统", "G", "E", 3, 2019, {"ex": ["CGW-WGH"]}),
             ("ZZK", "电子证照库管理系统", "G", "E", 3, 2019, {"ex": ["ZWFW-YWTB"]}),
             ("HCP", "政务服务好差评系统", "G", "N", 2, 2020, {}),
             ("YWTB", "一网通办受理系统", "G", "E", 3, 2020, {"ex": ["ZWFW-WSFW"]})],
    "YL": [("LDZY", "绿地资源管理系统", "G", "E", 2, 2017, {}),
           ("ZHGY", "公园智慧管理系统", "G", "N", 2, 2021, {})],
    "RF": [("RFGC", "人防工程管理系统", "S", "I", 3, 2013, {"classified": True}),
           ("JBKZ", "防空警报控制系统", "S", "I", 4, 2011, {"classified": True})],
    "TYJ": [("TYSS", "公共体育设施管理系统", "G", "E", 1, 2020, {}),
            ("QMJS", "全民健身服务平台", "G", "N", 2, 2021, {})],
    "CL": [("CJR", "残疾人信息管理系统", "M", "E", 3, 2013, {}),
           ("KFFW", "残疾人康复服务系统", "G", "E", 2, 2019, {})],
    "BB": [("SMZ", "机构编制实名制管理系统", "S", "I", 3, 2015, {})],
    "JXB": [("JXKH", "绩效考核管理系统", "G", "E", 2, 2018, {})],
    "JCW": [("JCBA", "监察办案系统", "S", "I", 4, 2019, {"classified": True}),
            ("XFJB", "信访举报管理系统", "S", "I", 3, 2016, {"classified": True})],
    "JYJ": [("NWBG", "电子政务内网办公系统", "S", "I", 4, 2014, {"classified": True}),
            ("MMSB", "密码设备管理系统", "S", "I", 3, 2016, {"classified": True})],
    "ZLSGS": [("GSDD", "供水调度监控系统", "S", "E", 3, 2014, {}),
              ("YYSF", "供水营业收费系统", "S", "E", 2, 2012, {})],
    "RLGS": [("GRDD", "供热调度监控系统", "S", "E", 3, 2015, {"ex": ["CGW-GRJC"]}),
             ("RFSJ", "热费收缴管理系统", "S", "E", 2, 2013, {})],
    "SJJ": [("BJDSJ", "北京市大数据平台", "M", "E", 3, 2018, {})],
    "SGA": [("RKJC", "北京市人口基础信息库", "M", "I", 4, 2011, {})],
    "SSCJG": [("QYXY", "北京市企业信用信息网", "M", "N", 3, 2012, {})],
    "SRS": [("SBXX", "北京市社会保险信息系统", "M", "E", 3, 2010, {})],
}
# Every street runs the same kinds of systems: abbreviation, name (after the street's name), level, year.
STREET_SYSTEMS = [("SQFW", "社区服务管理系统", 2, 2019), ("JSJB", "接诉即办工作系统", 2, 2020)]
for _street in ("BYS", "LS", "BJ", "GC", "PGY", "JDJ", "GN", "WLT", "LGU"):
    SYSTEMS[_street] = [(abbr, name, "G", "E", level, year, {}) for abbr, name, level, year in STREET_SYSTEMS]
SYSTEMS["BYS"].append(("ZHSQ", "智慧社区平台", "G", "N", 2, 2022, {"ex": ["BYS-SQFW"]}))
SYSTEMS["LGU"][0][6]["ex"] = ["ZWFW-RXPT"]

# Items: which identify a subject (Art.13) and which are personal; data types beyond the guess that
# guess_type() makes from a name's ending.
IDENTIFIERS = {
    "公民身份号码": "CITIZEN_ID", "监护人公民身份号码": "CITIZEN_ID", "配偶公民身份号码": "CITIZEN_ID",
    "申请人公民身份号码": "CITIZEN_ID", "户主公民身份号码": "CITIZEN_ID", "当事人公民身份号码": "CITIZEN_ID",
    "统一社会信用代码": "CREDIT_CODE", "举办单位统一社会信用代码": "CREDIT_CODE",
    "社会保障卡号": "OTHER", "护照号码": "OTHER", "不动产单元号": "OTHER", "医保个人编号": "OTHER",
    "学籍号": "OTHER", "残疾人证号": "OTHER", "港澳台居民居住证号码": "OTHER",
}
PERSONAL_ITEMS = set("""
    公民身份号码 监护人公民身份号码 配偶公民身份号码 申请人公民身份号码 户主公民身份号码 当事人公民身份号码
    社会保障卡号 护照号码 医保个人编号 学籍号 残疾人证号 港澳台居民居住证号码 身份证件号 证件号码
    姓名 曾用名 性别 民族 出生日期 出生地 籍贯 联系电话 手机号码 户籍地址 居住地址 现住址 婚姻状况 文化程度
    职业 政治面貌 照片 人脸图像 监护人姓名 配偶姓名 申请人姓名 户主姓名 当事人姓名 患者姓名 学生姓名 教师姓名
    健康状况 残疾类别 残疾等级 诊断结果 既往病史 过敏史 血型 疫苗接种记录 就诊记录 家庭月收入 个人账户余额
    工作单位 紧急联系人 死亡日期 死亡原因 服刑情况 矫正类别 犯罪类型
""".split())
DATA_TYPES = {"照片": "GENERAL", "人脸图像": "GENERAL", "证照文件": "GENERAL", "影像资料": "GENERAL",
              "违法事实": "MEMO", "案情摘要": "MEMO", "诊断结果": "MEMO", "既往病史": "MEMO",
              "监测值": "DOUBLE", "经度": "DOUBLE", "纬度": "DOUBLE", "空间坐标": "GENERAL", "空间范围": "GENERAL"}
PERSON = "公民身份号码 姓名 性别 出生日期"
ORG = "统一社会信用代码 单位名称 法定代表人"
LICENCE_P = "证照名称 证照编号 公民身份号码 姓名 颁证单位 颁证日期 有效期起始日期 有效期截止日期 证照状态 证照文件"
LICENCE_O = "证照名称 证照编号 统一社会信用代码 单位名称 法定代表人 颁证单位 颁证日期 有效期截止日期 证照状态 证照文件"

# Catalogs: code, name, theme; theme catalogs also their lead department and contributors (Art.7–8).
BASE_CATALOGS = [
    ("BASE-POPULATION", "人口基础信息资源目录", "POPULATION"),
    ("BASE-LEGAL_PERSON", "法人单位基础信息资源目录", "LEGAL_PERSON"),
    ("BASE-GEOSPATIAL", "自然资源和空间地理基础信息资源目录", "GEOSPATIAL"),
    ("BASE-VIDEO_IMAGE", "视频图像基础信息资源目录", "VIDEO_IMAGE"),
    ("BASE-E_LICENCE", "电子证照基础信息资源目录", "E_LICENCE"),
]
THEME_CATALOGS: list[tuple[str, str, str, str, list[str]]] = [
    ("THEME-GOVERNMENT_SERVICE", "政务服务主题信息资源目录", "GOVERNMENT_SERVICE", "ZWFW", ["GA", "MZ", "RS", "SCJG", "ZJW", "WJW"]),
    ("THEME-SOCIAL_SECURITY", "社会保障主题信息资源目录", "SOCIAL_SECURITY", "RS", ["MZ", "YB", "CL", "TY", "ZJW"]),
    ("THEME-HEALTHCARE", "医疗健康主题信息资源目录", "HEALTHCARE", "WJW", ["YB", "CDC", "SJSYY"]),
    ("THEME-FOOD_DRUG_SAFETY", "食品药品安全主题信息资源目录", "FOOD_DRUG_SAFETY", "SCJG", ["WJW", "SWJ", "JW", "CDC"]),
    ("THEME-ENVIRONMENT", "生态环保主题信息资源目录", "ENVIRONMENT", "HB", ["SW", "YL", "CGW", "ZJW"]),
    ("THEME-URBAN_MANAGEMENT", "城市管理主题信息资源目录", "URBAN_MANAGEMENT", "CGW",
     ["CGZF", "JTW", "SW", "RLGS", "ZLSGS"]),
    ("THEME-COMMUNITY_GOVERNANCE", "社区治理主题信息资源目录", "COMMUNITY_GOVERNANCE", "MZ",
     ["SFJ", "ZJW", "BYS", "LS", "BJ", "GC", "PGY", "JDJ", "GN", "WLT", "LGU"]),
    ("THEME-CREDIT", "信用体系主题信息资源目录", "CREDIT", "FGW", ["SCJG", "RS", "ZJW", "HB", "JXW"]),
    ("THEME-EMERGENCY_STABILITY", "应急维稳主题信息资源目录", "EMERGENCY_STABILITY", "YJ", ["GA", "SW", "WJW", "SFJ"]),
    ("THEME-WORK_SAFETY", "安全生产主题信息资源目录", "WORK_SAFETY", "YJ", ["SCJG", "ZJW", "RF", "JTW", "WL"]),
]

# Theme catalog resources, per theme catalog: (provider, 目, name, items, attributes, options), with the
# attributes and options of RESOURCES.
THEME_RESOURCES: dict[str, list[Row]] = {
    "THEME-GOVERNMENT_SERVICE": [
        ("ZWFW", "政务服务事项", "政务服务事项目录",
         "事项编码 事项名称 事项类型 实施主体 办理依据 法定办结时限 承诺办结时限 是否收费 办理渠道 更新日期", "UUOd",
         {"sys": "WSFW", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("ZWFW", "办件", "政务服务办件信息",
         "办件编号 事项名称 申请人姓名 申请人公民身份号码 申请单位名称 统一社会信用代码 受理日期 办结日期 办理结果 承办部门 办理渠道",
         "CNDd", {"sys": "YWTB"}),
        ("ZWFW", "热线诉求", "12345市民热线诉求信息",
         "工单编号 来电时间 诉求人姓名 联系电话 诉求类型 诉求内容 所属街道 承办单位 办理状态 回访满意度", "CNRd", {"sys": "RXPT"}),
        ("ZWFW", "热线诉求", "接诉即办考核排名信息", "考核月份 单位名称 响应率 解决率 满意率 综合得分 排名", "UUMs",
         {"sys": "RXPT", "domain": "OTHER"}),
        ("ZWFW", "服务评价", "政务服务好差评信息", "评价编号 事项名称 评价渠道 评价等级 评价时间 承办部门 整改情况", "UUMd",
         {"sys": "HCP", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("GA", "户政服务", "户籍业务网上办理信息",
         "业务流水号 业务类型 申请人姓名 申请人公民身份号码 申请日期 受理派出所 办理状态 办结日期", "CNDd", {"sys": "RKXT"}),
    ],
    "THEME-SOCIAL_SECURITY": [
        ("MZ", "社会救助", "最低生活保障对象信息",
         "户主姓名 户主公民身份号码 家庭人口数 保障人数 家庭月收入 保障金额 保障起始日期 所属街道 所属社区 审批日期", "CNMd",
         {"sys": "SHJZ", "cond": "仅限社会救助、住房保障、医疗救助等部门核对救助对象使用"}),
        ("MZ", "社会救助", "特困人员供养信息", PERSON + " 供养方式 供养标准 生活自理能力 供养机构 认定日期 所属街道", "CNMd", {"sys": "SHJZ"}),
        ("MZ", "社会救助", "临时救助信息", "申请人姓名 申请人公民身份号码 救助类型 救助金额 救助事由 审批日期 所属街道", "CNMd", {"sys": "SHJZ"}),
        ("MZ", "养老服务", "居家养老服务对象信息",
         PERSON + " 现住址 联系电话 紧急联系人 健康状况 失能等级 服务类型 服务机构 所属街道", "CNMd",
         {"sys": "YLFW", "collect": {"公民身份号码": None}}),
        ("MZ", "养老服务", "养老机构信息", ORG + " 机构类型 床位数 收住老人数 地址 联系电话 星级 备案日期", "UUQd",
         {"sys": "YLFW", "domain": "ELDERLY_CARE"}),
        ("RS", "就业", "职业技能培训补贴信息", PERSON + " 培训工种 培训机构 培训日期 证书编号 补贴金额 发放日期", "CNMd", {"sys": "JYFW"}),
        ("RS", "社会保险", "养老保险待遇发放信息", PERSON + " 社会保障卡号 待遇类型 发放月份 发放金额 发放状态", "CNMd", {"sys": "SBJB"}),
        ("YB", "医疗保障", "城乡居民医疗保险参保信息", PERSON + " 医保个人编号 参保类别 参保日期 缴费标准 参保状态 所属街道", "CNMd",
         {"sys": "YBJS"}),
        ("YB", "医疗保障", "医疗救助信息", PERSON + " 救助类别 医疗总费用 医保报销金额 救助金额 救助日期", "CNMd", {"sys": "JJJG"}),
        ("ZJW", "住房保障", "公租房保障家庭信息",
         "申请人姓名 申请人公民身份号码 家庭人口数 家庭月收入 保障方式 配租房源 租金标准 入住日期 所属街道", "CNMd", {"sys": "ZFBZ"}),
        ("CL", "残疾人保障", "残疾人两项补贴发放信息", PERSON + " 残疾人证号 补贴类型 补贴金额 发放月份 所属街道", "CNMd", {"sys": "KFFW"}),
        ("TY", "优抚", "优抚对象抚恤补助信息", PERSON + " 优抚类别 抚恤标准 发放金额 发放月份 所属街道", "CNMd", {"sys": "YFDX"}),
    ],
    "THEME-HEALTHCARE": [
        ("WJW", "健康档案", "居民电子健康档案",
         PERSON + " 现住址 联系电话 血型 过敏史 既往病史 建档机构 建档日期 签约家庭医生", "CNDd",
         {"sys": "JMJK", "cond": "仅限卫生健康、医疗保障部门依职责使用，须经本人授权调阅"}),
        ("WJW", "医疗机构", "医疗机构基本信息", ORG + " 机构类别 等级 地址 诊疗科目 床位数 执业医师数 联系电话", "UUQd",
         {"sys": "YLJG", "domain": "MEDICAL"}),
        ("WJW", "医疗服务", "门急诊就诊信息", "就诊流水号 患者姓名 公民身份号码 就诊日期 就诊机构 就诊科室 诊断结果 费用总额", "CNDd",
         {"sys": "QMJK"}),
        ("WJW", "家庭医生", "家庭医生签约信息", PERSON + " 签约团队 签约机构 签约日期 服务包类型 所属社区", "CNMd", {"sys": "QMJK"}),
        ("WJW", "卫生资源", "卫生资源统计信息", "统计年度 机构类别 机构数 床位数 卫生技术人员数 执业医师数 注册护士数 诊疗人次数", "UUYs",
         {"sys": "QMJK", "domain": "HEALTH"}),
        ("CDC", "预防接种", "儿童预防接种信息",
         "学生姓名 公民身份号码 出生日期 监护人姓名 联系电话 疫苗名称 接种剂次 接种日期 接种单位 疫苗批号", "CNDd", {"sys": "YMJZ"}),
        ("CDC", "传染病", "法定传染病报告信息", PERSON + " 现住址 病种 发病日期 诊断日期 报告单位 报告日期", "NNDd",
         {"sys": "CRB", "basis": "《中华人民共和国传染病防治法》第十二条：疾病预防控制机构不得泄露涉及个人隐私的有关信息、资料；疫情信息由卫生健康主管部门依法统一发布"}),
        ("SJSYY", "医疗服务", "住院病案首页信息",
         "病案号 患者姓名 公民身份号码 入院日期 出院日期 入院科室 主要诊断 手术及操作 住院总费用 离院方式", "CNDd", {"sys": "HIS"}),
        ("YB", "医保结算", "医保费用结算信息", "结算流水号 医保个人编号 姓名 就诊机构 结算日期 医疗总费用 统筹支付金额 个人自付金额", "CNDd",
         {"sys": "YBJS"}),
    ],
    "THEME-FOOD_DRUG_SAFETY": [
        ("SCJG", "食品经营", "食品经营主体信息", ORG + " 许可证编号 经营场所 主体业态 经营项目 发证日期 有效期至 日常监管机构", "UUDd",
         {"sys": "SPAQ", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("SCJG", "食品抽检", "食品安全监督抽检信息",
         "抽检编号 被抽检单位名称 统一社会信用代码 食品名称 规格型号 生产日期 抽样日期 检验项目 检验结论 不合格项目", "UUMd",
         {"sys": "SPAQ", "domain": "OTHER"}),
        ("SCJG", "药品", "药品经营企业信息", ORG + " 许可证编号 经营方式 经营范围 质量负责人 仓库地址 有效期至", "UUMd", {"sys": "YPJG"}),
        ("SCJG", "医疗器械", "医疗器械经营企业信息", ORG + " 备案编号 经营方式 经营范围 经营场所 备案日期", "UNMd", {"sys": "YPJG"}),
        ("SCJG", "餐饮服务", "餐饮服务明厨亮灶信息", "点位编号 单位名称 统一社会信用代码 后厨区域 视频流地址 接入日期 在线状态", "CNRv",
         {"sys": "SPAQ"}),
        ("JW", "校园食品", "学校食堂食品安全管理信息", "学校名称 食堂名称 供餐方式 食品经营许可证编号 食品安全管理员 检查日期 检查结果", "CNMd",
         {"sys": "JFGL"}),
        ("SWJ", "食品流通", "重要产品追溯信息", "追溯码 产品名称 产品批次 生产企业 进货日期 销售企业 统一社会信用代码 流向地址", "CNDd",
         {"sys": "SMLT"}),
        ("CDC", "食源性疾病", "食源性疾病监测信息", "病例编号 患者姓名 性别 年龄 发病时间 可疑食品 就诊医院 报告日期", "CNMd", {"sys": "CRB"}),
    ],
    "THEME-ENVIRONMENT": [
        ("HB", "空气质量", "空气质量监测数据", "监测站点 监测时间 AQI指数 PM2.5浓度 PM10浓度 二氧化氮浓度 臭氧浓度 首要污染物 空气质量等级",
         "UURd", {"sys": "KQJC", "domain": "ENVIRONMENT"}),
        ("HB", "污染源", "重点污染源在线监测数据", "统一社会信用代码 企业名称 排放口编号 监测时间 监测因子 监测值 排放限值 是否超标", "CCRd",
         {"sys": "WRY", "domain": "ENVIRONMENT", "ocond": "仅向注册用户开放，数据仅供环境监督和科研使用"}),
        ("HB", "排污许可", "排污许可信息", ORG + " 许可证编号 行业类别 生产经营场所地址 主要污染物种类 发证日期 有效期至", "UUDd",
         {"sys": "HPSP", "domain": "ENVIRONMENT"}),
        ("HB", "环评", "建设项目环评审批信息", "项目名称 建设单位 统一社会信用代码 建设地点 环评类别 审批文号 审批日期 审批意见", "UUDd",
         {"sys": "HPSP", "domain": "ENVIRONMENT"}),
        ("SW", "水环境", "河道水质监测信息", "断面名称 所属河道 监测日期 水质类别 化学需氧量浓度 氨氮浓度 总磷浓度 达标情况", "UUMd",
         {"sys": "SWJC", "domain": "ENVIRONMENT"}),
        ("SW", "水资源", "用水户取水信息", "统一社会信用代码 用水户名称 取水许可证号 水源类型 年度许可取水量 实际取水量 计量方式", "CNMd", {"sys": "SWJC"}),
        ("YL", "绿化", "城市绿地信息", "绿地编号 绿地名称 绿地类型 所属街道 绿地面积 养护单位 建成年份 空间范围", "UUYi", {"sys": "LDZY", "domain": "ENVIRONMENT"}),
        ("YL", "古树名木", "古树名木信息", "古树编号 树种 保护级别 估测树龄 所在位置 经度 纬度 生长状况 养护责任单位", "UUYd",
         {"sys": "LDZY", "domain": "CULTURE"}),
        ("CGW", "垃圾分类", "生活垃圾分类收运信息", "收运单位 收运车辆号牌 所属街道 收运点位 垃圾类别 收运重量 收运时间", "UNDd", {"sys": "LJFL"}),
        ("ZJW", "扬尘", "施工扬尘监测信息", "工地编号 工程名称 施工单位 监测时间 PM10浓度 噪声值 是否超标", "CNRd", {"sys": "GDJK"}),
    ],
    "THEME-URBAN_MANAGEMENT": [
        ("CGW", "网格化", "城市管理网格案件信息", "案件编号 案件类型 问题描述 发现来源 所属街道 所属网格 上报时间 处置部门 结案时间 处置结果", "CNRd",
         {"sys": "WGH"}),
        ("CGW", "市政设施", "市政道路设施信息", "道路编号 道路名称 道路等级 起点 终点 道路长度 道路面积 养护单位", "UUYd",
         {"sys": "WGH", "domain": "TRANSPORT"}),
        ("CGW", "环境卫生", "环卫作业信息", "作业编号 作业类型 作业单位 作业道路 作业时间 作业车辆号牌 作业面积", "UNDd", {"sys": "LJFL"}),
        ("CGW", "供热", "供热运行信息", "供热单位 热源名称 供热面积 供水温度 回水温度 监测时间 运行状态", "UNDd", {"sys": "GRJC"}),
        ("CGW", "停车", "公共停车场信息", "停车场编号 停车场名称 地址 经营单位 泊位数 收费标准 开放时间 经度 纬度", "UUMd",
         {"sys": "TCGL", "domain": "TRANSPORT"}),
        ("CGZF", "执法", "城管执法案件信息", "案件编号 案由 当事人姓名 当事人公民身份号码 当事单位名称 违法地点 立案日期 处罚决定 结案日期", "CNDd",
         {"sys": "ZFBA"}),
        ("JTW", "交通运行", "道路交通运行指数", "统计时间 路段名称 交通指数 平均车速 拥堵等级 拥堵里程", "UURj", {"sys": "JTYX", "domain": "TRANSPORT"}),
        ("RLGS", "供热", "供热用户信息", "用户编号 用户姓名 联系电话 供热地址 供热面积 缴费状态 缴费日期", "CNMd", {"sys": "RFSJ"}),
        ("ZLSGS", "供水", "供水用户信息", "用户编号 用户姓名 联系电话 用水地址 水表编号 用水性质 月用水量 欠费金额", "CNMd", {"sys": "YYSF"}),
        ("ZLSGS", "供水", "供水水质公示信息", "采样点 采样日期 浑浊度 余氯浓度 菌落总数 总大肠菌群 是否达标", "UUMs", {"sys": "GSDD", "domain": "HEALTH"}),
        ("SW", "排水", "排水管网信息", "管段编号 管道类型 管径 材质 起点井编号 终点井编号 敷设年代 权属单位 空间坐标", "CNYi", {"sys": "SWJC"}),
    ],
    "THEME-COMMUNITY_GOVERNANCE": [
        ("MZ", "社区", "社区基本信息", "社区编码 社区名称 所属街道 辖区面积 户籍户数 常住人口数 居委会地址 联系电话", "UUYd",
         {"sys": "SQGZ", "domain": "OTHER"}),
        ("MZ", "社区工作者", "社区工作者信息", PERSON + " 政治面貌 文化程度 所在社区 岗位 入职日期 持证情况", "CNQd", {"sys": "SQGZ"}),
        ("MZ", "志愿服务", "志愿者注册信息", PERSON + " 手机号码 服务类别 所属组织 注册日期 服务时长", "CNMd", {"sys": "SHZZ"}),
        ("SFJ", "人民调解", "人民调解案件信息", "案件编号 纠纷类型 当事人姓名 当事人公民身份号码 调解组织 受理日期 调解结果 结案日期", "CNMd", {"sys": "RMTJ"}),
        ("SFJ", "社区矫正", "社区矫正对象信息", PERSON + " 户籍地址 现住址 矫正类别 犯罪类型 矫正起始日期 矫正终止日期 执行地司法所", "NNDd",
         {"sys": "SQJZ", "basis": "《中华人民共和国社区矫正法》第四条、第五十四条：社区矫正工作中知悉的个人信息应当保密，不得泄露"}),
        ("ZJW", "物业", "物业服务项目信息", "项目编号 项目名称 物业服务企业 统一社会信用代码 所属街道 服务面积 收费标准 合同到期日期", "UUQd",
         {"sys": "WYGL", "domain": "OTHER"}),
    ],
    "THEME-CREDIT": [
        ("FGW", "信用信息", "行政许可和行政处罚信用信息汇总",
         "行政相对人名称 统一社会信用代码 信息类别 决定文书号 决定内容 决定日期 决定机关 公示期限至", "UUDd", {"sys": "XYPT", "domain": "CREDIT"}),
        ("FGW", "信用评价", "公共信用综合评价信息", "统一社会信用代码 主体名称 评价年度 评价等级 评价得分 评价日期", "CNMd", {"sys": "XYPT"}),
        ("FGW", "联合惩戒", "失信被执行人联合惩戒信息", "被执行人姓名或名称 公民身份号码 统一社会信用代码 执行法院 执行案号 失信情形 发布日期", "CNDd",
         {"sys": "XYPT"}),
        ("FGW", "联合激励", "守信激励对象名单", "统一社会信用代码 主体名称 激励类别 认定部门 认定日期 有效期至", "UUMd", {"sys": "XYPT", "domain": "CREDIT"}),
        ("SCJG", "经营异常", "经营异常名录信息", ORG + " 列入原因 列入日期 作出决定机关 移出原因 移出日期", "UUDd", {"sys": "ZTDJ", "domain": "CREDIT"}),
        ("SCJG", "严重违法", "严重违法失信企业名单", ORG + " 列入事由 列入日期 作出决定机关", "UUDd", {"sys": "ZTDJ", "domain": "CREDIT"}),
        ("RS", "劳动保障", "拖欠农民工工资失信联合惩戒对象名单", ORG + " 拖欠人数 拖欠金额 列入日期 认定部门", "UUMd",
         {"sys": "LDJC", "domain": "CREDIT"}),
        ("ZJW", "建筑市场", "建筑市场主体信用信息", ORG + " 企业资质 信用评分 良好行为记录 不良行为记录 评价日期", "UUMd", {"sys": "FWGL", "domain": "CREDIT"}),
        ("HB", "环境信用", "企业环境信用评价信息", ORG + " 评价年度 评价等级 评价依据 发布日期", "UUYd", {"sys": "ZFJC", "domain": "CREDIT"}),
    ],
    "THEME-EMERGENCY_STABILITY": [
        ("YJ", "应急资源", "应急物资储备信息", "储备库名称 储备单位 物资名称 物资类别 规格型号 储备数量 计量单位 储备地点 更新日期", "CNQd", {"sys": "YJZH"}),
        ("YJ", "应急队伍", "应急救援队伍信息", "队伍名称 队伍类型 所属单位 队伍人数 负责人姓名 联系电话 主要装备 驻地地址", "CNQd", {"sys": "YJZH"}),
        ("YJ", "避难场所", "应急避难场所信息", "场所编号 场所名称 场所类型 地址 有效避难面积 可容纳人数 经度 纬度 管理单位", "UUYd",
         {"sys": "YJZH", "domain": "OTHER"}),
        ("YJ", "应急预案", "突发事件应急预案信息", "预案编号 预案名称 预案类别 编制单位 发布日期 修订日期 预案文件", "CNYf", {"sys": "YJZH"}),
        ("SW", "防汛", "防汛重点部位信息", "部位编号 部位名称 部位类型 所属街道 风险等级 责任单位 责任人姓名 联系电话 经度 纬度", "CNYd", {"sys": "FXZH"}),
        ("SW", "防汛", "雨量水位监测信息", "站点编号 站点名称 监测时间 小时雨量 累计雨量 水位 警戒水位", "UURd",
         {"sys": "FXZH", "domain": "METEOROLOGY"}),
        ("GA", "治安防控", "重点场所治安防控信息", "场所编号 场所名称 场所类别 地址 安保负责人 防控等级 检查日期 检查情况", "NNDd",
         {"sys": "ZAGL", "secret": True, "basis": "《中华人民共和国人民警察法》第二十二条及公安机关工作秘密管理规定：治安防控部署属于工作秘密"}),
        ("WJW", "突发公共卫生", "突发公共卫生事件信息", "事件编号 事件名称 事件类别 发生地点 发生时间 波及人数 事件等级 处置情况 报告单位", "CNRd", {"sys": "QMJK"}),
        ("SFJ", "矛盾纠纷", "矛盾纠纷排查化解信息", "纠纷编号 纠纷类型 涉及人数 所属街道 排查日期 化解状态 责任单位", "CNMd", {"sys": "RMTJ"}),
    ],
    "THEME-WORK_SAFETY": [
        ("YJ", "安全生产", "安全生产重点企业信息", ORG + " 行业类别 生产经营地址 安全负责人 从业人数 风险等级 标准化等级", "CNQd", {"sys": "AQZF"}),
        ("YJ", "隐患排查", "安全隐患排查治理信息", "隐患编号 单位名称 统一社会信用代码 隐患类别 隐患等级 发现日期 整改期限至 整改状态", "CNMd", {"sys": "AQZF"}),
        ("YJ", "危险化学品", "危险化学品企业信息", ORG + " 许可证编号 危化品名称 储存量 储存场所 重大危险源等级 经度 纬度", "CNMd", {"sys": "WHJC"}),
        ("YJ", "行政执法", "安全生产行政执法信息", "执法文书号 被检查单位名称 统一社会信用代码 检查日期 检查内容 发现问题数 处理决定", "UUDd",
         {"sys": "AQZF", "domain": "OTHER"}),
        ("SCJG", "特种设备", "特种设备登记信息", "设备编号 设备类别 设备品种 使用单位名称 统一社会信用代码 安装地址 使用登记证编号 下次检验日期", "CNMd",
         {"sys": "TZSB"}),
        ("ZJW", "施工安全", "建筑施工安全监督信息", "工程编号 工程名称 施工单位 监理单位 监督日期 检查结果 整改通知书编号", "CNMd", {"sys": "FWGL"}),
        ("RF", "人防工程", "人防工程使用安全信息", "工程编号 工程名称 工程位置 防护等级 使用单位 平时用途 检查日期 检查结论", "NNYd",
         {"sys": "RFGC", "secret": True, "basis": "《中华人民共和国人民防空法》第十四条及人防工程保密规定：人防工程位置、防护等级属于国家秘密"}),
        ("JTW", "交通安全", "道路运输企业安全信息", ORG + " 经营许可证号 经营范围 车辆数 安全负责人 考核等级", "CNMd", {"sys": "DLSS"}),
        ("WL", "文化场所", "文化娱乐场所安全检查信息", "场所名称 统一社会信用代码 场所类型 地址 检查日期 检查结果 整改要求", "CNMd", {"sys": "WHZF"}),
    ],
}


# Resources per providing department: (catalog, 目 of the classification, name, items, attributes,
# options). Catalog "DEPT" is the provider's own department catalog; base and theme resources are
# listed there too. Attributes are four letters: share type (U/C/N), open type (U/C/N), update cycle
# (R realtime, D daily, W weekly, M monthly, Q quarterly, H half-yearly, Y yearly, O other) and format
# (d database, s spreadsheet, f electronic file, i image, v streaming media, j self-describing).
# Options: sys (holding system abbreviation), cond (share condition), basis (legal basis, Art.18),
# agg (False: not aggregated), exception (aggregation exception, Art.15), ocond (open condition),
# domain (priority domain for opening, Art.22), collect (items collected at source, Art.12).
RESOURCES: dict[str, list[Row]] = {
    "GA": [
        ("BASE-POPULATION", "户籍人口", "户籍人口基本信息",
         PERSON + " 民族 出生地 户号 户主姓名 与户主关系 户籍地址 婚姻状况 文化程度 户籍登记日期", "CNDd",
         {"sys": "RKXT", "cond": "仅限政务部门依法履职使用，不得向第三方提供", "collect": ["公民身份号码", "姓名"]}),
        ("BASE-POPULATION", "户籍人口", "户籍人口迁移变动信息",
         "公民身份号码 姓名 变动类型 迁出地 迁入地 变动日期 变动原因 承办派出所", "CNDd", {"sys": "RKXT"}),
        ("BASE-POPULATION", "流动人口", "流动人口居住登记信息",
         PERSON + " 户籍地址 现住址 居住事由 登记日期 居住证编号 居住证有效期至 房屋编号", "CNDd", {"sys": "LDRK"}),
        ("BASE-POPULATION", "户籍人口", "居民身份证签发信息",
         PERSON + " 签发机关 签发日期 有效期限 证件状态 照片", "NNDd",
         {"sys": "RKXT", "basis": "《中华人民共和国居民身份证法》第六条、第十九条：公安机关对因制作、发放、查验、扣押居民身份证而知悉的公民个人信息应当予以保密"}),
        ("BASE-VIDEO_IMAGE", "公共安全视频", "公共安全视频监控点位信息",
         "点位编号 点位名称 所属街道 安装地址 经度 纬度 摄像机类型 建设单位 接入日期 在线状态", "CNMd",
         {"sys": "SPTX", "agg": False, "exception": "经区信息化工作领导小组2021年第2次会议审议同意，公共安全视频资源保留在公安视频专网，不汇聚至区大数据管理平台，按需通过视频共享接口调阅"}),
        ("BASE-VIDEO_IMAGE", "公共安全视频", "公共安全视频图像资源",
         "点位编号 视频流地址 采集时间 分辨率 存储期限 调阅权限 图像质量等级", "CNRv",
         {"sys": "SPTX", "agg": False, "exception": "经区信息化工作领导小组2021年第2次会议审议同意，视频图像保留在公安视频专网，按需调阅"}),
    ],
    "WJW": [
        ("BASE-POPULATION", "出生", "出生医学证明信息",
         "出生医学证明编号 新生儿姓名 新生儿性别 出生日期 出生地点 出生孕周 出生体重 母亲姓名 母亲公民身份号码 父亲姓名 父亲公民身份号码 接生机构 签发日期",
         "CNDd", {"sys": "FYBJ"}),
        ("BASE-POPULATION", "死亡", "居民死亡医学证明信息",
         PERSON + " 户籍地址 死亡日期 死亡地点 死亡原因 填报单位 填报日期", "CNDd",
         {"sys": "QMJK", "collect": {"公民身份号码": "《人口死亡信息登记管理规定》（国卫规划发〔2013〕57号）第六条：医疗卫生机构填报死亡医学证明时据实采集死者公民身份号码"}}),
        ("BASE-E_LICENCE", "医疗卫生证照", "医师执业证书电子证照", LICENCE_P + " 执业类别 执业范围 执业地点", "UNDd", {"sys": "YLJG"}),
        ("BASE-E_LICENCE", "医疗卫生证照", "医疗机构执业许可证电子证照", LICENCE_O + " 诊疗科目 床位数", "UUDd",
         {"sys": "YLJG", "domain": "MEDICAL"}),
    ],
    "MZ": [
        ("BASE-POPULATION", "婚姻", "婚姻登记信息",
         "登记类别 登记日期 登记机关 结婚证字号 男方姓名 男方公民身份号码 女方姓名 女方公民身份号码 登记员", "CNDd", {"sys": "HYDJ"}),
        ("BASE-LEGAL_PERSON", "社会组织", "社会组织登记信息",
         ORG + " 组织类型 业务主管单位 登记日期 住所 业务范围 注册资金 登记状态", "UUMd", {"sys": "SHZZ", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("BASE-E_LICENCE", "民政证照", "结婚证电子证照",
         "证照名称 证照编号 男方姓名 男方公民身份号码 女方姓名 女方公民身份号码 登记机关 登记日期 证照状态 证照文件", "CNDd", {"sys": "HYDJ"}),
    ],
    "RS": [
        ("BASE-POPULATION", "就业", "就业失业登记信息",
         PERSON + " 户籍地址 登记类型 就业失业登记证号 就业单位 登记日期 就业困难人员类别", "CNDd", {"sys": "JYFW"}),
        ("BASE-POPULATION", "社会保障", "社会保险参保人员信息",
         PERSON + " 社会保障卡号 参保险种 参保状态 参保日期 缴费基数 参保单位名称 统一社会信用代码", "CNMd", {"sys": "SBJB"}),
        ("BASE-E_LICENCE", "人力社保证照", "社会保障卡电子证照", LICENCE_P + " 社会保障卡号 发卡银行", "CNDd", {"sys": "SBJB"}),
    ],
    "JW": [
        ("BASE-POPULATION", "教育", "中小学生学籍信息",
         "学籍号 学生姓名 公民身份号码 性别 出生日期 户籍地址 就读学校 年级 班级 入学日期 学籍状态 监护人姓名 监护人公民身份号码",
         "CNYd", {"sys": "XJGL"}),
        ("BASE-E_LICENCE", "教育证照", "教师资格证书电子证照", LICENCE_P + " 资格种类 任教学科", "UNDd", {"sys": "JSGL"}),
    ],
    "CL": [
        ("BASE-POPULATION", "残疾人", "持证残疾人基本信息",
         PERSON + " 残疾人证号 残疾类别 残疾等级 户籍地址 所属街道 发证日期 是否享受两项补贴", "CNMd", {"sys": "CJR"}),
        ("BASE-E_LICENCE", "残联证照", "残疾人证电子证照", LICENCE_P + " 残疾人证号 残疾类别 残疾等级", "CNDd", {"sys": "CJR"}),
    ],
    "TY": [
        ("BASE-POPULATION", "退役军人", "退役军人基本信息",
         PERSON + " 入伍日期 退役日期 退役方式 原部队番号 安置方式 户籍地址 联系电话", "CNMd", {"sys": "YFDX"}),
    ],
    "SCJG": [
        ("BASE-LEGAL_PERSON", "市场主体", "企业登记注册信息",
         ORG + " 企业类型 注册资本 成立日期 营业期限至 登记机关 住所 经营范围 登记状态 核准日期", "UNDd",
         {"sys": "ZTDJ", "collect": ["统一社会信用代码"]}),
        ("BASE-LEGAL_PERSON", "市场主体", "个体工商户登记信息",
         "统一社会信用代码 字号名称 经营者姓名 公民身份号码 组成形式 经营场所 经营范围 注册日期 登记状态", "CNDd", {"sys": "ZTDJ"}),
        ("BASE-LEGAL_PERSON", "市场主体", "企业年度报告信息",
         "统一社会信用代码 企业名称 报告年度 从业人数 资产总额 营业总收入 纳税总额 企业通信地址 报送日期", "UUYd",
         {"sys": "ZTDJ", "domain": "CREDIT"}),
        ("BASE-E_LICENCE", "市场监管证照", "营业执照电子证照", LICENCE_O + " 企业类型 注册资本 经营范围", "UNDd", {"sys": "ZTDJ"}),
        ("BASE-E_LICENCE", "市场监管证照", "食品经营许可证电子证照", LICENCE_O + " 经营场所 主体业态 经营项目", "UUDd",
         {"sys": "SPAQ", "domain": "ADMINISTRATIVE_APPROVAL"}),
    ],
    "BB": [
        ("BASE-LEGAL_PERSON", "机关事业单位", "机关事业单位登记信息",
         ORG + " 单位类别 举办单位 举办单位统一社会信用代码 宗旨和业务范围 经费来源 开办资金 住所 登记日期", "UUMd",
         {"sys": "SMZ"}),
    ],
    "GH": [
        ("BASE-GEOSPATIAL", "基础测绘", "1:500基础测绘成果",
         "图幅编号 比例尺 测绘日期 坐标系统 高程基准 成果类型 成果密级 空间范围", "NNYi",
         {"sys": "CHCG", "secret": True, "basis": "《中华人民共和国测绘法》第三十四条及《测绘成果管理条例》：属于国家秘密的基础测绘成果，按保密法律法规管理，不予共享"}),
        ("BASE-GEOSPATIAL", "电子地图", "政务电子地图数据",
         "图层编号 图层名称 要素类型 比例尺 坐标系统 更新日期 服务地址 空间范围", "CNHj", {"sys": "DTPT"}),
        ("BASE-GEOSPATIAL", "地名地址", "标准地名地址信息",
         "地址编码 标准地址 所属街道 所属社区 门牌号 楼栋号 经度 纬度 更新日期", "UUQd", {"sys": "DTPT", "domain": "GEOGRAPHY"}),
        ("BASE-GEOSPATIAL", "不动产", "不动产登记信息",
         "不动产单元号 不动产权证书号 权利人名称 权利人证件号码 坐落 用途 面积 权利性质 登记日期 共有情况", "CNDd", {"sys": "BDC"}),
        ("BASE-GEOSPATIAL", "土地", "土地利用现状数据",
         "图斑编号 地类编码 地类名称 权属性质 图斑面积 所属街道 调查年度 空间范围", "CNYi", {"sys": "GHSP"}),
    ],
    "ZJW": [
        ("BASE-GEOSPATIAL", "房屋", "房屋建筑基础信息",
         "房屋编号 坐落地址 所属街道 建筑年代 建筑结构 地上层数 地下层数 建筑面积 房屋用途 产权单位 经度 纬度", "CNMd", {"sys": "FWGL"}),
        ("BASE-VIDEO_IMAGE", "工地视频", "建筑工地视频监控信息",
         "工地编号 工程名称 施工单位 点位编号 安装位置 视频流地址 在线状态 接入日期", "CNRv", {"sys": "GDJK", "agg": False}),
        ("BASE-E_LICENCE", "住建证照", "建筑工程施工许可证电子证照", LICENCE_O + " 工程名称 建设地址 建设规模 合同工期", "UUDd",
         {"sys": "FWGL", "domain": "ADMINISTRATIVE_APPROVAL"}),
    ],
    "CGW": [
        ("BASE-GEOSPATIAL", "城市部件", "城市部件普查信息",
         "部件编号 部件大类 部件小类 所属街道 所属网格 权属单位 养护单位 经度 纬度 普查日期", "UNYd", {"sys": "WGH"}),
        ("BASE-GEOSPATIAL", "网格", "城市管理网格划分信息", "网格编码 网格名称 所属街道 所属社区 网格面积 网格员数 空间范围", "UUYd",
         {"sys": "WGH", "domain": "GEOGRAPHY"}),
        ("BASE-VIDEO_IMAGE", "城市管理视频", "城市管理视频监控点位信息",
         "点位编号 点位名称 所属街道 安装地址 经度 纬度 监控对象 权属单位 在线状态", "CNMd", {"sys": "WGH"}),
    ],
    "JTW": [
        ("BASE-VIDEO_IMAGE", "交通视频", "道路交通视频监控信息",
         "点位编号 道路名称 路口名称 视频流地址 采集时间 经度 纬度 在线状态", "CNRv", {"sys": "JTYX"}),
    ],
    "ZWFW": [
        ("BASE-E_LICENCE", "证照目录", "电子证照目录信息",
         "证照类型代码 证照类型名称 颁证单位 持证主体类别 证照有效期 证照数量 归集日期", "UNDd", {"sys": "ZZK"}),
    ],
    "JXW": [
        ("BASE-POPULATION", "人口综合", "人口综合信息库",
         PERSON + " 民族 户籍地址 现住址 婚姻状况 就业状态 参保状态 是否残疾人 是否退役军人 数据更新日期", "CNDd",
         {"sys": "DSJ", "cond": "仅限政务部门依职责使用，按需申请信息项"}),
        ("BASE-LEGAL_PERSON", "法人综合", "法人综合信息库",
         ORG + " 法人类型 成立日期 住所 登记状态 行政许可数 行政处罚数 信用等级 数据更新日期", "CNDd", {"sys": "DSJ"}),
    ],
}

# Department catalog resources, per providing department: (目, name, items, attributes, options), with
# the attributes and options of RESOURCES.
DEPARTMENT_RESOURCES: dict[str, list[Row]] = {
    "ZFB": [
        ("政务公开", "政府信息公开申请办理信息", "申请编号 申请人姓名 联系电话 申请内容 申请日期 答复日期 答复类型 承办部门", "CNMd", {"sys": "XXGK"}),
        ("督查督办", "重点工作督办事项信息", "督办编号 督办事项 责任单位 办理时限 办理进展 督办状态 办结日期", "CNMd", {"sys": "DCDB"}),
        ("政务公开", "政府规范性文件信息", "文件编号 文件名称 发文机关 发文日期 施行日期 有效状态 全文链接", "UUOj", {"sys": "MH", "domain": "OTHER"}),
        ("会议", "区政府常务会议议定事项", "会议届次 会议日期 议题名称 议定事项 责任单位 落实时限", "CNOf", {"sys": "OA"}),
        ("建议提案", "人大建议政协提案办理信息", "建议提案编号 标题 提出人 类别 主办单位 会办单位 答复日期 办理结果", "UNYd", {"sys": "DCDB"}),
    ],
    "FGW": [
        ("投资项目", "政府投资项目信息",
         "项目代码 项目名称 项目单位 统一社会信用代码 建设地点 总投资金额 资金来源 审批文号 审批日期 建设状态", "UUMd",
         {"sys": "XMGL", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("价格", "重要民生商品价格监测信息", "监测点名称 商品名称 规格等级 计量单位 监测日期 监测价格 环比涨跌率", "UUWs", {"sys": "JGJC", "domain": "OTHER"}),
        ("信用修复", "信用修复信息", ORG + " 修复事项 原失信信息类别 修复日期 修复结果", "UUMd", {"sys": "XYPT", "domain": "CREDIT"}),
        ("能源", "重点用能单位能耗信息", ORG + " 行业类别 统计年度 综合能源消费量 单位增加值能耗 节能目标完成率", "CNYd", {"sys": "NYJC"}),
        ("投资项目", "企业投资项目备案信息", "项目代码 项目名称 备案单位 统一社会信用代码 建设地点 总投资金额 备案日期", "UUDd",
         {"sys": "XMGL", "domain": "ADMINISTRATIVE_APPROVAL"}),
    ],
    "JXW": [
        ("目录管理", "政务信息资源目录编制信息", "资源代码 资源名称 提供部门 共享类型 开放类型 更新周期 编目日期 审核状态", "UNOd", {"sys": "MLGL"}),
        ("共享交换", "数据共享交换日志", "交换流水号 提供部门 使用部门 资源代码 交换方式 交换时间 交换记录数 交换状态", "CNRd", {"sys": "GXJH"}),
        ("网络安全", "政务网络安全事件信息", "事件编号 事件类型 涉及系统 发现时间 影响范围 处置措施 处置状态", "NNRd",
         {"sys": "AQJC", "basis": "《中华人民共和国网络安全法》第五十一条：网络安全监测预警信息由国家网信部门和有关部门统一发布"}),
        ("信息化项目", "政务信息化项目信息", "项目编号 项目名称 建设单位 项目类型 批复金额 批复日期 建设状态 验收日期", "UUYd", {"sys": "MLGL", "domain": "OTHER"}),
        ("企业服务", "重点企业服务包信息", ORG + " 所属行业 服务管家 诉求内容 办理状态 更新日期", "CNMd", {"sys": "DSJ"}),
        ("人口专题", "街道人口分布专题数据", "街道名称 社区名称 户籍人口数 常住人口数 流动人口数 六十岁以上人口数 统计日期", "CNMd", {"sys": "DSJ"}),
        ("数据质量", "政务数据质量检查结果", "检查批次 资源代码 资源名称 提供部门 检查规则 问题记录数 检查日期 整改状态", "CNMd", {"sys": "DSJ"}),
        ("城市运行", "城市运行体征指标数据", "指标编码 指标名称 指标分类 统计时间 指标值 预警阈值 责任部门", "CNDj", {"sys": "DSJ"}),
        ("专题库", "困难群众精准帮扶专题库", PERSON + " 所属街道 救助类别 就业状态 残疾等级 医保参保状态 帮扶措施 更新日期", "CNMd",
         {"sys": "DSJ", "cond": "仅限民政、人力社保、残联、街道依职责开展帮扶使用"}),
    ],
    "JW": [
        ("学校", "中小学校基本信息", "学校标识码 学校名称 办学类型 办学性质 地址 班级数 在校生数 教职工数 联系电话", "UUYd",
         {"sys": "JFGL", "domain": "EDUCATION"}),
        ("入学", "义务教育入学登记信息",
         "学生姓名 公民身份号码 出生日期 户籍地址 现住址 监护人姓名 监护人公民身份号码 房产证明类型 登记日期 派位学校", "CNYd", {"sys": "RXFW"}),
        ("教师", "中小学教师信息", "教师姓名 公民身份号码 性别 出生日期 任教学校 任教学科 职称 教师资格证书编号 入职日期", "CNYd", {"sys": "JSGL"}),
        ("学前教育", "幼儿园信息", "幼儿园名称 办园性质 地址 班级数 在园幼儿数 收费标准 是否普惠 联系电话", "UUYd", {"sys": "JFGL", "domain": "EDUCATION"}),
        ("校外培训", "校外培训机构信息", ORG + " 办学许可证号 培训类别 办学地址 资金监管账户 审批日期", "UUQd", {"sys": "JFGL", "domain": "EDUCATION"}),
    ],
    "KW": [
        ("科技项目", "科技计划项目信息", "项目编号 项目名称 承担单位 统一社会信用代码 项目负责人姓名 资助金额 立项日期 结题日期", "UUYd",
         {"sys": "XMGL", "domain": "OTHER"}),
        ("高新技术", "高新技术企业信息", ORG + " 证书编号 技术领域 认定日期 有效期至", "UUYd", {"sys": "GXQY", "domain": "OTHER"}),
        ("科技企业", "科技型中小企业评价入库信息", ORG + " 入库编号 研发人员数 研发投入金额 入库年度", "UNYd", {"sys": "GXQY"}),
        ("创新载体", "科技企业孵化器和众创空间信息", "载体名称 运营单位 统一社会信用代码 地址 载体面积 在孵企业数 认定级别", "UUYd",
         {"sys": "GXQY", "domain": "OTHER"}),
        ("技术市场", "技术合同登记信息", "合同编号 合同名称 卖方名称 统一社会信用代码 技术领域 成交金额 登记日期", "CNMd", {"sys": "XMGL"}),
    ],
    "GA": [
        ("出入境", "出入境证件受理信息", PERSON + " 证件类型 护照号码 申请日期 受理单位 办理状态", "CNDd", {"sys": "RKXT"}),
        ("治安管理", "旅馆业住宿登记信息", "旅馆名称 旅客姓名 公民身份号码 入住时间 离店时间 房间号 同住人数", "NNRd",
         {"sys": "ZAGL", "basis": "《旅馆业治安管理办法》第六条及《中华人民共和国个人信息保护法》第三十四条：住宿登记信息仅供公安机关治安管理使用"}),
        ("交通管理", "机动车登记信息", "号牌号码 号牌种类 车辆类型 所有人姓名 公民身份号码 住所地址 初次登记日期 检验有效期至 车辆状态", "CNDd",
         {"sys": "JGWF"}),
        ("交通管理", "交通违法处理信息", "违法编号 号牌号码 违法时间 违法地点 违法行为 罚款金额 记分 处理状态", "CNDd", {"sys": "JGWF"}),
        ("治安管理", "保安服务公司信息", ORG + " 许可证号 服务范围 保安员数 地址", "UUYd", {"sys": "ZAGL", "domain": "OTHER"}),
        ("接处警", "110警情信息", "警情编号 报警时间 报警人姓名 报警电话 警情类别 案发地址 处警单位 处理结果", "NNRd",
         {"sys": "JJXT", "secret": True, "basis": "《中华人民共和国人民警察法》第二十二条及《公安机关执法公开规定》第十条：警情信息涉及国家秘密、警务工作秘密，不予共享"}),
    ],
    "MZ": [
        ("婚姻", "婚姻登记预约信息", "预约编号 男方姓名 女方姓名 手机号码 预约日期 预约时段 登记处", "CNDd", {"sys": "HYDJ"}),
        ("殡葬", "殡葬服务信息", "逝者姓名 公民身份号码 死亡日期 火化日期 殡仪馆 骨灰安放地 办理人姓名", "CNDd", {"sys": "SHJZ"}),
        ("区划地名", "行政区划和地名信息", "区划代码 区划名称 上级区划 地名类别 地名含义 设立日期", "UUYd", {"sys": "SQGZ", "domain": "GEOGRAPHY"}),
        ("儿童福利", "困境儿童保障信息", "儿童姓名 公民身份号码 出生日期 困境类型 监护人姓名 保障金额 所属街道", "CNMd", {"sys": "SHJZ"}),
        ("慈善", "慈善组织信息", ORG + " 认定日期 公开募捐资格 年度支出金额 住所", "UUYd", {"sys": "SHZZ", "domain": "OTHER"}),
        ("养老服务", "养老服务驿站运营信息", "驿站名称 运营单位 统一社会信用代码 地址 服务人次数 床位数 运营补贴金额 评估等级", "UUQd",
         {"sys": "YLFW", "domain": "ELDERLY_CARE"}),
    ],
    "SFJ": [
        ("法律援助", "法律援助案件信息", "案件编号 受援人姓名 受援人公民身份号码 援助事项 承办律师 受理日期 结案日期", "CNMd", {"sys": "FLYZ"}),
        ("法律服务", "律师事务所信息", ORG + " 执业许可证号 律师人数 地址 联系电话", "UUYd", {"sys": "FLYZ", "domain": "OTHER"}),
        ("公证", "公证机构信息", ORG + " 执业证号 公证员人数 地址 联系电话", "UUYd", {"sys": "FLYZ", "domain": "OTHER"}),
        ("法治宣传", "普法宣传活动信息", "活动编号 活动名称 主办单位 活动日期 活动地点 参与人数", "UUQs", {"sys": "RMTJ", "domain": "OTHER"}),
        ("安置帮教", "刑满释放人员安置帮教信息", PERSON + " 释放日期 原判刑期 帮教小组 安置情况 所属街道", "NNMd",
         {"sys": "SQJZ", "basis": "《中华人民共和国个人信息保护法》第二十八条及司法部《刑满释放人员安置帮教工作规定》：犯罪记录属于敏感个人信息"}),
    ],
    "CZ": [
        ("国库", "国库集中支付信息", "支付凭证号 预算单位 功能分类科目名称 支付金额 收款人名称 支付日期 资金性质", "CNDd", {"sys": "GKZF"}),
        ("资产", "行政事业单位国有资产信息", "资产编号 资产名称 资产分类 使用单位 取得日期 原值金额 净值金额 使用状态", "CNYd", {"sys": "ZCGL"}),
        ("政府采购", "政府采购项目信息", "采购项目编号 项目名称 采购单位 采购方式 预算金额 中标供应商 中标金额 公告日期", "UUDd",
         {"sys": "ZFCG", "domain": "OTHER"}),
        ("专项资金", "惠民惠农财政补贴资金发放信息", "补贴项目 发放单位 领取人姓名 公民身份号码 补贴金额 发放日期 所属街道", "CNMd", {"sys": "GKZF"}),
    ],
    "RS": [
        ("劳动关系", "劳动人事争议仲裁案件信息", "案件编号 申请人姓名 被申请人名称 争议类型 受理日期 裁决日期 结案方式", "CNMd", {"sys": "LDJC"}),
        ("社保卡", "社会保障卡服务网点信息", "网点名称 网点类型 地址 服务时间 联系电话 经度 纬度", "UUQd", {"sys": "SBJB", "domain": "OTHER"}),
        ("人才", "人才引进信息", PERSON + " 学历 专业 引进单位 引进类别 批准日期", "CNYd", {"sys": "RSGL"}),
        ("就业", "招聘岗位信息", "岗位编号 招聘单位 统一社会信用代码 岗位名称 招聘人数 薪酬范围 工作地点 发布日期", "UUDd", {"sys": "JYFW", "domain": "OTHER"}),
        ("劳动监察", "劳动保障监察案件信息", "案件编号 用人单位名称 统一社会信用代码 案由 涉及人数 立案日期 处理结果", "CNMd", {"sys": "LDJC"}),
        ("事业单位", "事业单位工作人员信息", PERSON + " 工作单位 岗位类别 岗位等级 聘用日期", "CNYd", {"sys": "RSGL"}),
    ],
    "GH": [
        ("规划许可", "建设工程规划许可信息", "许可证编号 建设单位 统一社会信用代码 项目名称 建设位置 建设规模 发证日期", "UUDd",
         {"sys": "GHSP", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("规划", "控制性详细规划成果", "规划单元编号 规划名称 用地性质 容积率 建筑限高 绿地率 批复日期 空间范围", "CNOi", {"sys": "GHSP"}),
        ("土地", "国有建设用地供应信息", "宗地编号 土地位置 土地用途 供地方式 出让面积 成交价款 受让人名称 签约日期", "UUMd",
         {"sys": "GHSP", "domain": "GEOGRAPHY"}),
        ("测绘", "永久性测量标志信息", "标志编号 标志类型 所在位置 埋设日期 保管单位 完好状况", "CNYd", {"sys": "DTPT"}),
    ],
    "HB": [
        ("执法", "生态环境执法检查信息", "检查编号 被检查单位名称 统一社会信用代码 检查日期 检查内容 发现问题 处理措施", "UNMd", {"sys": "ZFJC"}),
        ("碳排放", "重点碳排放单位信息", ORG + " 行业类别 核查年度 年度排放量 配额量 履约状态", "CNYd", {"sys": "WRY"}),
        ("噪声", "区域环境噪声监测信息", "监测点位 所属街道 监测时间 昼间等效声级 夜间等效声级 功能区类别", "UUMd", {"sys": "KQJC", "domain": "ENVIRONMENT"}),
        ("信访", "环境信访投诉信息", "投诉编号 投诉人姓名 联系电话 投诉内容 涉及单位 受理日期 办理结果", "CNDd", {"sys": "ZFJC"}),
        ("机动车排放", "重型柴油车排放检测信息", "号牌号码 车辆类型 检测机构 检测日期 检测结果 不合格项目", "CNDd", {"sys": "WRY"}),
    ],
    "ZJW": [
        ("房屋交易", "存量房网签信息", "合同编号 房屋坐落 建筑面积 成交价格 买方姓名 买方公民身份号码 卖方姓名 网签日期", "CNDd", {"sys": "FWGL"}),
        ("城市更新", "老旧小区综合整治项目汇总信息", "项目编号 小区名称 所属街道 改造户数 改造内容 总投资金额 竣工日期 建设状态", "UUYd",
         {"sys": "WYGL", "domain": "OTHER"}),
        ("房屋安全", "危旧房屋鉴定信息", "房屋编号 坐落地址 鉴定等级 鉴定机构 鉴定日期 处置建议 产权人名称", "CNYd", {"sys": "FWGL"}),
        ("物业", "业主委员会备案信息", "小区名称 所属街道 业委会主任姓名 成员人数 备案日期 任期届满日期", "UNYd", {"sys": "WYGL"}),
        ("建筑市场", "建筑业企业资质信息", ORG + " 资质证书编号 资质类别 资质等级 发证日期 有效期至", "UUMd",
         {"sys": "FWGL", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("征收", "房屋征收补偿信息", "项目名称 被征收人姓名 被征收人公民身份号码 房屋坐落 补偿方式 补偿金额 签约日期", "CNMd", {"sys": "FWGL"}),
        ("住房保障", "公租房配租结果公示信息", "申请编号 申请人姓名 家庭人口数 配租房源 所属街道 公示日期", "UUMs",
         {"sys": "ZFBZ", "domain": "OTHER", "desens": False}),
    ],
    "CGW": [
        ("户外广告", "户外广告设施设置信息", "设施编号 设置单位 统一社会信用代码 设置地点 设施类型 规格尺寸 审批日期 有效期至", "UUQd",
         {"sys": "WGH", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("市容", "门前三包责任单位信息", "单位名称 统一社会信用代码 责任区域 所属街道 责任人姓名 联系电话", "CNYd", {"sys": "WGH"}),
        ("环卫设施", "公共厕所信息", "公厕编号 公厕名称 地址 类别 开放时间 是否无障碍 经度 纬度", "UUYd", {"sys": "WGH", "domain": "OTHER"}),
        ("燃气", "燃气用户安全检查信息", "用户编号 用户地址 燃气企业 检查日期 隐患类型 整改状态", "CNMd", {"sys": "GRJC"}),
    ],
    "JTW": [
        ("公交", "公交线路站点信息", "线路编号 线路名称 站点名称 站点序号 首班时间 末班时间 经度 纬度", "UUMj", {"sys": "JTYX", "domain": "TRANSPORT"}),
        ("慢行交通", "共享单车停放区信息", "停放区编号 停放区位置 所属街道 容量 运营企业 经度 纬度", "UUMd", {"sys": "DLSS", "domain": "TRANSPORT"}),
        ("停车", "道路停车泊位信息", "泊位编号 道路名称 所属街道 泊位数 收费标准 经营单位 经度 纬度", "UUMd", {"sys": "DLSS", "domain": "TRANSPORT"}),
        ("道路设施", "道路桥梁养护信息", "桥梁编号 桥梁名称 所在道路 技术状况等级 养护单位 检测日期", "UNYd", {"sys": "DLSS"}),
        ("出租汽车", "巡游出租汽车驾驶员信息", "驾驶员姓名 公民身份号码 从业资格证号 服务单位 注册日期 服务质量信誉等级", "CNMd", {"sys": "CZJG"}),
    ],
    "SW": [
        ("河湖", "河湖长制责任信息", "河湖名称 河段起点 河段终点 河长姓名 河长职务 联系电话 公示牌编号", "UUYd", {"sys": "HZZ", "domain": "ENVIRONMENT"}),
        ("节水", "节水型单位信息", ORG + " 认定年度 年用水量 节水措施", "UUYd", {"sys": "SWJC", "domain": "ENVIRONMENT"}),
        ("水务工程", "水务工程建设项目信息", "项目编号 项目名称 建设单位 建设地点 总投资金额 开工日期 完工日期 建设状态", "UNYd", {"sys": "SWJC"}),
    ],
    "SWJ": [
        ("商业设施", "重点商业设施信息", "设施名称 经营单位 统一社会信用代码 地址 营业面积 业态类型 经度 纬度", "UUYd",
         {"sys": "SMLT", "domain": "OTHER", "collect": {"统一社会信用代码": None}}),
        ("消费促进", "消费券发放核销信息", "批次编号 消费券类型 发放数量 核销数量 核销金额 参与商户数 统计日期", "UUMs", {"sys": "XFCJ", "domain": "OTHER"}),
        ("外资", "外商投资企业信息", ORG + " 投资国别 注册资本 外资比例 成立日期", "CNYd", {"sys": "DWJM"}),
        ("生活服务", "便民商业网点信息", "网点名称 网点类型 地址 所属社区 营业时间 联系电话 经度 纬度", "UUQd", {"sys": "SMLT", "domain": "OTHER"}),
    ],
    "WL": [
        ("文物", "不可移动文物信息", "文物编号 文物名称 保护级别 类别 年代 地址 公布日期 保护范围", "UUYd", {"sys": "WWBH", "domain": "CULTURE"}),
        ("非遗", "非物质文化遗产项目信息", "项目编号 项目名称 项目类别 保护级别 保护单位 代表性传承人 公布日期", "UUYd", {"sys": "WWBH", "domain": "CULTURE"}),
        ("旅游", "旅游景区信息", "景区名称 景区等级 地址 开放时间 门票价格 最大承载量 联系电话", "UUYd", {"sys": "LYJC", "domain": "TOURISM"}),
        ("旅游", "景区实时客流信息", "景区名称 统计时间 在园人数 最大承载量 舒适度等级", "UURj", {"sys": "LYJC", "domain": "TOURISM"}),
        ("公共文化", "公共文化设施信息", "设施名称 设施类型 地址 开放时间 建筑面积 服务内容 联系电话", "UUYd", {"sys": "GGWH", "domain": "CULTURE"}),
        ("文化市场", "娱乐场所经营许可信息", ORG + " 许可证号 场所类型 经营地址 核定人数 发证日期", "UUQd", {"sys": "WHZF", "domain": "CULTURE"}),
    ],
    "WJW": [
        ("执业人员", "医护人员执业注册信息", "姓名 公民身份号码 执业类别 执业范围 执业机构 注册日期 职称", "CNMd", {"sys": "YLJG"}),
        ("妇幼保健", "孕产妇保健管理信息", "孕妇姓名 公民身份号码 末次月经日期 建册日期 建册机构 高危因素 分娩日期 分娩机构", "CNDd", {"sys": "FYBJ"}),
        ("卫生监督", "公共场所卫生许可信息", ORG + " 许可证号 场所类型 经营地址 发证日期 有效期至", "UUDd", {"sys": "WSJD", "domain": "HEALTH"}),
        ("家庭发展", "计划生育特殊家庭扶助信息", PERSON + " 扶助类型 扶助标准 发放金额 所属街道", "CNMd", {"sys": "QMJK"}),
        ("老龄健康", "老年人健康体检信息", PERSON + " 体检日期 体检机构 血压 血糖 健康评价 随访建议", "CNYd", {"sys": "JMJK"}),
    ],
    "TY": [
        ("褒扬纪念", "烈士纪念设施信息", "设施名称 设施级别 地址 建成年份 管理单位 开放时间", "UUYd", {"sys": "YFDX", "domain": "CULTURE"}),
        ("就业创业", "退役军人就业创业服务信息", PERSON + " 退役日期 培训项目 就业单位 就业日期 创业项目", "CNQd", {"sys": "TYAZ"}),
        ("服务保障", "退役军人服务站信息", "服务站名称 所属街道 所属社区 站长姓名 联系电话 地址", "UUYd", {"sys": "TYAZ", "domain": "OTHER"}),
    ],
    "YJ": [
        ("灾害风险", "自然灾害风险普查信息", "调查对象编号 调查对象类型 所属街道 风险等级 承灾体类型 经度 纬度 调查日期", "CNOd", {"sys": "ZHJC"}),
        ("灾情", "自然灾害灾情信息", "灾情编号 灾害类型 发生时间 影响街道 受灾人数 直接经济损失金额 报告日期", "UUOd", {"sys": "ZHJC", "domain": "METEOROLOGY"}),
        ("应急值守", "突发事件信息报告", "事件编号 事件类型 发生时间 发生地点 伤亡人数 报告单位 处置进展", "CNRd", {"sys": "YJZH"}),
    ],
    "SJ": [
        ("审计计划", "审计项目计划信息", "项目编号 项目名称 被审计单位 审计类型 计划年度 实施日期", "CNYd", {"sys": "SJFX"}),
        ("审计整改", "审计发现问题整改信息", "问题编号 被审计单位 问题类型 问题描述 涉及金额 整改期限至 整改状态", "CNQd", {"sys": "SJFX"}),
        ("审计档案", "审计工作底稿", "底稿编号 审计项目 审计事项 审计过程 审计结论 编制人 编制日期", "NNOf",
         {"sys": "SJGL", "secret": True, "basis": "《中华人民共和国审计法》第十五条及《审计机关审计档案管理规定》：审计工作底稿按国家秘密和工作秘密管理"}),
    ],
    "SCJG": [
        ("知识产权", "专利商标质押登记信息", "登记编号 出质人名称 统一社会信用代码 质权人名称 质押标的 担保金额 登记日期", "UUMd", {"sys": "ZTDJ", "domain": "CREDIT"}),
        ("投诉举报", "消费投诉举报信息", "投诉编号 投诉人姓名 联系电话 被投诉单位名称 统一社会信用代码 投诉内容 受理日期 处理结果", "CNDd", {"sys": "TSJB"}),
        ("计量", "强制检定计量器具信息", "器具编号 器具名称 使用单位 统一社会信用代码 检定日期 检定结论 下次检定日期", "UNMd", {"sys": "TZSB"}),
        ("广告", "广告发布登记信息", ORG + " 登记证号 发布媒介 登记日期 有效期至", "UUQd", {"sys": "ZTDJ", "domain": "ADMINISTRATIVE_APPROVAL"}),
    ],
    "TJ": [
        ("国民经济", "地区生产总值统计信息", "统计期 行业分类 地区生产总值 增速 占比", "UUQs", {"sys": "TJFB", "domain": "STATISTICS"}),
        ("人口统计", "常住人口年度统计", "统计年度 街道名称 常住人口数 户籍人口数 常住外来人口数 城镇化率", "UUYs", {"sys": "TJFB", "domain": "STATISTICS"}),
        ("经济普查", "经济普查单位清查信息", ORG + " 行业代码 单位规模 从业人员数 营业收入 普查年度", "NNOd",
         {"sys": "JJPC", "basis": "《中华人民共和国统计法》第二十五条及《全国经济普查条例》第三十三条：普查取得的单位和个人资料严格限定用于普查目的"}),
        ("劳动工资", "城镇非私营单位就业人员平均工资统计", "统计年度 行业分类 从业人员数 平均工资", "UUYs", {"sys": "TJFB", "domain": "STATISTICS"}),
        ("名录库", "基本单位名录库", ORG + " 行业代码 登记注册类型 所属街道 单位规模 更新日期", "CNQd", {"sys": "TJCJ"}),
        ("社会民生", "社会救助统计信息", "统计年度 街道名称 低保户数 低保人数 特困人员数 临时救助人次数 救助金额", "UUYs", {"sys": "TJFB", "domain": "STATISTICS"}),
    ],
    "YB": [
        ("定点机构", "医保定点医药机构信息", ORG + " 机构类型 定点编号 地址 协议期限至 联系电话", "UUQd", {"sys": "YBJS", "domain": "MEDICAL"}),
        ("基金监管", "医保基金违规处理信息", "案件编号 机构名称 统一社会信用代码 违规类型 涉及金额 处理决定 处理日期", "UUMd", {"sys": "JJJG", "domain": "CREDIT"}),
        ("待遇", "门诊慢特病待遇认定信息", PERSON + " 医保个人编号 病种名称 认定机构 认定日期 有效期至", "CNMd", {"sys": "YBJS"}),
    ],
    "CGZF": [
        ("执法记录", "执法记录仪视频资料", "视频编号 执法人员 执法时间 执法地点 案件编号 视频文件 存储期限", "NNDv", {"sys": "ZFJL"}),
        ("执法", "违法建设查处信息", "案件编号 违建地址 当事人名称 违建面积 发现日期 拆除日期 处置状态", "CNMd", {"sys": "ZFBA"}),
        ("执法", "占道经营查处信息", "案件编号 违法地点 当事人姓名 违法行为 查处日期 处理结果", "CNMd", {"sys": "ZFBA"}),
        ("接诉即办", "城管执法热线诉求办理信息", "工单编号 诉求类型 诉求地点 派单时间 办结时间 办理结果 满意度", "UNDd", {"sys": "RXPD"}),
    ],
    "ZWFW": [
        ("政务服务", "政务服务事项办理时效统计", "统计月份 承办部门 办件数 按时办结数 提前办结率 超期办件数", "UUMs",
         {"sys": "YWTB", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("政务服务", "政务服务中心窗口信息", "窗口编号 窗口名称 进驻部门 办理事项数 服务时间 所在楼层", "UUYd", {"sys": "WSFW", "domain": "ADMINISTRATIVE_APPROVAL"}),
        ("政务服务", "预约取号排队信息", "预约编号 预约人姓名 手机号码 预约事项 预约时间 取号时间 等候时长", "CNRd", {"sys": "WSFW"}),
        ("营商环境", "企业开办一窗通办理信息", "业务编号 企业名称 统一社会信用代码 申请日期 办结日期 办理环节数 办理时长", "CNDd", {"sys": "YWTB"}),
        ("电子证照", "电子证照用证记录", "用证流水号 证照编号 证照名称 用证部门 用证事项 用证时间", "CNRd", {"sys": "ZZK"}),
    ],
    "YL": [
        ("公园", "公园景区信息", "公园名称 公园类型 地址 公园面积 开放时间 管理单位 是否免费", "UUYd", {"sys": "ZHGY", "domain": "TOURISM"}),
        ("林业", "林地资源信息", "小班编号 林地类型 优势树种 小班面积 郁闭度 所属街道 空间范围", "CNYi", {"sys": "LDZY"}),
        ("林业", "林木采伐许可信息", "许可证编号 申请单位 采伐地点 采伐树种 采伐株数 批准日期", "UUDd", {"sys": "LDZY", "domain": "ADMINISTRATIVE_APPROVAL"}),
    ],
    "RF": [
        ("警报", "防空警报器设置信息", "警报器编号 设置位置 型号 安装日期 维护单位 运行状态", "NNYd",
         {"sys": "JBKZ", "secret": True, "basis": "《中华人民共和国人民防空法》第三十一条：防空警报设施位置属于国家秘密"}),
        ("疏散", "人员疏散基地信息", "基地名称 地址 可容纳人数 设施情况 管理单位 联系电话", "CNYd", {"sys": "RFGC"}),
    ],
    "TYJ": [
        ("体育设施", "全民健身设施信息", "设施编号 设施名称 设施类型 所属街道 所属社区 地址 建成日期 管理单位", "UUYd", {"sys": "TYSS", "domain": "OTHER"}),
        ("体育赛事", "体育赛事活动信息", "赛事编号 赛事名称 主办单位 举办日期 举办地点 参赛人数 赛事级别", "UUQd", {"sys": "QMJS", "domain": "CULTURE"}),
        ("社会体育", "社会体育指导员信息", "姓名 公民身份号码 等级 所属街道 指导项目 发证日期", "CNYd", {"sys": "QMJS"}),
    ],
    "CL": [
        ("康复", "残疾人康复服务信息", PERSON + " 残疾人证号 康复项目 服务机构 服务日期 补贴金额", "CNMd", {"sys": "KFFW"}),
        ("就业", "残疾人就业信息", PERSON + " 残疾人证号 就业形式 就业单位 就业日期", "CNQd", {"sys": "KFFW"}),
    ],
    "BB": [
        ("机构编制", "党政机关机构编制信息", "单位名称 统一社会信用代码 机构规格 内设机构数 编制数 实有人数 主要职责 更新日期", "CNYd", {"sys": "SMZ"}),
        ("职责", "部门三定规定信息", "单位名称 文件名称 文件文号 印发日期 主要职责 内设机构", "UUOf", {"sys": "SMZ", "domain": "OTHER"}),
    ],
    "JXB": [
        ("绩效考评", "部门绩效考评结果", "考评年度 被考评单位 考评指标 指标得分 综合得分 考评等次", "CNYs", {"sys": "JXKH"}),
        ("绩效考评", "政务信息资源共享开放考评信息", "考评年度 被考评单位 编目完成率 共享响应率 数据更新及时率 开放数据集数 考评得分", "CNYs", {"sys": "JXKH"}),
    ],
    "JCW": [
        ("监督", "问责处理结果通报信息", "通报编号 被问责单位 问责事由 处理结果 通报日期 通报范围", "CNOf", {"sys": "XFJB"}),
    ],
    "JYJ": [
        ("机要", "内网接入单位信息", "单位名称 接入点编号 接入日期 终端数 安全责任人姓名 联系电话", "NNYd",
         {"sys": "NWBG", "basis": "《中华人民共和国保守国家秘密法》第二十九条及电子政务内网管理规定：内网接入信息按国家秘密管理"}),
    ],
    "CDC": [
        ("健康监测", "学生常见病监测信息", "学校名称 年级 监测年度 监测人数 近视率 肥胖率 龋齿率", "UUYs", {"sys": "CRB", "domain": "HEALTH"}),
        ("疫情统计", "重点传染病疫情统计信息", "统计周期 病种 发病数 发病率 死亡数 所属街道", "UUMs", {"sys": "CRB", "domain": "HEALTH"}),
    ],
    "SJSYY": [
        ("医疗服务", "门诊预约挂号信息", "预约编号 患者姓名 手机号码 预约科室 预约医生 预约时间 就诊状态", "CNRd", {"sys": "HIS"}),
        ("医疗服务", "医院出诊信息", "科室名称 出诊医生 职称 出诊日期 出诊时段 号源数", "UUDj", {"sys": "HIS", "domain": "MEDICAL"}),
    ],
    "ZLSGS": [("供水", "供水管网漏损信息", "管段编号 所属街道 漏损类型 发现时间 修复时间 漏损水量", "UNMd", {"sys": "GSDD"})],
    "RLGS": [("供热", "供热投诉处理信息", "工单编号 用户地址 投诉内容 受理时间 处理结果 室温测量值", "CNDd", {"sys": "GRDD"})],
    # Municipal resources the district uses (Art.4, Art.20): level MUNICIPAL, never aggregated here.
    "SGA": [("人口", "全市人口基础信息", PERSON + " 民族 户籍地址 户籍登记机关 人口状态", "CNDd", {"sys": "RKJC"})],
    "SSCJG": [
        ("市场主体", "全市市场主体登记信息", ORG + " 企业类型 注册资本 成立日期 登记机关 登记状态 住所", "UUDd", {"sys": "QYXY"}),
        ("信用公示", "全市企业信用信息公示数据", ORG + " 公示类型 公示内容 公示日期 公示机关", "UUDd", {"sys": "QYXY"}),
    ],
    "SRS": [("社会保险", "全市社会保险缴费信息", PERSON + " 社会保障卡号 参保险种 缴费月份 缴费基数 缴费单位名称", "CNMd", {"sys": "SBXX"})],
    "SJJ": [("电子证照", "市级电子证照共享服务信息", "证照类型代码 证照名称 颁证单位 持证主体代码 证照编号 证照状态", "CNDd", {"sys": "BJDSJ"})],
}

# Resources every department of a list keeps, named after the department: (目, name suffix, items,
# attributes, options). Licensing and penalty records (行政许可、行政处罚 双公示) feed the credit theme.
ENFORCERS = ["FGW", "JW", "KW", "MZ", "SFJ", "RS", "GH", "HB", "ZJW", "CGW", "JTW", "SW", "SWJ", "WL", "WJW",
             "YJ", "SCJG", "TJ", "YB", "CGZF", "YL", "RF", "TYJ"]
ENFORCER_RESOURCES = [
    ("行政许可", "行政许可信息",
     "行政相对人名称 行政相对人类别 统一社会信用代码 法定代表人 行政许可决定文书号 许可类别 许可证书名称 许可编号 许可内容 许可决定日期 有效期至 许可机关",
     "UUDd", {"domain": "ADMINISTRATIVE_APPROVAL"}),
    ("行政处罚", "行政处罚信息",
     "行政相对人名称 统一社会信用代码 法定代表人 行政处罚决定书文号 违法行为类型 违法事实 处罚依据 处罚类别 处罚内容 罚款金额 处罚决定日期 处罚机关",
     "UUDd", {"domain": "CREDIT"}),
    ("权力清单", "行政职权事项清单", "事项编码 事项名称 职权类别 实施依据 实施主体 责任事项 追责情形 更新日期", "UUOs",
     {"domain": "ADMINISTRATIVE_APPROVAL"}),
]
BUDGET_ORGANS = ["ZFB", "FGW", "JXW", "JW", "KW", "MZ", "SFJ", "CZ", "RS", "GH", "HB", "ZJW", "CGW", "JTW", "SW", "SWJ",
                 "WL", "WJW", "TY", "YJ", "SJ", "SCJG", "TJ", "YB", "CGZF", "ZWFW", "YL", "RF", "TYJ", "CL", "BB"]
BUDGET_RESOURCES = [
    ("预决算", "部门预算公开信息", "预算年度 功能分类科目编码 功能分类科目名称 一般公共预算拨款金额 政府性基金预算拨款金额 合计金额 三公经费预算金额",
     "UUYs", {"domain": "OTHER", "route": "预算编制形成", "sys": None}),
    ("预决算", "部门决算公开信息", "决算年度 功能分类科目编码 功能分类科目名称 年初预算金额 调整预算金额 决算金额 预算完成率", "UUYs",
     {"domain": "OTHER", "route": "决算编报形成", "sys": None}),
]

# Ledgers every street keeps (目, name suffix, items, attributes, options). "{id}" is how the street's
# ledger names the resident's ID number: most write 公民身份号码, two streets write 身份证件号 (Art.13).
STREET_ID = {"BJ": "身份证件号", "GC": "身份证件号"}
STREET_RESOURCES = [
    ("社区服务", "社区服务设施信息", "设施名称 设施类型 所属社区 地址 开放时间 服务内容 联系电话", "UUYd", {"sys": "SQFW", "domain": "OTHER"}),
    ("网格管理", "社区网格员信息", "网格员姓名 {id} 联系电话 所属社区 负责网格编码 上岗日期 培训情况", "CNQd", {"sys": "SQFW"}),
    ("养老服务", "高龄老人走访台账", "姓名 {id} 性别 出生日期 现住址 联系电话 紧急联系人 健康状况 走访日期 走访人", "CNMs", {"sys": "SQFW"}),
    ("接诉即办", "接诉即办工单信息", "工单编号 诉求人姓名 联系电话 诉求类型 诉求内容 所属社区 派单时间 办理结果 满意度", "CNDd", {"sys": "JSJB"}),
    ("城市更新", "老旧小区改造项目信息", "项目编号 小区名称 所属社区 楼栋数 改造户数 改造内容 开工日期 竣工日期 总投资金额", "UUYd",
     {"sys": "SQFW", "domain": "OTHER"}),
    ("养老服务", "社区养老服务驿站服务信息", "驿站名称 运营单位 服务对象姓名 {id} 服务项目 服务日期 服务时长 补贴金额", "CNMd", {"sys": "SQFW"}),
    ("出租房屋", "出租房屋登记信息",
     "房屋编号 房屋地址 出租人姓名 出租人{id} 承租人姓名 承租人{id} 租赁起始日期 租赁终止日期 所属社区", "CNMd", {"sys": "SQFW"}),
    ("辖区单位", "辖区单位信息", "统一社会信用代码 单位名称 单位类型 地址 联系人 联系电话 所属社区", "UNYd", {"sys": "SQFW"}),
    ("城市管理", "城市管理问题巡查信息", "问题编号 问题类型 问题描述 发现时间 所属社区 处置单位 处置时间 处置状态", "CNDd", {"sys": "JSJB"}),
    ("综合执法", "综合执法案件信息", "案件编号 案由 当事人名称 违法地点 立案日期 处罚内容 罚款金额 结案日期", "CNMd", {"sys": "JSJB"}),
]

# Lineage steps: (derived resource, [upstream resources], transform, system, desensitisation). Chains run
# through several departments, e.g. 出生医学证明 → 户籍 → 人口综合库 → 低保 → 公租房保障 → 配租公示
# (WJW, GA, JXW, MZ, ZJW) and 街道巡查 → 网格案件 → 执法案件 → 行政处罚 → 信用汇总 → 信用评价.
LINEAGE: list[tuple[str, list[str], str, str | None, bool]] = [
    # A municipal source of district base data (Art.4, Art.20).
    ("户籍人口基本信息", ["出生医学证明信息"], "出生登记时核验出生医学证明", "GA-RKXT", False),
    ("企业登记注册信息", ["全市市场主体登记信息"], "按登记机关抽取本区市场主体", "SCJG-ZTDJ", False),
    # Base libraries on the big data platform (Art.15, Art.20: aggregate once, share many times).
    ("人口综合信息库", ["户籍人口基本信息", "流动人口居住登记信息", "婚姻登记信息", "就业失业登记信息", "社会保险参保人员信息",
                 "持证残疾人基本信息", "退役军人基本信息", "居民死亡医学证明信息"], "按公民身份号码关联融合", "JXW-DSJ", False),
    ("法人综合信息库", ["企业登记注册信息", "个体工商户登记信息", "社会组织登记信息", "机关事业单位登记信息", "企业年度报告信息"],
     "按统一社会信用代码关联融合", "JXW-DSJ", False),
    ("电子证照目录信息", ["医师执业证书电子证照", "医疗机构执业许可证电子证照", "结婚证电子证照", "社会保障卡电子证照", "教师资格证书电子证照",
                  "残疾人证电子证照", "营业执照电子证照", "食品经营许可证电子证照", "建筑工程施工许可证电子证照"],
     "证照目录归集", "ZWFW-ZZK", False),
    # Social assistance: a diamond through the population library.
    ("最低生活保障对象信息", ["人口综合信息库"], "按公民身份号码核对户籍和家庭成员", "MZ-SHJZ", False),
    ("特困人员供养信息", ["人口综合信息库"], "按公民身份号码核对户籍", "MZ-SHJZ", False),
    ("困难群众精准帮扶专题库", ["人口综合信息库", "最低生活保障对象信息", "特困人员供养信息", "城乡居民医疗保险参保信息"],
     "多部门数据比对建立帮扶台账", "JXW-DSJ", False),
    ("医疗救助信息", ["最低生活保障对象信息", "医保费用结算信息"], "按救助对象身份核算救助金额", "YB-JJJG", False),
    ("公租房保障家庭信息", ["最低生活保障对象信息", "不动产登记信息"], "核对申请家庭低保身份和住房情况", "ZJW-ZFBZ", False),
    ("公租房配租结果公示信息", ["公租房保障家庭信息"], "抽取配租结果生成公示名单", "ZJW-ZFBZ", False),
    ("社会救助统计信息", ["最低生活保障对象信息", "特困人员供养信息", "临时救助信息"], "按街道汇总计数并去除个人信息", "TJ-TJCJ", True),
    # Population statistics.
    ("街道人口分布专题数据", ["人口综合信息库", "标准地名地址信息"], "按街道社区汇总计数", "JXW-DSJ", False),
    ("常住人口年度统计", ["街道人口分布专题数据"], "年度汇总并去除个人信息", "TJ-TJCJ", True),
    ("卫生资源统计信息", ["医疗机构基本信息", "常住人口年度统计"], "按年度汇总计算每千人口指标", "WJW-QMJK", True),
    # Legal persons and credit.
    ("基本单位名录库", ["法人综合信息库"], "按统计单位口径清洗", "TJ-TJCJ", False),
    ("经济普查单位清查信息", ["基本单位名录库"], "普查清查底册比对", "TJ-JJPC", False),
    ("地区生产总值统计信息", ["经济普查单位清查信息"], "核算汇总", "TJ-JJPC", True),
    ("公共信用综合评价信息", ["行政许可和行政处罚信用信息汇总", "法人综合信息库", "经营异常名录信息", "严重违法失信企业名单",
                    "拖欠农民工工资失信联合惩戒对象名单"], "信用评价模型计算", "FGW-XYPT", False),
    ("重点企业服务包信息", ["公共信用综合评价信息", "法人综合信息库"], "筛选重点企业", "JXW-DSJ", False),
    ("失信被执行人联合惩戒信息", ["法人综合信息库"], "比对法院失信被执行人名单", "FGW-XYPT", False),
    # Urban management: street patrols to credit.
    ("城市管理网格案件信息", ["12345市民热线诉求信息"], "热线诉求转网格案件", "CGW-WGH", False),
    ("城管执法案件信息", ["城市管理网格案件信息"], "网格案件移送执法立案", "CGZF-ZFBA", False),
    ("区城管执法局行政处罚信息", ["城管执法案件信息"], "抽取处罚决定，自然人当事人信息脱敏后按双公示标准公示", "CGZF-ZFBA", True),
    ("城管执法热线诉求办理信息", ["12345市民热线诉求信息"], "热线派单", "CGZF-RXPD", False),
    ("接诉即办考核排名信息", ["12345市民热线诉求信息"], "按单位计算响应率解决率满意率", "ZWFW-RXPT", True),
    # Health.
    ("门急诊就诊信息", ["住院病案首页信息"], "医院诊疗数据汇聚至全民健康信息平台", "WJW-QMJK", False),
    ("居民电子健康档案", ["门急诊就诊信息", "户籍人口基本信息"], "诊疗记录归档至健康档案", "WJW-JMJK", False),
    ("法定传染病报告信息", ["门急诊就诊信息"], "医疗机构传染病网络直报", "CDC-CRB", False),
    ("重点传染病疫情统计信息", ["法定传染病报告信息"], "按病种街道汇总并去除个人信息", "CDC-CRB", True),
    ("突发公共卫生事件信息", ["法定传染病报告信息", "门急诊就诊信息"], "聚集性病例研判", "WJW-QMJK", False),
    ("儿童预防接种信息", ["出生医学证明信息"], "新生儿建卡", "CDC-YMJZ", False),
    # Other derived resources.
    ("食品经营主体信息", ["食品经营许可证电子证照"], "许可信息转监管对象", "SCJG-SPAQ", False),
    ("养老机构信息", ["社会组织登记信息"], "关联登记信息", "MZ-YLFW", False),
]
# Fan-ins written out per department: every licensing and penalty record feeds the credit summary,
# every street's patrols feed the urban grid and every street's renovation projects the district list.
LINEAGE += [
    ("行政许可和行政处罚信用信息汇总",
     [DEPT_BY_KEY[k][1] + suffix for k in ENFORCERS for suffix in ("行政许可信息", "行政处罚信息")], "按双公示标准归集", "FGW-XYPT", False),
    ("城市管理网格案件信息", [DEPT_BY_KEY[k][1] + "城市管理问题巡查信息" for k in STREETS], "街道巡查问题上报网格", "CGW-WGH", False),
    ("老旧小区综合整治项目汇总信息", [DEPT_BY_KEY[k][1] + "老旧小区改造项目信息" for k in STREETS], "按街道归集", "ZJW-WYGL", False),
]
LINEAGE += [(DEPT_BY_KEY[k][1] + "接诉即办工单信息", ["12345市民热线诉求信息"], "热线派单至街道", f"{k}-JSJB", False) for k in STREETS]
LINEAGE += [(DEPT_BY_KEY[k][1] + "高龄老人走访台账", ["人口综合信息库", "居家养老服务对象信息"], "按年龄和居住地筛选", f"{k}-SQFW", False)
            for k in STREETS]
LINEAGE += [("接诉即办考核排名信息", [DEPT_BY_KEY[k][1] + "接诉即办工单信息" for k in STREETS], "按街道计算考核指标", "ZWFW-RXPT", True)]

# Item-level steps: (derived resource, its item, upstream resource, upstream item, transform, desensitisation).
ITEM_LINEAGE: list[tuple[str, str, str, str, str, bool]] = [
    ("人口综合信息库", "公民身份号码", "户籍人口基本信息", "公民身份号码", "直接引用", False),
    ("人口综合信息库", "姓名", "户籍人口基本信息", "姓名", "直接引用", False),
    ("人口综合信息库", "户籍地址", "户籍人口基本信息", "户籍地址", "直接引用", False),
    ("人口综合信息库", "现住址", "流动人口居住登记信息", "现住址", "以居住登记地址补充", False),
    ("人口综合信息库", "婚姻状况", "婚姻登记信息", "登记类别", "按最近一次登记类别推算", False),
    ("人口综合信息库", "就业状态", "就业失业登记信息", "登记类型", "映射为就业状态", False),
    ("人口综合信息库", "参保状态", "社会保险参保人员信息", "参保状态", "直接引用", False),
    ("人口综合信息库", "是否残疾人", "持证残疾人基本信息", "残疾人证号", "是否持有残疾人证", False),
    ("人口综合信息库", "是否退役军人", "退役军人基本信息", "退役日期", "是否存在退役记录", False),
    ("法人综合信息库", "统一社会信用代码", "企业登记注册信息", "统一社会信用代码", "直接引用", False),
    ("法人综合信息库", "单位名称", "企业登记注册信息", "单位名称", "直接引用", False),
    ("法人综合信息库", "登记状态", "企业登记注册信息", "登记状态", "直接引用", False),
    ("最低生活保障对象信息", "户主公民身份号码", "人口综合信息库", "公民身份号码", "核对引用", False),
    ("最低生活保障对象信息", "户主姓名", "人口综合信息库", "姓名", "核对引用", False),
    ("公租房保障家庭信息", "申请人公民身份号码", "最低生活保障对象信息", "户主公民身份号码", "核对引用", False),
    ("公租房配租结果公示信息", "申请人姓名", "公租房保障家庭信息", "申请人姓名", "直接引用", False),
    ("公租房配租结果公示信息", "家庭人口数", "公租房保障家庭信息", "家庭人口数", "直接引用", False),
    ("社会救助统计信息", "低保人数", "最低生活保障对象信息", "保障人数", "按街道求和", True),
    ("社会救助统计信息", "救助金额", "最低生活保障对象信息", "保障金额", "按街道求和", True),
    ("常住人口年度统计", "常住人口数", "街道人口分布专题数据", "常住人口数", "年度汇总", True),
    ("重点传染病疫情统计信息", "发病数", "法定传染病报告信息", "病种", "按病种计数", True),
    ("城管执法案件信息", "案件编号", "城市管理网格案件信息", "案件编号", "移送时沿用网格案件编号", False),
    ("行政许可和行政处罚信用信息汇总", "统一社会信用代码", "区市场监管局行政处罚信息", "统一社会信用代码", "直接引用", False),
]

# Consumers besides one per using department and one per listed system: public applications that use
# open data (no acts_for).
PUBLIC_APPS = [
    ("C-APP-BJT", "北京通APP石景山专区"),
    ("C-APP-DTDH", "北京某地图导航服务商出行应用"),
    ("C-APP-CSYJ", "某高校城市治理研究团队"),
    ("C-APP-ZHYL", "智慧养老服务平台（社会运营）"),
]
# Systems that request data as consumers of their own (DEPARTMENT_SYSTEM), by system code.
CONSUMER_SYSTEMS = [
    "MZ-SHJZ", "MZ-YLFW", "RS-JYFW", "RS-SBJB", "ZJW-ZFBZ", "ZJW-FWGL", "WJW-QMJK", "WJW-JMJK", "YB-JJJG", "JW-RXFW",
    "SCJG-SPAQ", "SCJG-SSJ", "FGW-XYPT", "GA-LDRK", "CGW-WGH", "CGZF-ZFBA", "YJ-YJZH", "YJ-AQZF", "SW-FXZH", "HB-ZFJC",
    "TJ-TJCJ", "CL-KFFW", "TY-YFDX", "ZWFW-YWTB", "ZWFW-RXPT", "CZ-GKZF", "SJ-SJFX", "JXW-DSJ", "SFJ-FLYZ", "GH-BDC",
    "JTW-CZJG", "SWJ-XFCJ", "KW-GXQY", "CDC-YMJZ", "GA-RKXT", "SCJG-ZTDJ", "JXB-JXKH",
] + [f"{k}-SQFW" for k in STREETS] + [f"{k}-JSJB" for k in ("BYS", "PGY", "LGU")]

# Why a department uses shared data: (purpose, duty basis) per department (Art.19, Art.24).
PURPOSES: dict[str, list[tuple[str, str]]] = {
    "MZ": [("社会救助对象家庭经济状况核对", "《社会救助暂行办法》第十一条、第六十条"),
           ("居家养老服务补贴对象资格核验", "《北京市居家养老服务条例》第二十一条")],
    "RS": [("就业困难人员认定资格核验", "《中华人民共和国就业促进法》第五十二条"), ("社会保险待遇资格认证", "《中华人民共和国社会保险法》第七十四条")],
    "ZJW": [("公租房申请家庭资格审核", "《公共租赁住房管理办法》第七条、第九条"), ("房屋征收补偿对象身份核验", "《国有土地上房屋征收与补偿条例》第十五条")],
    "WJW": [("家庭医生签约服务对象核验", "《中华人民共和国基本医疗卫生与健康促进法》第三十一条"),
            ("传染病疫情研判和防控", "《中华人民共和国传染病防治法》第三十三条")],
    "YB": [("医疗救助对象身份核验", "《北京市医疗救助办法》第六条"), ("医保参保扩面比对", "《中华人民共和国社会保险法》第二十三条")],
    "JW": [("义务教育入学资格审核", "《中华人民共和国义务教育法》第十二条"), ("家庭经济困难学生认定", "《学生资助资金管理办法》第五条")],
    "SCJG": [("市场主体信用风险分类监管", "《企业信息公示暂行条例》第十四条"), ("食品安全风险分级监管", "《中华人民共和国食品安全法》第一百零九条")],
    "FGW": [("公共信用信息归集和信用评价", "《北京市社会信用条例》第十三条、第二十条")],
    "GA": [("流动人口服务管理", "《北京市实施〈居住证暂行条例〉办法》第三条"), ("户籍业务办理材料核验", "《中华人民共和国户口登记条例》")],
    "CGW": [("城市管理网格案件处置", "《北京市城市管理综合行政执法条例》第九条")],
    "CGZF": [("执法案件当事人身份核验", "《中华人民共和国行政处罚法》第五十五条")],
    "YJ": [("应急救援资源调度", "《中华人民共和国突发事件应对法》第二十八条"), ("安全生产执法检查对象核实", "《中华人民共和国安全生产法》第六十二条")],
    "SW": [("防汛重点部位人员转移安置", "《中华人民共和国防洪法》第四十五条")],
    "HB": [("污染源企业执法对象核实", "《中华人民共和国环境保护法》第二十四条")],
    "TJ": [("人口和经济统计调查", "《中华人民共和国统计法》第七条、第十五条")],
    "CL": [("残疾人两项补贴资格核验", "《中华人民共和国残疾人保障法》第四十八条")],
    "TY": [("退役军人优待资格核验", "《中华人民共和国退役军人保障法》第六十一条")],
    "ZWFW": [("政务服务办理减材料免提交核验", "《优化营商环境条例》第三十五条"), ("接诉即办工单核查", "《北京市接诉即办工作条例》第十五条")],
    "CZ": [("财政补贴资金发放对象核验", "《中华人民共和国预算法》第五十七条")],
    "SJ": [("民生专项资金审计数据比对", "《中华人民共和国审计法》第三十四条")],
    "JXW": [("人口和法人综合库建设", "《石景山区政务信息资源共享开放管理办法》第十五条")],
    "SFJ": [("法律援助经济困难状况核查", "《中华人民共和国法律援助法》第四十一条")],
    "GH": [("不动产登记申请人身份核验", "《不动产登记暂行条例》第十六条")],
    "SWJ": [("消费券发放商户资格核验", "区商务局“三定”规定促进消费职责")],
    "JTW": [("出租汽车驾驶员从业资格核验", "《出租汽车驾驶员从业资格管理规定》第二十条")],
    "KW": [("高新技术企业培育库企业核实", "《高新技术企业认定管理办法》第十条")],
    "CDC": [("新生儿预防接种建卡", "《中华人民共和国疫苗管理法》第四十七条")],
    "JXB": [("政务信息资源共享开放绩效考评", "《石景山区政务信息资源共享开放管理办法》第三十三条")],
    "STREET": [("社区居民服务和网格管理", "《北京市街道办事处条例》第八条"), ("困难群众和高龄老人走访帮扶", "《北京市街道办事处条例》第十条")],
    "APP": [("面向公众的信息服务", "开放数据使用协议"), ("城市治理学术研究", "开放数据使用协议")],
}

# Uses that tell a story (Art.19–20, Art.24): (key, consumer, resource, status, requested, options); the key
# stands for the use's id (USE-<year>-<n>, numbered per year in order of request) in the tables below.
# Options: due (reply due), granted, expires, items, reason (decision reason), cite (citation permitted).
STORY_USES: list[tuple[str, str, str, str, date, dict[str, Any]]] = [
    # Art.24 onward flow: the housing bureau derives 公租房保障家庭信息 from the conditional 低保 data …
    ("onward-source", "C-SJS-ZJW-ZFBZ", "最低生活保障对象信息", "GRANTED", date(2022, 3, 7),
     {"granted": date(2022, 3, 15), "items": ["户主姓名", "户主公民身份号码", "家庭人口数", "家庭月收入"]}),
    # … and 八角街道, with no grant of its own for 低保, uses the derived resource.
    ("onward-derived", "C-SJS-BJ-SQFW", "公租房保障家庭信息", "GRANTED", date(2023, 5, 8),
     {"granted": date(2023, 5, 12), "items": ["申请人姓名", "申请人公民身份号码", "家庭人口数", "家庭月收入", "所属街道"]}),
    # Art.20: a conditional request whose provider has not replied within 10 working days.
    ("overdue-health", "C-SJS-JTW-CZJG", "居民电子健康档案", "NEGOTIATING", date(2025, 3, 3),
     {"due": date(2025, 3, 17), "items": ["公民身份号码", "姓名", "既往病史"]}),
    ("overdue-vaccine", "C-SJS-SCJG-SPAQ", "儿童预防接种信息", "NEGOTIATING", date(2025, 4, 14),
     {"due": date(2025, 4, 28), "items": ["疫苗名称", "疫苗批号", "接种单位", "接种日期"]}),
    ("requested", "C-SJS-SWJ-XFCJ", "社会保险参保人员信息", "REQUESTED", date(2025, 6, 9),
     {"due": date(2025, 6, 23), "items": ["公民身份号码", "参保状态"]}),
    ("denied", "C-SJS-CGW-WGH", "流动人口居住登记信息", "DENIED", date(2024, 4, 1),
     {"due": date(2024, 4, 16), "items": ["姓名", "公民身份号码", "现住址"],
      "reason": "申请信息项超出网格案件处置职责所需范围，建议改用标准地名地址信息"}),
    ("escalated-eic", "C-SJS-YJ-YJZH", "居民电子健康档案", "ESCALATED_TO_EIC", date(2024, 7, 15),
     {"due": date(2024, 7, 26), "items": ["姓名", "现住址", "联系电话", "既往病史"],
      "reason": "供需双方对应急转移安置中使用健康档案的范围未达成一致，提请区经济信息化委协调"}),
    ("escalated-lg", "C-SJS-SW-FXZH", "人口综合信息库", "ESCALATED_TO_LEADING_GROUP", date(2024, 5, 20),
     {"due": date(2024, 6, 3), "items": ["姓名", "现住址", "联系电话"],
      "reason": "经区经济信息化委协调仍未达成一致，提请区信息化工作领导小组审议"}),
    ("revoked", "C-SJS-SWJ-XFCJ", "企业登记注册信息", "REVOKED", date(2023, 2, 6),
     {"granted": date(2023, 2, 6), "reason": "使用部门将数据用于消费券商户营销推送，超出申请用途，依《管理办法》第二十四条撤销授权"}),
    ("expired", "C-SJS-JW-RXFW", "户籍人口基本信息", "EXPIRED", date(2021, 4, 6),
     {"granted": date(2021, 4, 16), "expires": date(2021, 9, 30), "items": ["公民身份号码", "姓名", "户籍地址", "户主姓名", "与户主关系"]}),
    # Municipal resources the district uses (Art.4, Art.20).
    ("municipal-population", "C-SJS-GA-RKXT", "全市人口基础信息", "GRANTED", date(2020, 6, 1), {"granted": date(2020, 6, 10)}),
    ("municipal-market", "C-SJS-SCJG-ZTDJ", "全市市场主体登记信息", "GRANTED", date(2020, 6, 1), {"granted": date(2020, 6, 1)}),
    ("municipal-insurance", "C-SJS-RS-SBJB", "全市社会保险缴费信息", "GRANTED", date(2021, 3, 1),
     {"granted": date(2021, 3, 12), "items": ["公民身份号码", "姓名", "参保险种", "缴费月份"]}),
    ("municipal-licence", "C-SJS-ZWFW-YWTB", "市级电子证照共享服务信息", "GRANTED", date(2022, 8, 1), {"granted": date(2022, 8, 9)}),
    # Citations (Art.25) rest on these.
    ("cite-assistance", "C-MZ", "社会救助统计信息", "GRANTED", date(2024, 1, 8), {"granted": date(2024, 1, 8), "cite": True}),
    ("cite-renovation", "C-ZJW", "老旧小区综合整治项目汇总信息", "GRANTED", date(2024, 2, 19), {"granted": date(2024, 2, 19), "cite": True}),
    ("cite-epidemic", "C-WJW", "重点传染病疫情统计信息", "GRANTED", date(2023, 11, 6), {"granted": date(2023, 11, 6)}),
    ("cite-credit", "C-FGW", "公共信用综合评价信息", "GRANTED", date(2024, 3, 4),
     {"granted": date(2024, 3, 12), "items": ["统一社会信用代码", "主体名称", "评价等级"]}),
]

# Open requests collected by the EIC (Art.22): (id, requester, content, notified, status, answered,
# refusal reason, department, resource). The reply is due 15 working days after the notice.
OPEN_REQUESTS: list[tuple[str, str, str, date, str, date | None, str | None, str, str]] = [
    ("OR-2022-0001", "北京某房地产咨询有限公司", "申请开放本区存量房网签成交明细数据", date(2022, 5, 9), "REFUSED", date(2022, 5, 20),
     "网签数据包含买卖双方姓名、公民身份号码等个人信息，依据《管理办法》第二十三条不予开放；可申请使用统计部门发布的房地产市场统计数据",
     "ZJW", "存量房网签信息"),
    ("OR-2023-0002", "北京某科技有限公司", "申请开放本区公共停车场泊位数和收费标准数据", date(2023, 3, 6), "OPENED", date(2023, 3, 20), None,
     "CGW", "公共停车场信息"),
    ("OR-2023-0003", "某健康科技有限公司", "申请以接口方式开放石景山医院出诊信息", date(2023, 8, 7), "OPENED", date(2023, 8, 18), None,
     "SJSYY", "医院出诊信息"),
    # Answered late: notified 2024-04-08, due 2024-04-29, answered 2024-06-17.
    ("OR-2024-0004", "某高校城市治理研究团队", "申请开放接诉即办各单位月度考核排名数据", date(2024, 4, 8), "OPENED", date(2024, 6, 17), None,
     "ZWFW", "接诉即办考核排名信息"),
    ("OR-2024-0005", "市民李某", "申请开放各养老机构床位实时空余情况", date(2024, 6, 3), "REFUSED", date(2024, 6, 14),
     "床位空余情况随入住实时变动，尚未建立统一采集渠道；养老机构信息已按季度开放床位数，可先行使用", "MZ", "养老机构信息"),
    ("OR-2024-0006", "北京某地图导航服务商", "申请开放共享单车停放区位置数据", date(2024, 9, 2), "OPENED", date(2024, 9, 13), None,
     "JTW", "共享单车停放区信息"),
    ("OR-2025-0007", "某律师事务所", "申请开放区市场监管局行政处罚案件明细（含自然人当事人）", date(2025, 3, 10), "REFUSED", date(2025, 3, 21),
     "申请内容包含自然人姓名等个人信息，依据《管理办法》第二十三条不予开放；法人行政处罚信息已在信用中国（北京石景山）公示", "SCJG",
     "区市场监管局行政处罚信息"),
    # Not answered at all.
    ("OR-2025-0008", "北京某环保科技有限公司", "申请开放重点污染源小时在线监测数据", date(2025, 5, 12), "NOTIFIED", None, None,
     "HB", "重点污染源在线监测数据"),
    ("OR-2025-0009", "市民张某", "申请开放学校食堂食品安全检查结果", date(2025, 10, 13), "NOTIFIED", None, None,
     "JW", "学校食堂食品安全管理信息"),
]

# Data demands for data no catalog has (Art.20): (id, description, requested, status, raised by,
# assigned department, fulfilling resource).
DATA_DEMANDS: list[tuple[str, str, date, str, str, str | None, str | None]] = [
    ("DD-2021-0001", "需要辖区幼儿园学位和收费信息，用于学前教育入园咨询", date(2021, 3, 8), "CATALOGUED", "Consumer:C-APP-BJT",
     "JW", "幼儿园信息"),
    ("DD-2022-0002", "需要全区全民健身设施点位信息", date(2022, 4, 11), "CATALOGUED", "Consumer:C-SJS-BYS-SQFW", "TYJ", "全民健身设施信息"),
    ("DD-2023-0003", "需要辖区独居老人名单，用于冬季入户走访和应急救助", date(2023, 11, 6), "PROVIDER_ASSIGNED",
     "Consumer:C-SJS-LS-SQFW", "MZ", None),
    ("DD-2024-0004", "需要电动自行车集中充电设施点位和运营单位信息，用于火灾隐患排查", date(2024, 5, 13), "PROVIDER_ASSIGNED",
     "Department:YJ", "CGW", None),
    ("DD-2023-0005", "需要重点企业月度用电量数据，用于经济运行监测", date(2023, 7, 3), "REJECTED", "Department:FGW", None, None),
    ("DD-2025-0006", "需要既有多层住宅加装电梯进展数据", date(2025, 6, 16), "REQUESTED", "Consumer:C-SJS-GN-SQFW", None, None),
]

# Error reports (Art.25): (id, reporting consumer, resource, description, items, reported, status, copied to
# the EIC). The reporter gets a use of the resource half a year before; the report goes to the provider.
ERROR_REPORTS: list[tuple[str, str, str, str, list[str], date, str, bool]] = [
    ("ER-2024-0001", "C-SJS-CL-KFFW", "人口综合信息库", "部分人员现住址与户籍地址字段错位，影响救助对象核对", ["户籍地址", "现住址"], date(2024, 3, 18), "VERIFIED", True),
    ("ER-2023-0002", "C-SJS-JW-RXFW", "户籍人口基本信息", "个别人员出生日期与公民身份号码中的出生日期不一致", ["出生日期", "公民身份号码"], date(2023, 6, 12), "CORRECTED", True),
    ("ER-2024-0003", "C-SJS-FGW-XYPT", "企业登记注册信息", "已注销企业的登记状态仍显示为存续", ["登记状态"], date(2024, 9, 9), "CORRECTED", True),
    ("ER-2025-0004", "C-SJS-YB-JJJG", "社会保险参保人员信息", "参保状态较业务系统滞后一个月以上", ["参保状态"], date(2025, 2, 17), "REPORTED", True),
    ("ER-2025-0005", "C-SJS-CGW-WGH", "标准地名地址信息", "新建小区门牌号缺失，无法匹配网格", ["门牌号", "所属社区"], date(2025, 4, 21), "REPORTED", False),
    ("ER-2022-0006", "C-SJS-YB-JJJG", "医疗机构基本信息", "部分医疗机构床位数与实际开放床位不符", ["床位数"], date(2022, 10, 10), "REJECTED", True),
    ("ER-2024-0007", "C-SJS-YJ-YJZH", "空气质量监测数据", "个别站点小时数据缺失", ["PM2.5浓度", "监测时间"], date(2024, 12, 2), "CORRECTED", True),
    ("ER-2025-0008", "C-SJS-RS-JYFW", "持证残疾人基本信息", "残疾等级与残疾人证电子证照记载不一致", ["残疾等级"], date(2025, 5, 26), "VERIFIED", True),
]

# Information projects and their gates (Art.9, Art.35): (code, name, stage, department, systems built,
# project catalog, shares or opens, involves resources, completed).
PROJECTS: list[tuple[str, str, str, str, list[str], bool, bool, bool, date | None]] = [
    ("SJS-PRJ-2018-01", "石景山区大数据管理平台建设项目", "ACCEPTED", "JXW", ["JXW-DSJ", "JXW-GXJH", "JXW-MLGL"], True, True, True,
     date(2019, 6, 28)),
    ("SJS-PRJ-2019-02", "建筑工地扬尘视频监控系统建设项目", "COMPLETED", "ZJW", ["ZJW-GDJK"], True, True, True, date(2019, 11, 29)),
    ("SJS-PRJ-2019-03", "12345市民服务热线系统升级改造项目", "ACCEPTED", "ZWFW", ["ZWFW-RXPT"], True, True, True, date(2019, 12, 20)),
    ("SJS-PRJ-2020-04", "一网通办受理系统和电子证照库建设项目", "ACCEPTED", "ZWFW", ["ZWFW-YWTB", "ZWFW-ZZK"], True, True, True,
     date(2020, 12, 18)),
    ("SJS-PRJ-2021-05", "医保基金智能监管系统建设项目", "ACCEPTED", "YB", ["YB-JJJG"], True, True, True, date(2021, 11, 26)),
    ("SJS-PRJ-2021-06", "自然灾害综合监测系统建设项目", "ACCEPTED", "YJ", ["YJ-ZHJC"], True, True, True, date(2021, 12, 24)),
    ("SJS-PRJ-2022-07", "八宝山街道智慧社区平台试点项目", "ACCEPTED", "BYS", ["BYS-ZHSQ"], True, True, True, date(2022, 10, 31)),
    ("SJS-PRJ-2022-08", "消费促进服务系统建设项目", "COMPLETED", "SWJ", ["SWJ-XFCJ"], True, True, True, date(2022, 9, 30)),
    ("SJS-PRJ-2021-09", "全民健身服务平台建设项目", "COMPLETED", "TYJ", ["TYJ-QMJS"], True, True, True, date(2021, 8, 31)),
    ("SJS-PRJ-2024-10", "石景山区城市大脑建设项目", "APPROVED", "JXW", ["JXW-CSDN"], True, True, True, None),
    ("SJS-PRJ-2024-11", "政务网络安全监测系统升级项目", "APPROVED", "JXW", ["JXW-AQJC"], False, False, False, None),
    ("SJS-PRJ-2024-12", "物业管理服务平台二期建设项目", "APPLIED", "ZJW", ["ZJW-WYGL"], False, True, True, None),
    ("SJS-PRJ-2025-13", "城市运行一网统管平台建设项目", "PRE_REVIEWED", "JXW", ["JXW-YWTG"], True, True, True, None),
    ("SJS-PRJ-2025-14", "卫生健康专有云扩容项目", "REJECTED", "WJW", ["WJW-QMJK"], True, False, True, None),
    ("SJS-PRJ-2025-15", "公园智慧管理系统二期建设项目", "APPLIED", "YL", ["YL-ZHGY"], True, True, True, None),
    ("SJS-PRJ-2025-16", "接诉即办执法派单系统升级项目", "APPLIED", "CGZF", ["CGZF-RXPD"], False, True, True, None),
]

# Law and function changes that oblige a catalog update within 15 working days (Art.9): (id, kind,
# effective, description, catalogs, working days the catalogs took to be updated).
CATALOG_CHANGES: list[tuple[str, str, date, str, list[str], int]] = [
    ("CC-2024-0001", "FUNCTION_CHANGE", date(2024, 4, 1), "部分城市管理行政处罚权划转街道综合行政执法队，区城管执法局职责相应调整",
     ["DEPT:CGZF"], 43),
    ("CC-2024-0002", "LAW_CHANGE", date(2024, 7, 1), "修订后的《中华人民共和国公司法》施行，企业登记事项调整", ["BASE-LEGAL_PERSON", "DEPT:SCJG"], 9),
    ("CC-2025-0003", "LAW_CHANGE", date(2025, 9, 1), "修订后的《中华人民共和国传染病防治法》施行", ["THEME-HEALTHCARE", "DEPT:CDC"], 7),
    ("CC-2022-0004", "FUNCTION_CHANGE", date(2022, 3, 1), "区退役军人事务局承接退役军人优待证申领发放职责", ["DEPT:TY"], 10),
    ("CC-2023-0005", "FUNCTION_CHANGE", date(2023, 12, 1), "区政务服务管理局承接12345市民服务热线接诉即办考核职责", ["DEPT:ZWFW"], 12),
    ("CC-2025-0006", "LAW_CHANGE", date(2025, 3, 1), "《北京市接诉即办工作条例》配套工作规范印发施行", ["THEME-GOVERNMENT_SERVICE"], 14),
]

# Rectification orders of the Leading Group Office (Art.38): (id, subject, rule, ordered, due, stage,
# department, concerns as (label, name or code)).
ORDERS: list[tuple[str, str, str, date, date, str, str, list[tuple[str, str]]]] = [
    ("ORD-2024-0001", "职能调整后部门目录未在15个工作日内更新", "Art.9", date(2024, 5, 6), date(2024, 5, 31), "CORRECTED", "CGZF",
     [("Catalog", "DEPT:CGZF")]),
    ("ORD-2025-0002", "执法记录仪视频资料列为不予共享但未提供法律依据", "Art.18", date(2025, 11, 3), date(2025, 12, 31), "ORDERED", "CGZF",
     [("Resource", "执法记录仪视频资料")]),
    ("ORD-2024-0003", "建筑工地视频监控信息未汇聚至区大数据管理平台，项目验收前未整改", "Art.15", date(2024, 3, 4), date(2024, 4, 30),
     "CRITICISED", "ZJW", [("Resource", "建筑工地视频监控信息"), ("Project", "SJS-PRJ-2019-02")]),
    ("ORD-2023-0004", "卫生健康专有云未按计划迁移至区政务云", "Art.28", date(2023, 6, 5), date(2023, 12, 29), "REPORTED", "WJW",
     [("System", "SJS-WJW-QMJK"), ("System", "SJS-WJW-JMJK"), ("System", "SJS-WJW-FYBJ")]),
    ("ORD-2025-0005", "居家养老服务对象信息重复采集可共享获取的公民身份号码", "Art.12", date(2025, 4, 7), date(2025, 5, 30), "ORDERED", "MZ",
     [("Resource", "居家养老服务对象信息")]),
    ("ORD-2024-0006", "公租房配租结果公示信息未经脱敏向社会开放", "Art.23", date(2024, 8, 12), date(2024, 8, 30), "CRITICISED", "ZJW",
     [("Resource", "公租房配租结果公示信息")]),
    ("ORD-2024-0007", "开放申请未在15个工作日内答复", "Art.22", date(2024, 5, 13), date(2024, 6, 14), "CORRECTED", "ZWFW",
     [("Resource", "接诉即办考核排名信息")]),
    ("ORD-2025-0008", "开放申请逾期未答复", "Art.22", date(2025, 6, 23), date(2025, 7, 11), "ORDERED", "HB",
     [("Resource", "重点污染源在线监测数据")]),
    ("ORD-2025-0009", "信息化项目申报未预编项目目录", "Art.35", date(2025, 1, 13), date(2025, 2, 28), "ORDERED", "ZJW",
     [("Project", "SJS-PRJ-2024-12")]),
    ("ORD-2023-0010", "有条件共享申请未在10个工作日内答复", "Art.20", date(2023, 9, 4), date(2023, 9, 22), "CORRECTED", "WJW",
     [("Resource", "居民电子健康档案")]),
]

# ════════════════════════════════════════════════════════════════════════════════════════════
# Generation
# ════════════════════════════════════════════════════════════════════════════════════════════

SHARE = {"U": "UNCONDITIONAL", "C": "CONDITIONAL", "N": "NOT_SHARED"}
OPEN = {"U": "UNCONDITIONAL", "C": "CONDITIONAL", "N": "NOT_OPEN"}
THEME_ZH = {
    "POPULATION": "人口", "LEGAL_PERSON": "法人", "GEOSPATIAL": "地理空间", "VIDEO_IMAGE": "视频图像",
    "E_LICENCE": "电子证照", "GOVERNMENT_SERVICE": "政务服务", "SOCIAL_SECURITY": "社会保障",
    "HEALTHCARE": "医疗健康", "FOOD_DRUG_SAFETY": "食品药品安全", "ENVIRONMENT": "生态环保",
    "URBAN_MANAGEMENT": "城市管理", "COMMUNITY_GOVERNANCE": "社区治理", "CREDIT": "信用体系",
    "EMERGENCY_STABILITY": "应急维稳", "WORK_SAFETY": "安全生产",
}
THEME_ORDER = list(THEME_ZH)
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(digits: str) -> str:
    """A 9-character organisation code: 8 digits and the GB 11714 check character."""
    check = 11 - sum(int(c) * w for c, w in zip(digits, _GB11714_WEIGHTS)) % 11
    return digits + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix: str, used: set[str]) -> str:
    """A valid unified social credit code with the given 8-digit prefix and a fresh organisation code."""
    while True:
        body = org_code(f"{RNG.randrange(0, 10**4):04d}{RNG.randrange(0, 10**4):04d}")
        if body not in used:
            used.add(body)
            return prefix + body + uscc.calc_check_digit(prefix + body)


def dept_codes() -> dict[str, str]:
    used: set[str] = set()
    codes = {}
    for key, _short, name, opts in DEPARTMENTS:
        if "code" in opts:
            codes[key] = opts["code"]
        elif opts.get("level") == "MUNICIPAL":
            codes[key] = make_uscc("11110000", used)
        elif opts.get("kind") == "BY_REFERENCE":
            codes[key] = make_uscc("91110107" if opts.get("enterprise") else "12110107", used)
        else:
            codes[key] = make_uscc("11110107", used)
    return codes


CODE = dept_codes()


def d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def rand_date(start: date, end: date) -> date:
    return start + timedelta(days=RNG.randrange((end - start).days + 1))


def departments() -> list[Entry]:
    out = []
    for key, short, name, opts in DEPARTMENTS:
        e: dict[str, Any] = {"code": CODE[key], "name": name, "short_name": short}
        for f in ("kind", "level", "roles", "security_exempt"):
            if f in opts:
                e[f] = opts[f]
        if "subordinate_to" in opts:
            e["subordinate_to"] = CODE[opts["subordinate_to"]]
        if "guides" in opts:
            e["guides"] = [CODE[k] for k in opts["guides"]]
        out.append(e)
    return out


def platforms() -> list[Entry]:
    out = []
    for code, name, kind, operator, opts in PLATFORMS:
        e = {"code": code, "name": name, "kind": kind, **opts, "operator": CODE[operator]}
        out.append(e)
    return out


def system_code(dept: str, abbr: str) -> str:
    return f"SJS-{dept}-{abbr}"


HOSTING = {"G": "GOVERNMENT_CLOUD", "D": "DEPARTMENT_CLOUD", "S": "SELF_HOSTED", "M": "MUNICIPAL"}
NETWORK = {"E": "EXTRANET", "I": "INTRANET", "N": "INTERNET"}


def systems() -> list[Entry]:
    out = []
    for dept, rows in SYSTEMS.items():
        for abbr, name, hosting, network, level, built, opts in rows:
            e: dict[str, Any] = {"code": system_code(dept, abbr), "name": name, "hosting": HOSTING[hosting],
                                 "network": NETWORK[network], "protection_level": level}
            if opts.get("classified"):
                e["classified"] = True
            for flag, field in (("cross", "cross_department_sharing"), ("level_x", "cross_level_sharing"),
                                ("domain_x", "cross_domain_sharing")):
                if opts.get(flag):
                    e[field] = True
            e["built_at"] = d(built, RNG.randint(1, 12), RNG.randint(1, 28))
            # Art.27: departments list their systems for integration; the classified ones stay off the list.
            if not opts.get("classified") and opts.get("status") != "RETIRED" and built <= 2021:
                e["on_integration_list"] = True
            e["status"] = opts.get("status", "IN_SERVICE")
            e["operator"] = CODE[dept]
            platform = opts.get("on") or ("SJS-GOVCLOUD" if hosting == "G" else None)
            if platform:
                e["hosted_on"] = platform
            if "ex" in opts:
                e["exchanges_with"] = [f"SJS-{s}" for s in opts["ex"]]
            out.append(e)
    return out


def catalog_updates() -> dict[str, date]:
    """When each catalog was last updated: after the change that affected it (Art.9), else a recent date."""
    updated = {}
    for _cid, _kind, effective, _text, catalogs, days in CATALOG_CHANGES:
        for ref in catalogs:
            updated[catalog_ref(ref)] = add_working_days(effective, days)
    return updated


def catalogs(providers: list[str]) -> list[Entry]:
    updated = catalog_updates()
    out = []
    for code, name, theme in BASE_CATALOGS:
        out.append({"code": code, "name": name, "kind": "BASE", "theme": theme,
                    "updated_at": updated.get(code) or rand_date(d(2025, 1, 6), d(2025, 6, 27)), "maintainer": CODE["JXW"]})
    for code, name, theme, lead, contributors in THEME_CATALOGS:
        out.append({"code": code, "name": name, "kind": "THEME", "theme": theme,
                    "updated_at": updated.get(code) or rand_date(d(2024, 10, 8), d(2025, 6, 27)),
                    "maintainer": CODE[lead], "contributors": [CODE[k] for k in contributors]})
    for key in providers:
        code = f"DEPT-{CODE[key]}"
        out.append({"code": code, "name": f"{DEPT_BY_KEY[key][2]}政务信息资源目录", "kind": "DEPARTMENT",
                    "updated_at": updated.get(code) or rand_date(d(2024, 6, 3), d(2025, 6, 27)), "maintainer": CODE[key]})
    return out


CYCLE = {"R": "REALTIME", "D": "DAILY", "W": "WEEKLY", "M": "MONTHLY", "Q": "QUARTERLY", "H": "HALF_YEARLY",
         "Y": "YEARLY", "O": "OTHER"}
FORMATS = {  # letter -> format class, the format types departments use for it
    "d": ("DATABASE", ["Oracle", "MySQL", "达梦DM8", "人大金仓KingbaseES"]),
    "s": ("SPREADSHEET", ["xlsx", "xls"]),
    "f": ("ELECTRONIC_FILE", ["pdf", "ofd"]),
    "i": ("IMAGE", ["shp", "tif"]),
    "v": ("STREAMING_MEDIA", ["H.264", "H.265"]),
    "j": ("SELF_DESCRIBING", ["json", "xml"]),
}
SHARE_MODES = {"d": ("PLATFORM", "接口服务"), "s": ("PLATFORM", "文件下载"), "f": ("PLATFORM", "文件下载"),
               "i": ("PLATFORM", "地图服务"), "v": ("OTHER", "视频共享接口"), "j": ("PLATFORM", "接口服务")}
COLLECTION = ["业务办理采集", "窗口受理采集", "在线申报", "现场核查采集", "系统自动采集"]  # at source; derived: DERIVED_ROUTE
DERIVED_ROUTE = "通过区大数据管理平台共享获取后加工形成"


def item(name: str) -> Entry:
    e: dict[str, Any] = {"name": name}
    dtype = DATA_TYPES.get(name) or guess_type(name)
    if dtype != "CHARACTER":
        e["data_type"] = dtype
    ident = IDENTIFIERS.get(name)
    if ident is None and name.endswith("公民身份号码"):
        ident = "CITIZEN_ID"
    elif ident is None and name.endswith("统一社会信用代码"):
        ident = "CREDIT_CODE"
    if ident:
        e["identifier_kind"] = ident
    if name in PERSONAL_ITEMS or ident == "CITIZEN_ID" or name.endswith(("姓名", "身份证件号", "证件号码")):
        e["personal"] = True
    return e


def guess_type(name: str) -> str:
    """The data type a name's ending suggests (日期 a date, 金额 currency, 人数 an integer…)."""
    if name.endswith(("日期", "有效期至", "期限至")):
        return "DATE"
    if name.endswith("时间"):
        return "DATETIME"
    if name.endswith(("金额", "费用", "资金", "收入", "工资", "补贴", "资本", "总额", "基数", "余额", "标准")):
        return "CURRENCY"
    if name.endswith(("面积", "率", "浓度", "长度", "指数", "体重", "孕周", "比例", "水位", "流量", "温度", "用量")):
        return "NUMERIC"
    if name.endswith(("数", "数量")):
        return "INTEGER"
    if name.startswith("是否"):
        return "LOGICAL"
    return "CHARACTER"


# Systems whose projects are completed: their shared data is aggregated (Art.35), unless a row says agg False.
DELIVERED = {f"SJS-{s}" for p in PROJECTS if p[2] in ("COMPLETED", "ACCEPTED") for s in p[4]}


def resource_rows() -> list[tuple[str, Row]]:
    """Every resource row of the tables, with its providing department."""
    rows = [(dept, row) for dept, dept_rows in RESOURCES.items() for row in dept_rows]
    for catalog, theme_rows in THEME_RESOURCES.items():
        rows += [(dept, (catalog, *row)) for dept, *row in theme_rows]
    rows += [(dept, ("DEPT", *row)) for dept, dept_rows in DEPARTMENT_RESOURCES.items() for row in dept_rows]
    for depts, templates in ((ENFORCERS, ENFORCER_RESOURCES), (BUDGET_ORGANS, BUDGET_RESOURCES)):
        for dept in depts:
            short = DEPT_BY_KEY[dept][1]
            rows += [(dept, ("DEPT", sub, short + suffix, items, attrs, opts)) for sub, suffix, items, attrs, opts in templates]
    for street in STREETS:
        ident = STREET_ID.get(street, "公民身份号码")
        rows += [(street, ("DEPT", sub, DEPT_BY_KEY[street][1] + suffix, items.replace("{id}", ident), attrs, opts))
                 for sub, suffix, items, attrs, opts in STREET_RESOURCES]
    return rows


def resources() -> tuple[list[Entry], list[str]]:
    """The resources, with codes assigned per classification, and the providing departments."""
    class_codes: dict[tuple[str, str], str] = {}
    seq: Counter[str] = Counter()
    sub_count: Counter[str] = Counter()
    out, by_name = [], {}
    rows = resource_rows()
    for dept, (catalog, sub, name, items, attrs, opts) in rows:
        share, open_, cycle, fmt = attrs
        short = DEPT_BY_KEY[dept][1]
        if catalog == "DEPT":
            head, major = "部门", short
            group = f"3{DEPT_KEYS.index(dept) + 1:02d}"
            listed = [f"DEPT-{CODE[dept]}"]
        else:
            kind, theme = catalog.split("-", 1)
            head, major = ("基础" if kind == "BASE" else "主题"), THEME_ZH[theme]
            group = f"{1 if kind == 'BASE' else 2}{THEME_ORDER.index(theme) + 1:02d}"
            listed = [catalog, f"DEPT-{CODE[dept]}"]
        if (group, sub) not in class_codes:
            sub_count[group] += 1
            class_codes[group, sub] = f"{group}{sub_count[group]:03d}"
        cls = class_codes[group, sub]
        seq[cls] += 1
        code = f"{cls}/{seq[cls]:06d}"
        names = items.split()
        fmt_class, fmt_types = FORMATS[fmt]
        e: dict[str, Any] = {
            "code": code, "name": name,
            "summary": opts.get("summary") or f"{short}{name.removeprefix(short)}，包括{'、'.join(names[:4])}等{len(names)}个信息项",
            "classification": f"{head}/{major}/{sub}", "format_class": fmt_class, "format_type": RNG.choice(fmt_types),
            "update_cycle": CYCLE[cycle], "collection_route": opts.get("route") or RNG.choice(COLLECTION),
            "share_type": SHARE[share]}
        if share == "C":
            e["share_condition"] = opts.get("cond", "仅限政务部门依法履职使用")
        if share != "N":
            e["share_mode_class"], e["share_mode_type"] = SHARE_MODES[fmt]
        if "basis" in opts:
            e["legal_basis"] = opts["basis"]
        e["open_type"] = OPEN[open_]
        level = DEPT_BY_KEY[dept][3].get("level", "DISTRICT")
        published = None
        if open_ != "N":
            published = rand_date(d(2019, 3, 1), d(2025, 6, 30))
            if open_ == "C":
                e["open_condition"] = opts.get("ocond", "须注册实名账号并签署数据使用协议")
            e["desensitised"] = opts.get("desens", True)
            e["security_reviewed"] = True
            e["usage_note"] = f"数据来源：{DEPT_BY_KEY[dept][2]}。使用者应注明数据来源，不得用于违法用途。"
            if "domain" in opts:
                e["priority_domain"] = opts["domain"]
            e["published_at"] = published
        if any(item(n).get("personal") for n in names):
            e["contains_personal_info"] = True
        if opts.get("secret"):
            e["secret_or_security"] = True
        held = system_code(dept, opts["sys"]) if opts.get("sys") else None
        aggregate = opts.get("agg", catalog != "DEPT" or (share != "N" and (held in DELIVERED or RNG.random() < 0.6)))
        intranet = any(r[0] == opts.get("sys") and r[3] == "I" for r in SYSTEMS.get(dept, []))
        if aggregate and level != "MUNICIPAL":
            e["aggregated"] = True
        if "exception" in opts:
            e["aggregation_exception"] = opts["exception"]
        if level != "DISTRICT":
            e["level"] = level
        e["provider"] = CODE[dept]
        e["catalogs"] = listed
        systems_of = SYSTEMS.get(dept, [])
        if systems_of and opts.get("sys", "") is not None:  # sys None: kept as files, in no system
            e["held_by"] = [system_code(dept, opts.get("sys") or systems_of[0][0])]
        if aggregate and level != "MUNICIPAL":
            e["aggregated_on"] = ["SJS-NWGX" if intranet and catalog == "DEPT" else "SJS-BDP"]
        if published:
            e["published_on"] = ["BJ-OPENDATA", "SJS-PORTAL"] if RNG.random() < 0.6 else ["SJS-PORTAL"]
        e["items"] = [item(n) for n in names]
        collect = opts.get("collect", {})
        for n in collect:
            link = {"department": CODE[dept]}
            if isinstance(collect, dict) and collect[n]:
                link["legal_requirement"] = collect[n]
            e["items"][names.index(n)]["collected_by"] = [link]
        if name in by_name:
            raise SystemExit(f"duplicate resource name {name}")
        by_name[name] = e
        out.append(e)
    routes = {name for _dept, (_c, _s, name, _i, _a, opts) in rows if "route" in opts}
    for target, sources, transform, system, desens in LINEAGE:
        if target not in routes:
            by_name[target]["collection_route"] = DERIVED_ROUTE
        for s in sources:
            step: dict[str, Any] = {"resource": by_name[s]["code"], "transform": transform}
            if system:
                step["system"] = f"SJS-{system}"
            if desens:
                step["desensitisation"] = True
            by_name[target].setdefault("derived_from", []).append(step)
    for target, target_item, source, source_item, transform, desens in ITEM_LINEAGE:
        step = {"item": f"{by_name[source]['code']}#{source_item}", "transform": transform}
        if desens:
            step["desensitisation"] = True
        it = next(i for i in by_name[target]["items"] if i["name"] == target_item)
        it.setdefault("derived_from", []).append(step)
    providers = [k for k in DEPT_KEYS if any(dept == k for dept, _row in rows)]
    return out, providers


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start`, counting Monday to Friday (the sample avoids holiday weeks)."""
    day = start
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def consumers() -> list[Entry]:
    out = []
    users = [k for k in DEPT_KEYS if k in PURPOSES or k in STREETS]
    for key in users:
        out.append({"code": f"C-{key}", "name": DEPT_BY_KEY[key][2], "kind": "DEPARTMENT", "acts_for": CODE[key]})
    names = {system_code(k, r[0]): r[1] for k, rows in SYSTEMS.items() for r in rows}
    for ref in CONSUMER_SYSTEMS:
        key = ref.split("-")[0]
        name = names[f"SJS-{ref}"]
        if key in STREETS:
            name = DEPT_BY_KEY[key][1] + name
        out.append({"code": f"C-SJS-{ref}", "name": name, "kind": "DEPARTMENT_SYSTEM", "acts_for": CODE[key]})
    out += [{"code": code, "name": name, "kind": "PUBLIC_APPLICATION"} for code, name in PUBLIC_APPS]
    return out


def consumer_key(code: str) -> str:
    """The department key a consumer code stands for ('APP' for public applications)."""
    parts = code.split("-")
    return "APP" if parts[1] == "APP" else parts[2] if parts[1] == "SJS" else parts[1]


def make_use(use_id: str, consumer: str, res: Entry, status: str, requested: date, opts: dict[str, Any]) -> Entry:
    key = consumer_key(consumer)
    purpose, basis = RNG.choice(PURPOSES["STREET" if key in STREETS else key])
    u: dict[str, Any] = {"id": use_id, "purpose": purpose}
    if key != "APP":
        u["duty_basis"] = basis
    u["status"] = status
    u["requested_at"] = requested
    if res["share_type"] == "CONDITIONAL" and key != "APP":
        u["reply_due"] = opts.get("due") or add_working_days(requested, 10)
    if opts.get("granted"):
        u["granted_at"] = opts["granted"]
    if opts.get("expires"):
        u["expires_at"] = opts["expires"]
    if opts.get("items"):
        u["items"] = opts["items"]
    if opts.get("reason"):
        u["decision_reason"] = opts["reason"]
    if opts.get("cite"):
        u["citation_permitted"] = True
    u["consumer"] = consumer
    u["resource"] = res["code"]
    if consumer.startswith("C-SJS-"):
        u["via"] = consumer[2:]
    return u


def uses(res: list[Entry], cons: list[Entry]) -> list[Entry]:
    by_name = {r["name"]: r for r in res}
    out = [make_use(k, c, by_name[n], s, r, o) for k, c, n, s, r, o in STORY_USES]
    for eid, reporter, name, _text, items, reported, _status, _copied in ERROR_REPORTS:
        requested = reported - timedelta(days=182)
        while requested.weekday() >= 5:
            requested += timedelta(days=1)
        conditional = by_name[name]["share_type"] == "CONDITIONAL"
        grant = {"granted": requested + timedelta(days=6 if conditional else 0), "items": items if conditional else None}
        out.append(make_use(f"report-{eid}", reporter, by_name[name], "GRANTED", requested, grant))
    derives: defaultdict[str, set[str]] = defaultdict(set)  # department -> resources it derives from (it gets them by aggregation, not by a use)
    for r in res:
        for step in r.get("derived_from", []):
            derives[r["provider"]].add(step["resource"])
    story = {"最低生活保障对象信息", "公租房保障家庭信息"}  # only the story uses touch these (Art.24)
    district = [r for r in res if r.get("level", "DISTRICT") == "DISTRICT" and r["name"] not in story]
    shared = [r for r in district if r["share_type"] != "NOT_SHARED"]
    common = [r for r in shared if not r["classification"].startswith("部门")]
    opened = [r for r in district if r["open_type"] != "NOT_OPEN"]
    statuses = ["GRANTED"] * 14 + ["REQUESTED", "NEGOTIATING", "DENIED", "REVOKED", "EXPIRED", "EXPIRED"]
    for c in cons:
        app = c["kind"] == "PUBLIC_APPLICATION"
        own = c.get("acts_for")
        hot = [r for r in shared if r["name"] in HOT_RESOURCES]
        pool = opened if app else [r for r in (hot * 4 + common * 2 + shared) if r["provider"] != own]
        picked: list[Entry] = []
        wanted = RNG.randint(3, 6) if app else RNG.randint(7, 14)
        while len(picked) < wanted:
            r = RNG.choice(pool)
            if r not in picked:
                picked.append(r)
        for r in picked:
            if r["code"] in derives[own or ""]:
                continue
            requested = rand_date(date(2019, 3, 1), date(2025, 5, 31))
            while requested.weekday() >= 5:
                requested += timedelta(days=1)
            conditional = r["share_type"] == "CONDITIONAL" and not app
            status = RNG.choice(statuses) if conditional else "GRANTED"
            opts: dict[str, Any] = {}
            if conditional:
                names = [i["name"] for i in r["items"]]
                opts["items"] = RNG.sample(names, min(len(names), RNG.randint(3, 6)))
                due = add_working_days(requested, 10)
                if status == "NEGOTIATING" or status == "REQUESTED":
                    requested = rand_date(date(2025, 7, 1), date(2025, 12, 19))
                    while requested.weekday() >= 5:
                        requested += timedelta(days=1)
                    due = add_working_days(requested, 10)
                opts["due"] = due
                if status in ("GRANTED", "REVOKED", "EXPIRED"):
                    opts["granted"] = requested + timedelta(days=RNG.randint(2, 13))
                if status == "EXPIRED":
                    opts["expires"] = date(opts["granted"].year, 12, 31)
                if status == "DENIED":
                    opts["reason"] = RNG.choice(DENIAL_REASONS)
                if status == "REVOKED":
                    opts["reason"] = RNG.choice(REVOCATION_REASONS)
            else:
                opts["granted"] = requested
            out.append(make_use("", c["code"], r, status, requested, opts))
    out.sort(key=lambda u: (u["requested_at"], u["consumer"], u["resource"]))
    seq: Counter[int] = Counter()
    for u in out:
        seq[u["requested_at"].year] += 1
        if u["id"]:
            STORY_IDS[u["id"]] = f"USE-{u['requested_at'].year}-{seq[u['requested_at'].year]:04d}"
        u["id"] = f"USE-{u['requested_at'].year}-{seq[u['requested_at'].year]:04d}"
    return out


STORY_IDS: dict[str, str] = {}  # story key -> use id, filled by uses()


# Resources most departments use: the base libraries and registers (drawn more often).
HOT_RESOURCES = {"人口综合信息库", "法人综合信息库", "户籍人口基本信息", "企业登记注册信息", "标准地名地址信息", "社会保险参保人员信息",
                 "持证残疾人基本信息", "电子证照目录信息", "营业执照电子证照", "城市管理网格划分信息", "医疗机构基本信息",
                 "政务服务事项目录", "不动产登记信息", "房屋建筑基础信息", "空气质量监测数据"}
DENIAL_REASONS = ["申请用途与所列职责依据不符", "申请信息项超出履职所需最小范围", "该资源共享条件仅限特定部门使用，申请部门不在范围内"]
REVOCATION_REASONS = ["年度复核发现使用部门超范围调用，撤销授权", "使用部门业务系统已下线，撤销授权", "使用部门未按要求反馈数据使用情况，撤销授权"]


def citations(use_list: list[Entry], res: list[Entry]) -> list[Entry]:
    """Citations of shared data in documents (Art.25), in every document kind and permission state."""
    by_code = {r["code"]: r for r in res}
    by_id = {u["id"]: u for u in use_list}
    rows = [  # (use, document, kind, permission, attributed, cited)
        ("cite-assistance", "石景山区2023年社会救助工作情况报告", "ISSUED_DOCUMENT", "GRANTED", True, date(2024, 3, 15)),
        ("cite-renovation", "关于印发《石景山区老旧小区综合整治三年行动计划（2024—2026年）》的通知", "ISSUED_DOCUMENT", "GRANTED", True,
         date(2024, 4, 2)),
        ("cite-epidemic", "区政府常务会议关于冬春季传染病防控工作的决定", "MAJOR_DECISION", "REQUESTED", True, date(2023, 12, 4)),
        ("cite-credit", "石景山区关于建立企业信用分级分类监管机制的决定", "MAJOR_DECISION", "DENIED", False, date(2024, 5, 10)),
        ("onward-source", "区住房城乡建设委2022年公租房保障工作总结", "OTHER", "NOT_REQUIRED", False, date(2023, 1, 12)),
    ]
    rows = [(STORY_IDS[row[0]], *row[1:]) for row in rows]
    granted = [u for u in use_list if u["status"] == "GRANTED" and u["id"] not in {r[0] for r in rows}]
    docs = [("关于{name}情况的专报", "OTHER"), ("石景山区{year}年政府工作报告", "MAJOR_DECISION"),
            ("关于印发《{name}专项工作方案》的通知", "ISSUED_DOCUMENT"), ("{year}年度{name}分析报告", "OTHER")]
    for u in RNG.sample(granted, 70):
        r = by_code[u["resource"]]
        template, kind = RNG.choice(docs)
        permission = RNG.choice(["GRANTED", "GRANTED", "REQUESTED", "NOT_REQUIRED", "DENIED"])
        cited = u["granted_at"] + timedelta(days=RNG.randint(20, 200))
        rows.append((u["id"], template.format(name=r["name"].removesuffix("信息"), year=cited.year), kind, permission,
                     RNG.random() < 0.8, cited))
    out = []
    for n, (use_id, document, kind, permission, attributed, cited) in enumerate(rows, 1):
        u = by_id[use_id]
        provider = next(d for k, d in DEPT_BY_KEY.items() if CODE[k] == by_code[u["resource"]]["provider"])
        e: dict[str, Any] = {"id": f"CIT-{cited.year}-{n:04d}", "document": document, "document_kind": kind,
                             "permission": permission}
        if attributed:
            e["attribution"] = f"数据来源：{provider[2]}，{by_code[u['resource']]['name']}"
        e["cited_at"] = cited
        e["resource"] = u["resource"]
        e["use"] = use_id
        out.append(e)
    return out


def catalog_ref(ref: str) -> str:
    """A catalog code; `DEPT:<key>` names a department's catalog."""
    return f"DEPT-{CODE[ref[5:]]}" if ref.startswith("DEPT:") else ref


def open_requests(by_name: dict[str, Entry]) -> list[Entry]:
    out = []
    for rid, requester, content, notified, status, answered, reason, dept, res in OPEN_REQUESTS:
        e: dict[str, Any] = {"id": rid, "requester": requester, "content": content, "notified_at": notified,
                             "reply_due": add_working_days(notified, 15), "status": status}
        if answered:
            e["answered_at"] = answered
        if reason:
            e["refusal_reason"] = reason
        e["department"] = CODE[dept]
        e["resource"] = by_name[res]["code"]
        out.append(e)
    return out


def open_plans(res: list[Entry]) -> list[Entry]:
    """Each providing department's open plan for 2024 and 2025 (Art.22), from its open resources."""
    out = []
    for key in DEPT_KEYS:
        opened = [r for r in res if r["provider"] == CODE[key] and r["open_type"] != "NOT_OPEN"
                  and r.get("level", "DISTRICT") == "DISTRICT"]
        if not opened:
            continue
        for year in (2024, 2025):
            names = [r["name"] for r in opened if r["published_at"].year <= year] or [r["name"] for r in opened]
            cycles = Counter(r["update_cycle"] for r in opened)
            conditional = any(r["open_type"] == "CONDITIONAL" for r in opened)
            out.append({
                "id": f"OP-{key}-{year}", "year": year,
                "content": f"{year}年计划开放{'、'.join(names[:5])}等{len(names)}个数据集，并按更新周期持续更新",
                "time": f"{year}年6月底前完成数据集梳理，11月底前完成开放和更新",
                "scope": "面向社会无条件开放，部分数据集有条件开放" if conditional else "面向社会无条件开放",
                "form": "北京市公共数据开放平台数据集下载和接口服务，区政府门户网站同步发布",
                "update_cycle": cycles.most_common(1)[0][0],
                "department": CODE[key],
            })
    return out


def data_demands(by_name: dict[str, Entry]) -> list[Entry]:
    out = []
    for did, description, requested, status, raised_by, assigned, fulfilled in DATA_DEMANDS:
        label, _, key = raised_by.partition(":")
        e: dict[str, Any] = {"id": did, "description": description, "requested_at": requested, "status": status,
                             "raised_by": f"Department:{CODE[key]}" if label == "Department" else raised_by}
        if assigned:
            e["assigned_to"] = CODE[assigned]
        if fulfilled:
            e["fulfilled_by"] = by_name[fulfilled]["code"]
        out.append(e)
    return out


ROUTINE_ERRORS = ["{item}存在空值", "{item}与提供部门业务系统数据不一致", "{item}格式不符合数据标准", "{item}更新不及时"]


def error_reports(by_name: dict[str, Entry], use_list: list[Entry]) -> list[Entry]:
    """The tabled reports, then routine ones from consumers' granted uses (Art.25–26)."""
    out = routine_reports(by_name, use_list)
    for eid, reporter, res, description, items, reported, status, copied in ERROR_REPORTS:
        r = by_name[res]
        e: dict[str, Any] = {"id": eid, "description": description, "items": items, "reported_at": reported, "status": status}
        if not copied:
            e["copied_to_eic"] = False
        e.update({"resource": r["code"], "reported_by": reporter, "department": r["provider"]})
        out.append(e)
    return out


def routine_reports(by_name: dict[str, Entry], use_list: list[Entry]) -> list[Entry]:
    by_code = {r["code"]: r for r in by_name.values()}
    granted = [u for u in use_list if u["status"] == "GRANTED" and not u["consumer"].startswith("C-APP")]
    out: list[Entry] = []
    seq: Counter[str] = Counter()  # numbering goes on after the tabled reports of the year
    for e in ERROR_REPORTS:
        seq[e[0][3:7]] = max(seq[e[0][3:7]], int(e[0][8:]))
    for u in sorted(RNG.sample(granted, 30), key=lambda u: u["granted_at"]):
        r = by_code[u["resource"]]
        names = u.get("items") or [i["name"] for i in r["items"]]
        items = RNG.sample(names, min(len(names), RNG.randint(1, 2)))
        reported = min(u["granted_at"] + timedelta(days=RNG.randint(15, 300)), date(2025, 12, 31))
        seq[str(reported.year)] += 1
        status = RNG.choice(["CORRECTED", "CORRECTED", "VERIFIED", "REJECTED", "REPORTED"])
        out.append({"id": f"ER-{reported.year}-{seq[str(reported.year)]:04d}",
                    "description": RNG.choice(ROUTINE_ERRORS).format(item="、".join(items)), "items": items,
                    "reported_at": reported, "status": status, "resource": r["code"], "reported_by": u["consumer"],
                    "department": r["provider"]})
    return out


def projects() -> list[Entry]:
    out = []
    for code, name, stage, dept, builds, catalog, shares, involves, completed in PROJECTS:
        e: dict[str, Any] = {"code": code, "name": name, "stage": stage}
        if not involves:
            e["involves_resources"] = False
        e["has_project_catalog"] = catalog
        e["shares_or_opens"] = shares
        if completed:
            e["completed_at"] = completed
        e["department"] = CODE[dept]
        e["builds"] = [f"SJS-{s}" for s in builds]
        out.append(e)
    return out


def catalog_changes() -> list[Entry]:
    return [{"id": cid, "kind": kind, "effective_at": effective, "description": description,
             "affects": [catalog_ref(c) for c in catalogs]}
            for cid, kind, effective, description, catalogs, _days in CATALOG_CHANGES]


def orders(by_name: dict[str, Entry]) -> list[Entry]:
    out = []
    for oid, subject, rule, ordered, due, stage, dept, concerns in ORDERS:
        refs = []
        for label, ref in concerns:
            key = {"Resource": lambda n: by_name[n]["code"], "Catalog": catalog_ref}.get(label, lambda n: n)(ref)
            refs.append(f"{label}:{key}")
        out.append({"id": oid, "subject": subject, "rule": rule, "ordered_at": ordered, "due": due, "stage": stage,
                    "department": CODE[dept], "concerns": refs})
    return out


def relationships() -> list[Entry]:
    """Links no section has a field for: the EIC guides the streets' catalog work (Art.6)."""
    return [{"type": "GUIDES", "from": f"Department:{CODE['JXW']}", "to": f"Department:{CODE[k]}"}
            for k in STREETS if k != "BYS"]


def build() -> dict[str, Any]:
    res, providers = resources()
    data: dict[str, Any] = {"govgraph": "district/1"}
    data["departments"] = departments()
    data["platforms"] = platforms()
    data["systems"] = systems()
    data["catalogs"] = catalogs(providers)
    data["resources"] = res
    data["consumers"] = consumers()
    data["uses"] = uses(res, data["consumers"])
    data["citations"] = citations(data["uses"], res)
    by_name = {r["name"]: r for r in res}
    data["open_requests"] = open_requests(by_name)
    data["open_plans"] = open_plans(res)
    data["data_demands"] = data_demands(by_name)
    data["error_reports"] = error_reports(by_name, data["uses"])
    data["projects"] = projects()
    data["catalog_changes"] = catalog_changes()
    data["orders"] = orders(by_name)
    data["relationships"] = relationships()
    return data


# ════════════════════════════════════════════════════════════════════════════════════════════
# Self-check
# ════════════════════════════════════════════════════════════════════════════════════════════

REF_FIELDS = {  # section -> field -> section the reference points into
    "departments": {"subordinate_to": "departments", "guides": "departments"},
    "platforms": {"operator": "departments"},
    "systems": {"operator": "departments", "hosted_on": "platforms", "exchanges_with": "systems"},
    "catalogs": {"maintainer": "departments", "contributors": "departments"},
    "resources": {"provider": "departments", "catalogs": "catalogs", "held_by": "systems",
                  "aggregated_on": "platforms", "published_on": "platforms", "derived_from": "resources"},
    "consumers": {"acts_for": "departments"},
    "uses": {"consumer": "consumers", "resource": "resources", "via": "systems"},
    "citations": {"resource": "resources", "use": "uses"},
    "open_requests": {"department": "departments", "resource": "resources"},
    "open_plans": {"department": "departments"},
    "data_demands": {"assigned_to": "departments", "fulfilled_by": "resources"},
    "error_reports": {"resource": "resources", "reported_by": "consumers", "department": "departments"},
    "projects": {"department": "departments", "builds": "systems"},
    "catalog_changes": {"affects": "catalogs"},
}
LABEL_SECTION = {"Department": "departments", "Consumer": "consumers", "Resource": "resources",
                 "System": "systems", "Catalog": "catalogs", "Project": "projects"}
MINIMUMS = {"departments": 30, "systems": 100, "resources": 500, "catalogs": 15 + 30, "uses": 100, "consumers": 20}
MAXIMUMS = {"uses": 999}  # tests page through the first 1000 uses and expect every status among them


def rule_examples(data: dict[str, Any]) -> dict[str, list[str]]:
    """The subjects of each deliberate rule violation (and required variety), found in the data itself.

    Every entry must be non-empty: the sample exists to show each finding at least once.
    """
    res = {r["code"]: r for r in data["resources"]}
    depts = {x["code"]: x for x in data["departments"]}
    systems = {x["code"]: x for x in data["systems"]}
    cons = {c["code"]: c for c in data["consumers"]}
    use_list = data["uses"]
    horizon = date(2025, 7, 1)  # "in the past" for the sample: well before it ships
    ex: dict[str, list[str]] = {}
    ex["Art.18 not shared without legal basis"] = [c for c, r in res.items() if r["share_type"] == "NOT_SHARED" and not r.get("legal_basis")]
    ex["Art.18 not shared with legal basis (fine)"] = [c for c, r in res.items() if r["share_type"] == "NOT_SHARED" and r.get("legal_basis")]
    ex["Art.20 conditional use negotiating past reply_due"] = [
        u["id"] for u in use_list if u["status"] == "NEGOTIATING" and res[u["resource"]]["share_type"] == "CONDITIONAL"
        and u["reply_due"] < horizon]
    collected: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    for r in data["resources"]:
        for i in r["items"]:
            for c in i.get("collected_by", []):
                collected[i["name"], i.get("identifier_kind", "NONE")].append((f"{r['code']}#{i['name']}", c["department"],
                                                                               bool(c.get("legal_requirement"))))
    ex["Art.5/Art.12 item collected again without legal requirement"] = [
        code for sites in collected.values() if len({dep for _, dep, _ in sites}) > 1 for code, _, legal in sites if not legal]
    base = [r for r in data["resources"] if r["classification"].startswith("基础")]
    ex["Art.15 base resource not aggregated, no exception"] = [r["code"] for r in base if not r.get("aggregated")
                                                               and not r.get("aggregation_exception")]
    ex["Art.15 base resource not aggregated, leading-group exception"] = [r["code"] for r in base if not r.get("aggregated")
                                                                          and r.get("aggregation_exception")]
    ex["Art.15 cross-department sharing system still in service"] = [
        s["code"] for s in data["systems"] if s.get("cross_department_sharing") and s["status"] == "IN_SERVICE"]
    clouds = {p["code"] for p in data["platforms"] if p["kind"] == "DEPARTMENT_CLOUD"}
    ex["Art.28 departmental cloud with systems"] = sorted({s["hosted_on"] for s in data["systems"] if s.get("hosted_on") in clouds})
    ex["Art.28 exempt from migration (security, classified, level 4+)"] = [
        s["code"] for s in data["systems"] if s["hosting"] != "GOVERNMENT_CLOUD"
        and (depts[s["operator"]].get("security_exempt") or s.get("classified") or s["protection_level"] >= 4)]
    ex["Art.28 self-hosted, not exempt, not migrated"] = [
        s["code"] for s in data["systems"] if s["hosting"] == "SELF_HOSTED" and s["status"] == "IN_SERVICE"
        and not (depts[s["operator"]].get("security_exempt") or s.get("classified") or s["protection_level"] >= 4)]
    opened = [r for r in data["resources"] if r["open_type"] != "NOT_OPEN"]
    ex["Art.23 open resource derived from personal data without desensitisation"] = [
        r["code"] for r in opened for step in r.get("derived_from", [])
        if res[step["resource"]].get("contains_personal_info") and not step.get("desensitisation")]
    ex["Art.23 open resource with a desensitisation step (fine)"] = [
        r["code"] for r in opened if any(step.get("desensitisation") for step in r.get("derived_from", []))]
    users: dict[str, set[str]] = defaultdict(set)  # resource -> departments with a use of it
    for u in use_list:
        users[u["resource"]].add(cons[u["consumer"]].get("acts_for", u["consumer"]))
    flows = []
    for u1 in use_list:
        source = res[u1["resource"]]
        d1 = cons[u1["consumer"]].get("acts_for")
        if source["share_type"] != "CONDITIONAL" or u1["status"] != "GRANTED" or not d1:
            continue
        for r2 in data["resources"]:
            if r2["provider"] == d1 and any(st["resource"] == source["code"] and not st.get("desensitisation")
                                            for st in r2.get("derived_from", [])):
                for u2 in use_list:
                    d2 = cons[u2["consumer"]].get("acts_for", u2["consumer"])
                    if u2["resource"] == r2["code"] and d2 != d1 and d2 not in users[source["code"]]:
                        flows.append(f"{u1['id']} {source['code']} -> {r2['code']} -> {u2['id']} ({u2['consumer']})")
    ex["Art.24 onward flow to a party without its own grant"] = flows
    ex["Art.13 personal item without a declared identifier"] = [
        f"{r['code']}#{i['name']}" for r in data["resources"] for i in r["items"]
        if i.get("personal") and "identifier_kind" not in i and ("身份证" in i["name"] or "证件号" in i["name"])]
    cats = {c["code"]: c for c in data["catalogs"]}
    ex["Art.9 catalog updated more than 15 working days after a change"] = [
        f"{cc['id']} {c}" for cc in data["catalog_changes"] for c in cc["affects"]
        if cats[c]["updated_at"] > add_working_days(cc["effective_at"], 15)]
    ex["Art.35 project without project catalog"] = [p["code"] for p in data["projects"] if not p["has_project_catalog"]
                                                    and p.get("involves_resources", True)]
    held_unaggregated = {s for r in data["resources"] if not r.get("aggregated") and r["share_type"] != "NOT_SHARED"
                         and r.get("level", "DISTRICT") == "DISTRICT" for s in r.get("held_by", [])}
    ex["Art.35 completed project, data not aggregated"] = [
        p["code"] for p in data["projects"] if p["stage"] in ("COMPLETED", "ACCEPTED") and set(p["builds"]) & held_unaggregated]
    ex["Art.22 open request answered late"] = [o["id"] for o in data["open_requests"] if o.get("answered_at")
                                               and o["answered_at"] > o["reply_due"]]
    ex["Art.22 open request refused with reason"] = [o["id"] for o in data["open_requests"] if o["status"] == "REFUSED"
                                                     and o.get("refusal_reason")]
    ex["Art.22 open request not answered"] = [o["id"] for o in data["open_requests"] if not o.get("answered_at")]
    ex["Art.22 open plans 2024 and 2025"] = sorted({str(p["year"]) for p in data["open_plans"]} & {"2024", "2025"})
    ex["Art.20 data demand with assigned provider"] = [x["id"] for x in data["data_demands"] if x["status"] == "PROVIDER_ASSIGNED"]
    downstream: defaultdict[str, int] = defaultdict(int)
    for u in use_list:
        downstream[u["resource"]] += 1
    ex["Art.25 error report on a resource with downstream uses"] = [
        f"{e['id']} {e['resource']} ({downstream[e['resource']]} uses)" for e in data["error_reports"] if downstream[e["resource"]] > 1]
    ex["Art.25 error report not copied to the EIC"] = [e["id"] for e in data["error_reports"] if e.get("copied_to_eic") is False]
    ex["Art.25 citation in a decision or issued document without permission"] = [
        c["id"] for c in data["citations"] if c["document_kind"] != "OTHER" and c["permission"] != "GRANTED"]
    ex["Art.38 orders by stage"] = sorted({o["stage"] for o in data["orders"]})
    municipal = {c for c, r in res.items() if r.get("level") == "MUNICIPAL"}
    ex["Art.4/Art.20 municipal resources the district uses"] = sorted({u["resource"] for u in use_list if u["resource"] in municipal})
    return ex


def lineage_chains(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """The longest derived_from path ending at each resource (resource codes, upstream first)."""
    res = {r["code"]: r for r in data["resources"]}
    memo: dict[str, tuple[str, ...]] = {}

    def longest(code: str, seen: frozenset[str]) -> tuple[str, ...]:
        if code not in memo:
            best: tuple[str, ...] = (code,)
            for step in res[code].get("derived_from", []):
                if step["resource"] not in seen:
                    path = longest(step["resource"], seen | {code}) + (code,)
                    best = path if len(path) > len(best) else best
            memo[code] = best
        return memo[code]

    return [longest(code, frozenset()) for code in res]


def check(data: dict[str, Any]) -> list[str]:
    problems = []
    keys: dict[str, set[str]] = {}
    for section, entries in data.items():
        if isinstance(entries, list) and section != "relationships":
            keys[section] = set()
            for e in entries:
                k = e.get("code", e.get("id"))
                if k in keys[section]:
                    problems.append(f"{section}: duplicate key {k}")
                keys[section].add(k)
    item_codes = {f"{r['code']}#{i['name']}" for r in data.get("resources", []) for i in r["items"]}

    def resolve(section: str, ref: Any, where: str) -> None:
        if not isinstance(ref, str) or ref not in keys.get(section, set()):
            problems.append(f"{where}: {ref!r} not found in {section}")

    for section, fields in REF_FIELDS.items():
        for e in data.get(section, []):
            where = f"{section}/{e.get('code', e.get('id'))}"
            for field, target in fields.items():
                value = e.get(field)
                if value is None:
                    continue
                for ref in value if isinstance(value, list) else [value]:
                    resolve(target, ref["resource"] if isinstance(ref, dict) else ref, f"{where}.{field}")
    for r in data.get("resources", []):
        if not 4 <= len(r["items"]) <= 15:
            problems.append(f"resources/{r['code']}: {len(r['items'])} items")
        if len({i["name"] for i in r["items"]}) != len(r["items"]):
            problems.append(f"resources/{r['code']}: duplicate item names")
        for i in r["items"]:
            for step in i.get("derived_from", []):
                if step["item"] not in item_codes:
                    problems.append(f"item {r['code']}#{i['name']}: {step['item']} not found")
            for c in i.get("collected_by", []):
                resolve("departments", c["department"], f"item {r['code']}#{i['name']}.collected_by")
    for e in data.get("data_demands", []):
        label, _, key = e["raised_by"].partition(":")
        resolve(LABEL_SECTION[label], key, f"data_demands/{e['id']}.raised_by")
    for e in data.get("orders", []):
        resolve("departments", e["department"], f"orders/{e['id']}.department")
        for ref in e.get("concerns", []):
            label, _, key = ref.partition(":")
            resolve(LABEL_SECTION[label], key, f"orders/{e['id']}.concerns")
    for rel in data.get("relationships", []):
        for end in (rel["from"], rel["to"]):
            label, _, key = end.partition(":")
            resolve(LABEL_SECTION[label], key, f"relationships/{rel['type']}")
    for r in data.get("resources", []):
        for step in r.get("derived_from", []):
            if step.get("system"):
                resolve("systems", step["system"], f"resources/{r['code']}.derived_from.system")
    variety = {  # section -> field -> values every one of which must occur
        "uses": ("status", {"REQUESTED", "NEGOTIATING", "GRANTED", "DENIED", "ESCALATED_TO_EIC", "ESCALATED_TO_LEADING_GROUP",
                            "REVOKED", "EXPIRED"}),
        "citations": ("document_kind", {"MAJOR_DECISION", "ISSUED_DOCUMENT", "OTHER"}),
        "systems": ("hosting", {"GOVERNMENT_CLOUD", "DEPARTMENT_CLOUD", "SELF_HOSTED", "MUNICIPAL"}),
        "resources": ("share_type", {"UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED"}),
        "orders": ("stage", {"ORDERED", "CORRECTED", "CRITICISED", "REPORTED"}),
        "consumers": ("kind", {"DEPARTMENT", "DEPARTMENT_SYSTEM", "PUBLIC_APPLICATION"}),
    }
    for section, (field, values) in variety.items():
        missing = values - {e.get(field) for e in data.get(section, [])}
        if missing:
            problems.append(f"{section}: no {field} {sorted(missing)}")
    for field, values in (("permission", {"NOT_REQUIRED", "REQUESTED", "GRANTED", "DENIED"}),):
        missing = values - {c[field] for c in data.get("citations", [])}
        if missing:
            problems.append(f"citations: no {field} {sorted(missing)}")
    enum_values: tuple[tuple[str, str, set[Any]], ...] = (("systems", "network", {"EXTRANET", "INTRANET", "INTERNET"}),
                                   ("systems", "protection_level", {1, 2, 3, 4}),
                                   ("systems", "status", {"IN_SERVICE", "RETIRED"}),
                                   ("resources", "open_type", {"UNCONDITIONAL", "CONDITIONAL", "NOT_OPEN"}),
                                   ("resources", "update_cycle", set(CYCLE.values()) - {"OTHER"} | {"OTHER"}),
                                   ("resources", "format_class", {f for f, _ in FORMATS.values()}))
    for section, field, values in enum_values:
        missing = values - {e.get(field) for e in data.get(section, [])}
        if missing:
            problems.append(f"{section}: no {field} {sorted(map(str, missing))}")
    for dept in data["departments"]:
        if dept["code"][:1].isdigit() and not uscc.is_valid(dept["code"]):
            problems.append(f"departments/{dept['code']}: invalid USCC")
    if max((len(chain) for chain in lineage_chains(data)), default=0) < 5:
        problems.append("no derived_from chain of 4 or more steps")
    for rule, subjects in rule_examples(data).items():
        if not subjects:
            problems.append(f"no example of: {rule}")
    for section, maximum in MAXIMUMS.items():
        if len(data.get(section, [])) > maximum:
            problems.append(f"{section}: {len(data.get(section, []))} > maximum {maximum}")
    for section, minimum in MINIMUMS.items():
        if len(data.get(section, [])) < minimum:
            problems.append(f"{section}: {len(data.get(section, []))} < minimum {minimum}")
    return problems


def main() -> int:
    data = build()
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    OUT.write_text("# 石景山区政务信息资源共享开放样例数据 — generated by scripts/make_sample.py, do not edit.\n" + text,
                   encoding="utf-8")
    for section, entries in data.items():
        if isinstance(entries, list):
            print(f"{section:16} {len(entries):6}")
    items = sum(len(r["items"]) for r in data["resources"])
    print(f"{'items':16} {items:6}\n{OUT} {OUT.stat().st_size / 1e6:.2f} MB")
    res = {r["code"]: r for r in data["resources"]}
    print("\nLongest lineage chains:")
    shown: set[str] = set()
    for chain in sorted(lineage_chains(data), key=len, reverse=True)[:8]:
        if len(chain) >= 5 and chain[-1] not in shown:
            shown.add(chain[-1])
            print(f"  {len(chain) - 1} steps: " + " → ".join(res[c]["name"] for c in chain))
    print("\nDeliberate findings (rule: subjects):")
    for rule, subjects in rule_examples(data).items():
        listed = ", ".join(subjects[:6]) + (f" … (+{len(subjects) - 6})" if len(subjects) > 6 else "")
        print(f"  {rule}: {listed}")
    problems = check(data)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
