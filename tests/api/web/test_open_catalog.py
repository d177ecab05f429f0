"""`GET /open/catalog`: the derived open catalog as DCAT 3 (Art.10, Art.21–23), over real HTTP on both stores."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import CSVW, DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.publication import FREQUENCY, MEDIA_TYPES
from tests.api.conftest import Server
from tests.builders import POLICE, STATS, dept, item, res, resource_props

SHARE_CONDITION = "仅限统计部门内部核对使用"
LEGAL_BASIS = "《中华人民共和国统计法》第二十五条"
OPEN = {"301001/000001", "301001/000002", "101001/000001"}


async def open_district(store: GraphStore) -> None:
    """Three open resources and four that must stay out of the open catalog (Art.10, Art.23).

    301001/000001 年度统计 (open, half-yearly, xlsx; a raw citizen ID item, a desensitised name item)
    301001/000002 企业名录 (open on condition, realtime, a database)
    101001/000001 人口概况 (open, no classification: its theme comes from its base catalog)
    301001/000003 not open; 301001/000004 touches security; 301001/000005 in no catalog; 301001/000006 retired.
    """
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    c.upsert_node(Label.DEPARTMENT, {"code": POLICE, "name": "区公安分局"})
    c.upsert_node(Label.CATALOG, {"code": "DEPT-SJS-TJJ", "name": "区统计局信息资源目录", "kind": "DEPARTMENT"})
    c.upsert_node(Label.CATALOG, {"code": "BASE-POPULATION", "name": "人口基础信息资源目录", "kind": "BASE", "theme": "POPULATION"})
    stats: list[tuple[str, str, dict[str, Any]]] = [
        ("301001/000001", "年度统计", {
            "open_type": "UNCONDITIONAL", "summary": "全区年度统计数据", "classification": "部门/统计/年度统计",
            "update_cycle": "HALF_YEARLY", "published_at": "2024-03-01", "format_class": "SPREADSHEET", "format_type": "xlsx",
            "share_condition": SHARE_CONDITION, "usage_note": "引用请注明来源", "priority_domain": "STATISTICS",
            "share_type": "CONDITIONAL", "contains_personal_info": True, "desensitised": True,
        }),
        ("301001/000002", "企业名录", {
            "open_type": "CONDITIONAL", "open_condition": "注册用户下载", "update_cycle": "REALTIME",
            "format_class": "DATABASE", "format_type": "oracle", "legal_basis": LEGAL_BASIS,
        }),
        ("301001/000003", "内部台账", {"open_type": "NOT_OPEN"}),
        ("301001/000004", "涉密统计", {"open_type": "UNCONDITIONAL", "secret_or_security": True}),
        ("301001/000005", "未编目数据", {"open_type": "UNCONDITIONAL"}),
        ("301001/000006", "已撤销数据", {"open_type": "UNCONDITIONAL", "status": "RETIRED"}),
    ]
    for code, name, extra in stats:
        props = {"share_type": "UNCONDITIONAL", **extra}
        c.upsert_node(Label.RESOURCE, resource_props(code, name, **props))
        c.upsert_relationship(RelType.PROVIDES, dept(STATS), res(code))
        if code != "301001/000005":
            c.upsert_relationship(RelType.LISTED_IN, res(code), NodeRef(Label.CATALOG, "DEPT-SJS-TJJ"))
    c.upsert_node(Label.RESOURCE, resource_props("101001/000001", "人口概况", open_type="UNCONDITIONAL"))
    c.upsert_relationship(RelType.PROVIDES, dept(POLICE), res("101001/000001"))
    c.upsert_relationship(RelType.LISTED_IN, res("101001/000001"), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    items: list[tuple[str, str, dict[str, Any]]] = [
        ("301001/000001", "年末常住人口", {"data_type": "INTEGER"}),
        ("301001/000001", "公民身份号码", {"identifier_kind": "CITIZEN_ID", "personal": True}),
        ("301001/000001", "姓名", {"personal": True, "desensitised": True}),
        ("301001/000003", "台账编号", {}),
    ]
    for resource, name, extra in items:
        code = f"{resource}#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, **extra})
        c.upsert_relationship(RelType.HAS_ITEM, res(resource), item(code))
    await store.apply(c)


async def fetch(server: Server, accept: str | None) -> tuple[Graph, str, bytes]:
    """GET the catalog with `accept`; the parsed graph, the media type answered and the raw body."""
    headers = {"Accept": accept} if accept is not None else {}
    response = await server.client.get("/open/catalog", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["vary"] == "Accept, Accept-Language"
    media = response.headers["content-type"].split(";")[0]
    return parse(response.content, media), media, response.content


def parse(body: bytes, media: str) -> Graph:
    """The body read back with rdflib (whose JSON-LD parser uses its own deprecated ConjunctiveGraph)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=body, format=MEDIA_TYPES[media])


def datasets(graph: Graph) -> dict[str, URIRef]:
    found = {}
    for ds in graph.subjects(RDF.type, DCAT.Dataset):
        assert isinstance(ds, URIRef)
        found[str(graph.value(ds, DCTERMS.identifier))] = ds
    return found


