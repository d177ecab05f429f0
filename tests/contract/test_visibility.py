"""Access rules applied inside the store queries, on both stores: what each principal sees, and what not."""

from __future__ import annotations

import pytest

from graph.access import Principal, Role
from graph.changes import Changes
from graph.errors import InvalidArgumentError
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, PageQuery, Step, Traversal
from graph.store import GraphStore
from lineage.access import visibility
from tests.builders import CIVIL, POLICE, STATS, STREET, dept, item, lineage_district, res, walked
from tests.builders import EIC as EIC_CODE

PUBLIC = Principal()
EIC = Principal("SJS-EIC", frozenset({Role.EIC}), "eic")


def user(department: str) -> Principal:
    return Principal(department, frozenset({Role.DEPARTMENT_USER}), f"user@{department}")


async def keys(store: GraphStore, label: Label, who: Principal, text: str | None = None) -> tuple[list[str], int]:
    page = await store.page(PageQuery(label, text=text, first=100), visibility(who))
    return [n.key for n in page.nodes], page.total


async def with_not_shared(store: GraphStore) -> None:
    await lineage_district(store)
    changes = Changes()
    changes.upsert_node(Label.RESOURCE, {"code": "301002/000001", "name": "案件人口信息", "share_type": "NOT_SHARED", "legal_basis": "《刑事诉讼法》"})
    changes.upsert_relationship(RelType.PROVIDES, dept(POLICE), res("301002/000001"))
    changes.upsert_node(Label.DATA_ITEM, {"code": "301002/000001#案件编号", "name": "案件编号"})
    changes.upsert_relationship(RelType.HAS_ITEM, res("301002/000001"), item("301002/000001#案件编号"))
    await store.apply(changes)


async def test_art18_not_shared_is_seen_by_its_provider_and_the_eic_only(store: GraphStore) -> None:
    await with_not_shared(store)
    assert "301002/000001" in (await keys(store, Label.RESOURCE, user(POLICE)))[0]
    assert "301002/000001" in (await keys(store, Label.RESOURCE, EIC))[0]
    codes, total = await keys(store, Label.RESOURCE, user(CIVIL))
    assert "301002/000001" not in codes and total == 7
    assert await store.get(Label.RESOURCE, "301002/000001", visibility(user(CIVIL))) is None
    # Totals and text search say nothing of it either.
    assert await keys(store, Label.RESOURCE, user(CIVIL), text="案件") == ([], 0)
    assert (await keys(store, Label.RESOURCE, user(POLICE), text="案件"))[1] == 1


async def test_art23_the_public_sees_the_open_catalog_only(store: GraphStore) -> None:
    await with_not_shared(store)
    assert await keys(store, Label.RESOURCE, PUBLIC) == (["301001/000001", "301001/000002"], 2)
    # The open resource's citizen-ID item is personal and not desensitised: hidden (Art.23, Art.32).
    assert await keys(store, Label.DATA_ITEM, PUBLIC) == ([], 0)
    assert await keys(store, Label.USE, PUBLIC) == ([], 0)
    assert await keys(store, Label.SYSTEM, PUBLIC) == ([], 0)
    assert (await keys(store, Label.DEPARTMENT, PUBLIC))[1] == 5


async def test_art24_conditional_detail_only_under_a_granted_use(store: GraphStore) -> None:
    await with_not_shared(store)
    items, _ = await keys(store, Label.DATA_ITEM, user(CIVIL))
    assert items == ["101001/000002#公民身份号码", "301001/000001#公民身份号码", "302001/000002#公民身份号码"]
    street, _ = await keys(store, Label.DATA_ITEM, user(STREET))
    assert street == ["301001/000001#公民身份号码"]  # unconditional only: the street holds no grant
    uses, _ = await keys(store, Label.USE, user(STREET))
    assert uses == ["USE-2"]


async def test_neighbours_hide_what_the_principal_may_not_see(store: GraphStore) -> None:
    await with_not_shared(store)
    provided = await store.neighbours(dept(POLICE), [Step(RelType.PROVIDES, Direction.OUT)], visibility(user(CIVIL)))
    assert [n.key for _, n in provided] == ["101001/000001", "101001/000002"]
    items = await store.neighbours(res("101001/000001"), [Step(RelType.HAS_ITEM, Direction.OUT)], visibility(user(CIVIL)))
    assert items == []


async def test_lineage_shows_hidden_nodes_as_redacted_placeholders(store: GraphStore) -> None:
    await with_not_shared(store)
    traversal = Traversal((res("301001/000001"),), (Step(RelType.DERIVED_FROM, Direction.OUT), Step(RelType.PROVIDES, Direction.IN)), 3)
    sub = await store.traverse(traversal, visibility(PUBLIC))
    shown = [(n.node.label.value, n.node.key, n.redacted) for n in sub.nodes]
    assert ("Resource", "301001/000001", False) in shown
    hidden = [s for s in shown if s[2]]
    assert sorted(s[0] for s in hidden) == ["Resource", "Resource"]
    assert all(s[1].startswith("redacted-") for s in hidden)
    assert not any("101001" in str(e.start) + str(e.end) or e.props.get("transform") == "筛选户籍" for e in sub.edges)
    full = await store.traverse(traversal, visibility(EIC))
    assert len(full.nodes) == len(sub.nodes) and len(full.edges) == len(sub.edges)  # the same shape


