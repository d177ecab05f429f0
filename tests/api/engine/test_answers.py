"""Pages answered straight from the store's rows (`api.engine.answers`) answer exactly what the general path does."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import parse
from strawberry.types import ExecutionResult

from api.engine.answers import NO, Expression, PageAnswer, Recipe, compile_page
from api.schema.context import Context
from api.engine.executor import Answered, InPlaceExecutor
from api.schema.build import build_schema
from graph.access import PUBLIC, Principal, Role
from graph.labels import Direction, Label, RelType
from graph.records import PageRows, Step
from graph.store import GraphStore
from lineage.lineage import LineageGraph
from loaders.sample_district import load_sample
from tests.builders import lineage_district

EIC = Principal("SJS-EIC", frozenset({Role.EIC}), "eic@test")

# Selections answered straight from the rows: every kind of field the recipe knows, through aliases and fragments.
PLAIN = {
    "catalog-page": """{ resources(first: 50) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id code name shareType openType updateCycle itemCount provider { code name } catalogs { code name kind } } } } }""",
    "aliases-typenames-fragments": """{ r: resources(first: 7) { __typename n: totalCount pageInfo { __typename end: endCursor }
        edges { __typename ...E } } }
        fragment E on ResourceEdge { c: cursor node { ... on Resource { k: code __typename p: provider { __typename id } } i: itemCount } }""",
    "second-page": """query($after: String) { resources(first: 3, after: $after) { pageInfo { hasPreviousPage startCursor hasNextPage }
        edges { node { code summary formatType aggregated contains: containsPersonalInfo } } } }""",
    "filtered": """{ resources(first: 20, filter: { text: "人口" }) { totalCount edges { node { code name level status } } } }""",
    "departments": "{ departments(first: 20) { edges { node { code name shortName kind level securityExempt parent { code } } } } }",
    "systems": """{ systems(first: 20) { totalCount edges { node { code name hosting network protectionLevel classified
        operator { code name } hostedOn { code kind url } resources { code } } } } }""",
    "catalogs": "{ catalogs(first: 20) { edges { node { code name kind theme maintainer { name } resourceCount } } } }",
    "consumers": "{ consumers(first: 20) { edges { node { code name kind actsFor { code } } } } }",
    "empty-page": '{ resources(first: 5, filter: { text: "没有这样的资源" }) { totalCount pageInfo { startCursor endCursor } edges { cursor } } }',
    "no-edges": "{ systems(first: 2) { totalCount pageInfo { hasNextPage } } }",
}

# Selections the recipe does not take: the general path answers them.
NOT_PLAIN = {
    "a-date": "{ resources(first: 5) { edges { node { code publishedAt } } } }",
    "an-audited-link": "{ resources(first: 5) { edges { node { code items { name } } } } }",
    "a-resolver": "{ resources(first: 5) { edges { node { code version } } } }",
    "a-directive": "{ resources(first: 5) { edges { node { code name @include(if: true) } } } }",
    "a-link-of-a-link": "{ resources(first: 5) { edges { node { provider { code catalogs { code } } } } } }",
    "a-list-of-enums": "{ departments(first: 5) { edges { node { code roles } } } }",
    "a-name-twice": "{ resources(first: 5) { edges { node { code } node { name } } } }",
}


async def _both(store: GraphStore, query: str, principal: Principal, variables: dict[str, Any] | None = None) -> tuple[ExecutionResult, ExecutionResult]:
    answered, general = build_schema(), build_schema(fast_path=False)  # the general path: strawberry's own executor
    return (
        await answered.execute(query, variable_values=variables, context_value=Context.for_request(store, principal=principal)),
        await general.execute(query, variable_values=variables, context_value=Context.for_request(store, principal=principal)),
    )


@pytest.fixture
async def sample(store: GraphStore) -> GraphStore:
    await load_sample(store)
    return store


def _built(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each page answer was built (True) or left to the general path (False)."""
    built: list[bool] = []
    build = PageAnswer.build

    def recording(self: PageAnswer, *args: Any) -> Any:
        answer = build(self, *args)
        built.append(answer is not None)
        return answer

    monkeypatch.setattr(PageAnswer, "build", recording)
    return built