@pytest.mark.parametrize("media", [pytest.param(m, id=m) for m in MEDIA_TYPES])
async def test_every_media_type_parses_back_with_the_open_catalog_only(server: Server, media: str) -> None:
    await open_district(server.store)
    graph, answered, body = await fetch(server, media)
    assert answered == media
    total = (await server.gql("{ openCatalog(first: 1) { totalCount } }"))["openCatalog"]["totalCount"]
    found = datasets(graph)
    assert len(found) == total == len(OPEN)  # the derived open catalog of Art.10, nothing else
    assert set(found) == OPEN
    catalog = graph.value(predicate=RDF.type, object=DCAT.Catalog)
    assert set(graph.objects(catalog, DCAT.dataset)) == set(found.values())
    text = body.decode("utf-8")
    # Art.23: no share condition, legal basis or internal attribute is published.
    for secret in (SHARE_CONDITION, LEGAL_BASIS, "CONDITIONAL", "share", "legal", "涉密统计", "内部台账", "台账编号"):
        assert secret not in text, secret


async def test_a_dataset_carries_the_public_description(server: Server) -> None:
    await open_district(server.store)
    graph, media, _ = await fetch(server, None)
    assert media == "text/turtle"  # the default
    ds = datasets(graph)["301001/000001"]
    assert graph.value(ds, DCTERMS.title) == Literal("年度统计", lang="zh")
    assert graph.value(ds, DCTERMS.description) == Literal("全区年度统计数据", lang="zh")
    assert graph.value(ds, DCTERMS.accrualPeriodicity) == FREQUENCY.ANNUAL_2  # 每半年
    assert str(graph.value(ds, DCTERMS.issued)) == "2024-03-01"
    assert graph.value(ds, DCAT.keyword) == Literal("统计", lang="zh")  # the Art.22 priority domain
    publisher = graph.value(ds, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert graph.value(publisher, FOAF.name) == Literal("区统计局", lang="zh")
    assert graph.value(publisher, DCTERMS.identifier) == Literal(STATS)
    theme = graph.value(ds, DCAT.theme)
    assert str(graph.value(theme, SKOS.notation)) == "部门/统计/年度统计"
    assert graph.value(theme, SKOS.prefLabel) == Literal("年度统计", lang="zh")
    rights = graph.value(ds, DCTERMS.rights)
    assert graph.value(rights, RDFS.label) == Literal("无条件开放", lang="zh")
    dist = graph.value(ds, DCAT.distribution)
    assert str(graph.value(dist, DCAT.mediaType)).endswith("/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert str(graph.value(dist, DCTERMS["format"])).endswith("/file-type/XLSX")
    assert graph.value(dist, DCTERMS.description) == Literal("引用请注明来源", lang="zh")
    columns = {str(graph.value(c, CSVW.name)) for c in graph.objects(graph.value(dist, DCTERMS.conformsTo), CSVW.column)}
    # Art.23: a raw citizen ID stays out; a desensitised personal item and a plain one are described.
    assert columns == {"年末常住人口", "姓名"}
    assert "公民身份号码" not in {str(o) for o in graph.objects() if isinstance(o, Literal)}


async def test_conditional_opening_realtime_and_a_theme_from_the_catalog(server: Server) -> None:
    await open_district(server.store)
    graph, _, _ = await fetch(server, "application/ld+json")
    found = datasets(graph)
    conditional = found["301001/000002"]
    assert graph.value(conditional, DCTERMS.accrualPeriodicity) == FREQUENCY.CONT  # 实时
    assert graph.value(graph.value(conditional, DCTERMS.rights), RDFS.label) == Literal("有条件开放：注册用户下载", lang="zh")
    assert str(graph.value(conditional, DCTERMS.accessRights)).endswith("/access-right/RESTRICTED")
    fmt = graph.value(graph.value(conditional, DCAT.distribution), DCTERMS["format"])
    assert graph.value(fmt, RDFS.label) == Literal("数据库/oracle", lang="zh")  # no media type for a database
    population = found["101001/000001"]
    assert str(graph.value(graph.value(population, DCAT.theme), SKOS.notation)) == "基础/人口"
    assert graph.value(graph.value(population, DCTERMS.publisher), DCTERMS.identifier) == Literal(POLICE)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        pytest.param("*/*", "text/turtle", id="anything-gives-turtle"),
        pytest.param("text/*", "text/turtle", id="text-range"),
        pytest.param("application/*", "application/ld+json", id="application-range-prefers-json-ld"),
        pytest.param("text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml", id="weights"),
        pytest.param("application/ld+json, text/turtle;q=0", "application/ld+json", id="q-zero-refuses"),
        pytest.param("text/html;q=0.5, text/turtle", "text/turtle", id="html-less-wanted"),
    ],
)
async def test_content_negotiation(server: Server, accept: str, media: str) -> None:
    _, answered, _ = await fetch(server, accept)
    assert answered == media


@pytest.mark.parametrize("accept", ["text/html, application/xhtml+xml, */*;q=0.8", "text/html"])
async def test_a_browser_gets_the_open_catalog_page_of_the_web_app(server: Server, accept: str) -> None:
    # People read the open catalog in the web app (api/webapp.py); harvesters keep DCAT.
    response = await server.client.get("/open/catalog", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in response.text and response.headers["vary"] == "Accept, Accept-Language"


@pytest.mark.parametrize("accept", ["application/json", "image/png", "text/turtle;q=0"])
async def test_an_unservable_accept_is_406(server: Server, accept: str) -> None:
    response = await server.client.get("/open/catalog", headers={"Accept": accept})
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "NOT_ACCEPTABLE" and "text/turtle" in response.json()["error"]["message"]


async def test_an_empty_store_gives_an_empty_catalog(server: Server) -> None:
    graph, _, _ = await fetch(server, "application/rdf+xml")
    assert datasets(graph) == {}
    assert (None, RDF.type, DCAT.Catalog) in graph