async def test_a_page_brings_what_neighbours_would_answer_in_the_same_read(store: GraphStore) -> None:
    """`PageQuery.expand` / `count` answer, for each page node, exactly what `neighbours` answers."""
    await with_not_shared(store)
    steps = (Step(RelType.PROVIDES, Direction.IN), Step(RelType.HAS_ITEM, Direction.OUT), Step(RelType.DERIVED_FROM, Direction.BOTH))
    for who in (PUBLIC, user(CIVIL), user(POLICE), EIC):
        seen = visibility(who)
        page = await store.page(PageQuery(Label.RESOURCE, first=5, expand=steps, count=steps[1:]), seen)
        plain = await store.page(PageQuery(Label.RESOURCE, first=5), seen)
        assert (page.nodes, page.total, page.has_next) == (plain.nodes, plain.total, plain.has_next)
        for step in steps:
            expected = await store.neighbours_many(Label.RESOURCE, [n.key for n in page.nodes], (step,), seen)
            assert page.expanded[step] == expected, (who, step)
            if step in page.counted:
                assert page.counted[step] == {key: len(pairs) for key, pairs in expected.items()}
    civil = await store.page(PageQuery(Label.RESOURCE, first=100, count=(steps[1],)), visibility(user(CIVIL)))
    assert civil.counted[steps[1]]["101001/000001"] == 0  # its items are conditional detail the user may not see
    eic = await store.page(PageQuery(Label.RESOURCE, first=100, count=(steps[1],)), visibility(EIC))
    assert eic.counted[steps[1]]["301002/000001"] == 1