async def test_plain_pages_are_built_from_rows_and_answer_as_the_general_path(sample: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(monkeypatch)
    second = (await _both(sample, "{ resources(first: 3) { pageInfo { endCursor } } }", EIC))[0].data
    assert second is not None
    for principal in (EIC, PUBLIC):
        for name, query in PLAIN.items():
            variables = {"after": second["resources"]["pageInfo"]["endCursor"]}
            built.clear()
            answered, general = await _both(sample, query, principal, variables)
            assert answered.errors is None and general.errors is None, (name, answered.errors, general.errors)
            assert repr(answered.data) == repr(general.data), name  # the same values in the same order
            assert built == [True], (name, built)
    answered, _ = await _both(sample, PLAIN["catalog-page"], EIC)
    assert answered.data and len(answered.data["resources"]["edges"]) > 10


async def test_other_selections_take_the_general_path(sample: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(monkeypatch)
    for name, query in NOT_PLAIN.items():
        answered, general = await _both(sample, query, EIC)
        assert repr(answered.data) == repr(general.data), name
        assert [e.formatted for e in answered.errors or []] == [e.formatted for e in general.errors or []], name
    assert built == []  # none compiled


async def test_rows_the_recipe_would_not_answer_as_they_are_are_read_again_as_records(
    sample: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value the scalar would coerce, a null where none may be, an unknown enum name, a node of
    another type: the recipe gives up and the general path answers (and reports) what it would."""
    query = "{ resources(first: 4) { edges { node { code name shareType provider { name } } } } }"
    expected, general = await _both(sample, query, EIC)
    assert expected.errors is None and expected.data == general.data
    reads = sample.page_rows
    provider = Step(RelType.PROVIDES, Direction.IN)
    spoilers = [
        lambda rows: rows.nodes[1].__setitem__("name", 42),  # an Int where a String is: String coerces it
        lambda rows: rows.nodes[2].__setitem__("name", None),  # a null where none may be
        lambda rows: rows.nodes[0].__setitem__("share_type", "SOMETIMES"),  # not a ShareType name
        lambda rows: rows.links[provider][3].__setitem__(0, (Label.SYSTEM, {"code": "X", "name": "x"})),  # a system as a provider
    ]
    built = _built(monkeypatch)
    for spoil in spoilers:

        async def spoiled(*args: Any, spoil: Any = spoil) -> PageRows:
            rows = await reads(*args)
            spoil(rows)
            return rows

        monkeypatch.setattr(sample, "page_rows", spoiled)
        built.clear()
        answered, _ = await _both(sample, query, EIC)
        assert built == [False]
        assert answered.errors is None and repr(answered.data) == repr(expected.data)


def test_what_compiles() -> None:
    schema = build_schema()._schema
    resources = schema.query_type.fields["resources"] if schema.query_type else None
    assert resources is not None

    def recipe(query: str) -> PageAnswer | None:
        document = parse(query)
        field = document.definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
        fragments = {d.name.value: d for d in document.definitions[1:]}  # type: ignore[attr-defined]
        info = type("Info", (), {"field_nodes": [field], "return_type": resources.type, "fragments": fragments, "schema": schema})()
        return compile_page(info)  # type: ignore[arg-type]

    assert all(recipe(query) is not None for query in (PLAIN["catalog-page"], PLAIN["aliases-typenames-fragments"]))
    for name in ("a-date", "an-audited-link", "a-resolver", "a-directive", "a-link-of-a-link", "a-name-twice"):
        assert recipe(NOT_PLAIN[name]) is None, name


# The executor takes a built answer as it is, unless field middleware must see every field.


@strawberry.type
class Box:
    size: int


@strawberry.type
class BoxQuery:
    @strawberry.field
    async def box(self) -> Box:
        async def general() -> Box:
            return Box(size=2)

        return Answered({"size": 1}, general)  # type: ignore[return-value]


class Watch(strawberry.extensions.SchemaExtension):
    seen: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        Watch.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


async def test_a_built_answer_is_taken_unless_middleware_must_see_every_field() -> None:
    plain = strawberry.Schema(query=BoxQuery, execution_context_class=InPlaceExecutor)
    assert (await plain.execute("{ box { size } }")).data == {"box": {"size": 1}}
    Watch.seen = []
    watched = strawberry.Schema(query=BoxQuery, execution_context_class=InPlaceExecutor, extensions=[Watch])
    assert (await watched.execute("{ box { size } }")).data == {"box": {"size": 2}}
    assert Watch.seen == ["box", "size"]


# Lineage answers built straight from the lineage graph (`api.engine.lineage_answers`, `api.engine.answers.Recipe`).

LINEAGE_PLAIN = {
    "every-leaf": """{ lineage(code: "301001/000001", depth: 3) { __typename truncated depthReached
        nodes { __typename id kind code name depth redacted hasMoreUpstream hasMoreDownstream moreUpstream moreDownstream } edges { __typename source target kind relationship transform system desensitisation } } }""",
    "both-ways": """{ lineage(code: "301001/000002", direction: BOTH, depth: 4) { nodes { code depth } edges { kind transform } } }""",
    "items": """{ lineage(code: "301001/000001", direction: UPSTREAM, depth: 3, level: ITEM) {
        nodes { kind code name redacted } edges { source target kind relationship } } }""",
    "aliases-fragments": """{ l: lineage(code: "301001/000002", depth: 2) { ...L n: nodes { c: code ... on LineageNode { d: depth } } } }
        fragment L on Lineage { t: truncated e: edges { s: source d: desensitisation } }""",
    "a-variable": """query($code: String!, $depth: Int!) { lineage(code: $code, depth: $depth) { nodes { id code } edges { source target } } }""",
}
LINEAGE_NOT_PLAIN = {
    "the-full-object": """{ lineage(code: "301001/000003", depth: 2) { nodes { code node { __typename ... on Resource { shareType } } } } }""",
    "a-directive": """{ lineage(code: "301001/000003", depth: 2) { nodes { code @include(if: true) } } }""",
    "a-name-twice": """{ lineage(code: "301001/000003", depth: 2) { nodes { code } nodes { name } } }""",
}


def _filled(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each lineage answer was built (True) or left to the general path (False)."""
    filled: list[bool] = []
    fill = Recipe.fill

    def recording(self: Recipe, item: Any, env: Any) -> Any:
        answer = fill(self, item, env)
        if isinstance(item, LineageGraph):
            filled.append(answer is not None)
        return answer

    monkeypatch.setattr(Recipe, "fill", recording)
    return filled


async def test_plain_lineage_answers_are_built_from_the_graph_and_answer_as_the_general_path(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await lineage_district(store)
    filled = _filled(monkeypatch)
    for principal in (EIC, PUBLIC):  # the public sees redacted placeholders
        for name, query in LINEAGE_PLAIN.items():
            filled.clear()
            answered, general = await _both(store, query, principal, {"code": "301001/000001", "depth": 2})
            assert answered.errors is None and general.errors is None, (name, answered.errors, general.errors)
            assert repr(answered.data) == repr(general.data), name  # the same values in the same order
            assert filled == [True], (name, filled)
    answered, _ = await _both(store, LINEAGE_PLAIN["every-leaf"], PUBLIC)
    nodes = answered.data["lineage"]["nodes"] if answered.data else []
    assert any(n["redacted"] for n in nodes) and any(not n["redacted"] for n in nodes)
    assert any(n["hasMoreDownstream"] and n["moreDownstream"] > 0 for n in nodes)  # the marks are answered, not only false
    answered, _ = await _both(store, LINEAGE_PLAIN["items"], EIC)
    assert answered.data and None in {e["kind"] for e in answered.data["lineage"]["edges"]}  # an item's link to its resource


async def test_other_lineage_selections_and_values_take_the_general_path(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    await lineage_district(store)
    filled = _filled(monkeypatch)
    for name, query in LINEAGE_NOT_PLAIN.items():
        answered, general = await _both(store, query, EIC)
        assert repr(answered.data) == repr(general.data), name
        assert [e.formatted for e in answered.errors or []] == [e.formatted for e in general.errors or []], name
    assert filled == []  # none compiled
    # A transform that reads as a number (the store validates what it is given, so the read is spoiled):
    # String answers it as text, so the general path must.
    traverse = store.traverse

    async def spoiled(*args: Any) -> Any:
        sub = await traverse(*args)
        next(e for e in sub.edges if e.type is RelType.DERIVED_FROM).props["transform"] = 42
        return sub

    monkeypatch.setattr(store, "traverse", spoiled)
    filled.clear()
    answered, general = await _both(store, LINEAGE_PLAIN["every-leaf"], EIC)
    assert filled == [False]  # the recipe gave up
    assert answered.errors is None and repr(answered.data) == repr(general.data)
    assert answered.data and "42" in {e["transform"] for e in answered.data["lineage"]["edges"]}


def test_a_recipe_of_leaves_builds_its_rows_with_expressions_written_in_getters_called_and_constants() -> None:
    double = Expression("each * 2")
    offset = Expression("each + env + step", step=10)
    recipe = Recipe([("double", double, None), ('odd "name"', lambda each, env: -each, None), ("__typename", None, "Row"),
                     ("offset", offset, None)])
    assert (double(3, None), offset(3, 1)) == (6, 14)  # called, an expression answers as any getter
    assert recipe.rows([1, 2], 100) == [
        {"double": 2, 'odd "name"': -1, "__typename": "Row", "offset": 111},
        {"double": 4, 'odd "name"': -2, "__typename": "Row", "offset": 112},
    ]
    assert recipe.fill(5, 0) == {"double": 10, 'odd "name"': -5, "__typename": "Row", "offset": 15}
    # Any field of any row that the recipe does not answer sends the whole list to the general path.
    refusing = Recipe([("a", double, None), ("b", Expression("NO if each == 2 else each", NO=NO), None)])
    assert refusing.rows([1, 3], None) == [{"a": 2, "b": 1}, {"a": 6, "b": 3}]
    assert refusing.rows([1, 2, 3], None) is None
    assert Recipe([("a", lambda each, env: NO if each else 0, None)]).rows([0, 1], None) is None
    # Names bound by the expressions: one value each, and none the rows function uses itself.
    with pytest.raises(ValueError, match="'step'"):
        Recipe([("a", offset, None), ("b", Expression("step", step=11), None)])
    for own in ("each", "rows", "k0", "g1", "NO_"):
        with pytest.raises(ValueError, match=repr(own)):
            Recipe([("a", Expression("1", **{own: 1}), None)])