async def test_a_page_brings_only_the_properties_asked_for(store: GraphStore) -> None:
    """`PageQuery.props` / `expand_props`: the nodes come with those properties (the ones they have)
    and their key; nothing else about the page changes."""
    await with_not_shared(store)
    provider, items = Step(RelType.PROVIDES, Direction.IN), Step(RelType.HAS_ITEM, Direction.OUT)
    names = ("name", "legal_basis", "share_type")  # not every resource has a legal basis
    for who in (PUBLIC, user(CIVIL), EIC):
        seen = visibility(who)
        whole = await store.page(PageQuery(Label.RESOURCE, first=50, expand=(provider, items), count=(items,)), seen)
        query = PageQuery(Label.RESOURCE, first=50, expand=(provider, items), count=(items,), props=names, expand_props=((provider, ("name",)),))
        cut = await store.page(query, seen)
        assert (cut.total, cut.has_next, cut.counted) == (whole.total, whole.has_next, whole.counted)
        assert [n.key for n in cut.nodes] == [n.key for n in whole.nodes]
        for node, full in zip(cut.nodes, whole.nodes):
            assert node.props == {k: v for k, v in full.props.items() if k in ("code", *names)}, who
            got = [(rel, n.key, n.props) for rel, n in cut.expanded[provider][node.key]]
            assert got == [(rel, n.key, {"code": n.key, "name": n.props["name"]}) for rel, n in whole.expanded[provider][node.key]]
            assert cut.expanded[items][node.key] == whole.expanded[items][node.key]  # not named: whole
    basis = {n.key: "legal_basis" in n.props for n in cut.nodes}  # the EIC's page
    assert basis["301002/000001"] and not basis["101001/000001"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(PageQuery(Label.RESOURCE, props=("name}) RETURN 1 //",)), "is not a property name", id="injection"),
        pytest.param(PageQuery(Label.RESOURCE, expand_props=((Step(RelType.PROVIDES, Direction.IN), ("name",)),)), "does not expand", id="unexpanded"),
    ],
)
async def test_a_projection_is_checked(store: GraphStore, query: PageQuery, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        await store.page(query)


async def test_walks_go_through_visible_nodes_only(store: GraphStore) -> None:
    await with_not_shared(store)
    steps = (Step(RelType.PROVIDES, Direction.OUT), Step(RelType.HAS_ITEM, Direction.OUT))
    answers = set()
    for who in (PUBLIC, user(CIVIL), user(POLICE), user(STREET), EIC):
        seen = visibility(who)
        # What the neighbours answer, one step at a time from every visible department.
        starts = (await store.page(PageQuery(Label.DEPARTMENT, first=100), seen)).nodes
        provided = await store.neighbours_many(Label.DEPARTMENT, [d.key for d in starts], steps[:1], seen)
        resources = sorted({r.key for pairs in provided.values() for _, r in pairs})
        items = await store.neighbours_many(Label.RESOURCE, resources, steps[1:], seen)
        expected = {(d, r.key, i.key) for d, pairs in provided.items() for _, r in pairs for _, i in items[r.key]}
        found = await walked(store, Label.DEPARTMENT, steps, visibility=seen)
        assert found == expected
        assert await walked(store, Label.DEPARTMENT, steps, keep=(2,), visibility=seen) == {(i,) for _, _, i in expected}
        answers.add(frozenset(found))
    assert len(answers) >= 4  # the principals see different walks
    assert (POLICE, "301002/000001", "301002/000001#案件编号") in await walked(store, Label.DEPARTMENT, steps, visibility=visibility(EIC))


async def test_a_filtered_page_follows_every_write(store: GraphStore) -> None:
    """Filtered pages may be answered from what an earlier read found (embedded), never from before a write."""
    await with_not_shared(store)
    query = PageQuery(Label.RESOURCE, text="人口", first=2)
    before = await store.page(query, visibility(user(CIVIL)))
    assert (await store.page(query, visibility(user(CIVIL)))).total == before.total
    changes = Changes()
    changes.upsert_node(Label.RESOURCE, {"code": "101001/000000", "name": "人口新增", "share_type": "UNCONDITIONAL"})
    changes.upsert_relationship(RelType.PROVIDES, dept(CIVIL), res("101001/000000"))
    await store.apply(changes)
    after = await store.page(query, visibility(user(CIVIL)))
    assert after.total == before.total + 1 and after.nodes[0].key == "101001/000000"
    second = await store.page(PageQuery(Label.RESOURCE, text="人口", first=2, after=after.nodes[-1].key), visibility(user(CIVIL)))
    assert second.nodes[0].key == before.nodes[1].key
    removal = Changes()
    removal.delete_node(res("101001/000000"))
    await store.apply(removal)
    assert (await store.page(query, visibility(user(CIVIL)))).nodes == before.nodes


async def test_art20_a_provider_sees_who_asks_it(store: GraphStore) -> None:
    """A provider decides a request knowing the consumer and its department (Art.20), and answers an
    error report or a data demand knowing who raised it (Art.20, Art.25); nobody else sees them."""
    await lineage_district(store)
    changes = Changes()
    use, report, demand = NodeRef(Label.USE, "USE-9"), NodeRef(Label.ERROR_REPORT, "ER-9"), NodeRef(Label.DATA_DEMAND, "DD-9")
    changes.upsert_node(Label.USE, {"id": "USE-9", "purpose": "网格管理", "status": "NEGOTIATING", "requested_at": "2025-03-03", "reply_due": "2025-03-17"})
    changes.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, "SJS-BYS-APP"), use)
    changes.upsert_relationship(RelType.OF, use, res("101001/000001"))
    changes.upsert_node(Label.ERROR_REPORT, {"id": "ER-9", "description": "地址有误", "status": "REPORTED", "reported_at": "2025-03-03"})
    changes.upsert_relationship(RelType.REPORTED_BY, report, NodeRef(Label.CONSUMER, "SJS-MZJ-APP"))
    changes.upsert_relationship(RelType.ADDRESSED_TO, report, dept(STATS))
    changes.upsert_node(Label.DATA_DEMAND, {"id": "DD-9", "description": "共享单车停放数据", "status": "PROVIDER_ASSIGNED", "requested_at": "2025-03-03"})
    changes.upsert_relationship(RelType.RAISED_BY, demand, NodeRef(Label.CONSUMER, "SJS-MZJ-APP"))
    changes.upsert_relationship(RelType.ASSIGNED_TO, demand, dept(EIC_CODE))
    await store.apply(changes)

    asked = await store.neighbours(use, [Step(RelType.REQUESTS, Direction.IN)], visibility(user(POLICE)))
    assert [n.key for _, n in asked] == ["SJS-BYS-APP"]
    department = await store.neighbours(NodeRef(Label.CONSUMER, "SJS-BYS-APP"), [Step(RelType.ACTS_FOR, Direction.OUT)], visibility(user(POLICE)))
    assert [n.key for _, n in department] == [STREET]
    # The police sees the consumers asking it for something (USE-1 of its 101001/000002 too), no others.
    assert (await keys(store, Label.CONSUMER, user(POLICE)))[0] == ["SJS-BYS-APP", "SJS-MZJ-APP"]
    assert (await keys(store, Label.CONSUMER, user(STATS)))[0] == ["SJS-MZJ-APP"]  # it reported an error to statistics
    assert (await keys(store, Label.CONSUMER, user(EIC_CODE)))[0] == ["SJS-MZJ-APP"]  # it raised the demand named to the department
    assert (await keys(store, Label.CONSUMER, user(CIVIL)))[0] == ["SJS-BYS-APP", "SJS-MZJ-APP"]  # its own, and the street's use of its 302001/000001
    assert (await keys(store, Label.CONSUMER, user(STREET)))[0] == ["SJS-BYS-APP"]
