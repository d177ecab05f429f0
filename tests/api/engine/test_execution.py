"""The executor answers fields in place where it can (plain leaves, plain methods, links and counts at
hand): its answers and errors are exactly graphql-core's."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult

from api.engine.executor import InPlaceExecutor, answer_fast, in_place_fields
from api.engine.internals import accepted_classes
from api.engine.sources import NOTHING_PREFETCHED, Counted, Linked, Prefetched, Stored, StoredFieldReader, declared
from api.schema.build import build_schema
from api.schema.context import Context
from api.schema.nodes import Node as ApiNode
from api.schema.nodes import Resource
from graph.access import Principal, Role
from graph.embedded import EmbeddedStore
from graph.labels import Direction, Label, RelType
from graph.records import Node as StoredNode
from graph.records import NodeRef, Pair, Relationship, Step
from loaders.sample_district import load_sample

GENERAL = StrawberryGraphQLCoreExecutionContext  # strawberry's own executor: every field the general way


def _errors(result: ExecutionResult) -> list[dict[str, Any]]:
    return [e.formatted for e in result.errors or []]


# A small schema whose plain fields meet every case: nulls, refusals, enums, custom scalars, aliases,
# arguments, and fields with resolvers (sync and async) between them.


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Thing:
    name: str
    nickname: str | None
    count: int
    colour: Colour
    since: date
    maybe: str  # declared non-null; some things hold None

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    async def later(self) -> str:
        return f"later {self.name}"

    @strawberry.field
    def greeting(self, to: str = "you") -> str:
        return f"{self.name} greets {to}"

    # Plain methods (not async, taking `self` alone), which the executor calls itself: a leaf, a list of
    # leaves (one holding a null where none may be for thing b), an object.
    @strawberry.field
    def loud(self) -> str:
        return self.name.upper() + "!"

    @strawberry.field
    def letters(self) -> list[str]:
        return [*self.name, *([None] if self.name == "b" else [])]  # type: ignore[list-item]

    @strawberry.field
    def first_pal(self) -> Thing | None:
        return self.gang[0] if self.gang else None

    # Lists of leaves: coerced item by item, or given up to the general path (a null where none may be, a refusal).
    tags: list[str] = strawberry.field(default_factory=lambda: ["x", "y"])
    scores: list[int] | None = None
    colours: list[Colour] = strawberry.field(default_factory=list)
    gaps: list[str | None] = strawberry.field(default_factory=lambda: ["a", None])

    # Plain object fields: a list of things answers them row by row, nested.
    pal: Thing | None = None
    gang: list[Thing] | None = None
    chief: Thing = None  # type: ignore[assignment]  # declared non-null; only thing a has one


def _things() -> list[Thing]:
    b = Thing(name="b", nickname="bee", count=2, colour=Colour.BLUE, since=date(2018, 1, 2), maybe="y")
    d = Thing(name="d", nickname="dee", count=4, colour=Colour.BLUE, since=date(2020, 2, 3), maybe="z", pal=b, gang=[b])
    return [
        Thing(name="a", nickname=None, count=1, colour=Colour.RED, since=date(2017, 3, 1), maybe="x", pal=d, gang=[b, d], chief=d),
        b,
        Thing(name="e", nickname=None, count=5, colour=Colour.RED, since=date(2021, 4, 5), maybe="w", pal=None, gang=[]),
    ]


def _broken() -> list[Thing]:
    """A non-null field holding None, an Int holding text, a bad enum value; lists of leaves with a null
    where none may be, values their scalar coerces (an int as a String, a bool as an Int) or refuses."""
    return [
        Thing(name="ok", nickname=None, count=1, colour=Colour.RED, since=date(2017, 3, 1), maybe=None,  # type: ignore[arg-type]
              tags=["a", None], scores=[1, True, 2**31], colours=[Colour.RED, "green"]),  # type: ignore[list-item]
        Thing(name="text", nickname=None, count="many", colour=Colour.RED, since=date(2017, 3, 1), maybe="x",  # type: ignore[arg-type]
              tags=[5, "b"], scores=[3, 4], colours=[Colour.BLUE]),  # type: ignore[list-item]
        Thing(name="enum", nickname=None, count=3, colour="green", since=date(2017, 3, 1), maybe="x",  # type: ignore[arg-type]
              scores=[1, True], gaps=[None, "z"]),
    ]


@strawberry.type
class SmallQuery:
    @strawberry.field
    def things(self) -> list[Thing]:
        return _things()

    @strawberry.field
    def broken(self) -> list[Thing | None]:
        return list(_broken())

    @strawberry.field
    def strict(self) -> list[Thing]:
        return list(_broken()[:1])

    @strawberry.field
    def mixed(self) -> list[Thing]:
        """A list holding something that is not a Thing: the type refuses it."""
        return [*_things(), "not a thing"]  # type: ignore[list-item]


class Seen(SchemaExtension):
    """A field middleware: it must see every field, plain ones included."""

    fields: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        Seen.fields.append(info.field_name)
        return _next(root, info, *args, **kwargs)


def _small(executor: type[StrawberryGraphQLCoreExecutionContext], *extensions: Any) -> strawberry.Schema:
    return strawberry.Schema(query=SmallQuery, execution_context_class=executor, extensions=list(extensions))


SMALL_QUERIES = [
    pytest.param("{ things { name nickname count colour since maybe } }", id="every-leaf-kind"),
    pytest.param("{ things { shout n: name later c: count greeting(to: \"me\") colour name } }", id="order-aliases-resolvers"),
    pytest.param("{ things { ... on Thing { name } ...F __typename } } fragment F on Thing { count name }", id="fragments-typename"),
    pytest.param("{ things { name @include(if: false) count @skip(if: false) } }", id="directives"),
    pytest.param("{ broken { name count colour maybe } }", id="nulls-and-refusals"),
    pytest.param("{ strict { name maybe } }", id="non-null-propagates"),
    pytest.param("{ mixed { name count } }", id="list-item-of-another-type"),
    pytest.param("{ things { __typename a: name b: name count } }", id="leaf-rows-aliases-typename"),
    pytest.param("{ things { name pal { name count colour } gang { since name __typename } } }", id="rows-nested-objects"),
    pytest.param("{ things { gang { name pal { n: name gang { name pal { name } } } } } }", id="rows-nested-deep"),
    pytest.param("{ things { name pal { name ... on Thing { count } } gang { ...G } } } fragment G on Thing { colour }", id="rows-fragments"),
    pytest.param("{ things { name pal { shout name } } }", id="rows-nested-resolver"),
    pytest.param("{ things { name pal { name @skip(if: true) count } } }", id="rows-nested-directive"),
    pytest.param("{ things { name chief { name } } }", id="rows-null-where-none-may-be"),
    pytest.param("{ broken { name pal { name } } }", id="rows-item-refused"),
    pytest.param("{ things { tags scores colours gaps } }", id="lists-of-leaves"),
    pytest.param("{ broken { tags } }", id="lists-of-leaves-null-where-none-may-be"),
    pytest.param("{ broken { scores } }", id="lists-of-leaves-coerced-or-refused"),
    pytest.param("{ broken { colours gaps } }", id="lists-of-enums-refused"),
    pytest.param("{ things { pal { tags } gang { gaps colours } } }", id="lists-of-leaves-in-rows"),
    pytest.param("{ things { loud firstPal { loud name } pal { loud } } }", id="plain-methods"),
    pytest.param("{ things { name letters pal { letters } } }", id="plain-method-list-of-leaves-null-where-none-may-be"),
]


@pytest.mark.parametrize("query", SMALL_QUERIES)
async def test_small_schema_answers_and_errors_are_graphql_cores(query: str) -> None:
    plain = await _small(InPlaceExecutor).execute(query)
    general = await _small(GENERAL).execute(query)
    assert repr(plain.data) == repr(general.data)  # the same values in the same field order
    assert _errors(plain) == _errors(general)


async def test_errors_of_plain_fields_name_the_field_and_its_path() -> None:
    result = await _small(InPlaceExecutor).execute("{ broken { count maybe } }")
    by_path = {tuple(e["path"]): e["message"] for e in _errors(result)}
    assert "Cannot return null for non-nullable field Thing.maybe." == by_path[("broken", 0, "maybe")]
    assert "Int cannot represent non-integer value: 'many'" == by_path[("broken", 1, "count")]
    assert result.data == {"broken": [None, None, {"count": 3, "maybe": "x"}]}


async def test_field_middleware_sees_plain_fields_too() -> None:
    Seen.fields = []
    result = await _small(InPlaceExecutor, Seen).execute("{ things { name count } }")
    assert result.errors is None
    assert Seen.fields.count("name") == 3 and Seen.fields.count("count") == 3


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fields a `ResolveInfo` is built for (the ones completed the general way)."""
    names: list[str] = []
    build = GENERAL.build_resolve_info

    def counting(self: Any, field_def: Any, field_nodes: Any, parent_type: Any, path: Any) -> Any:
        names.append(field_nodes[0].name.value)
        return build(self, field_def, field_nodes, parent_type, path)

    monkeypatch.setattr(GENERAL, "build_resolve_info", counting)
    return names


async def test_plain_fields_skip_the_resolve_info(built: list[str]) -> None:
    await _small(GENERAL).execute("{ things { name count shout later } }")
    assert sorted(built) == ["count"] * 3 + ["later"] * 3 + ["name"] * 3 + ["shout"] * 3 + ["things"]
    built.clear()
    await _small(InPlaceExecutor).execute("{ things { name count shout later } }")
    assert sorted(built) == ["later"] * 3 + ["things"]  # an async resolver is called the general way


async def test_a_list_with_nested_objects_is_answered_row_by_row(built: list[str]) -> None:
    result = await _small(InPlaceExecutor).execute("{ things { name pal { name gang { count } } gang { name colour } } }")
    assert result.errors is None
    assert built == ["things"]  # nothing under it completed field by field


async def test_plain_methods_and_lists_of_leaves_are_answered_row_by_row(built: list[str]) -> None:
    result = await _small(InPlaceExecutor).execute("{ things { loud tags firstPal { loud gaps } gang { loud colours } } }")
    assert result.errors is None and result.data is not None
    assert result.data["things"][0] == {
        "loud": "A!", "tags": ["x", "y"], "firstPal": {"loud": "B!", "gaps": ["a", None]},
        "gang": [{"loud": "B!", "colours": []}, {"loud": "D!", "colours": []}],
    }
    assert built == ["things"]  # nothing under it completed field by field


def test_in_place_fields_are_those_without_resolver_or_with_a_plain_method() -> None:
    schema = _small(InPlaceExecutor)
    found = in_place_fields(schema._schema)
    assert set(found["Thing"]) == {
        "name", "nickname", "count", "colour", "since", "maybe", "shout", "pal", "gang", "chief",
        "tags", "scores", "colours", "gaps", "loud", "letters", "firstPal",
    }  # not `later` (async) nor `greeting` (an argument)
    assert set(found["SmallQuery"]) == {"things", "broken", "strict", "mixed"}


@strawberry.type
class Odd:
    @strawberry.field
    def needs_info(self, info: strawberry.Info) -> str:
        return str(info.field_name)

    @strawberry.field
    @staticmethod
    def without_self() -> str:
        return "static"


@strawberry.type
class OddQuery:
    odd: Odd


def test_a_resolver_that_is_not_a_plain_method_is_not_answered_in_place() -> None:
    assert "Odd" not in in_place_fields(strawberry.Schema(query=OddQuery)._schema)


# Node objects whose links and counts declare their source (`api.engine.sources`): answered from what
# their page read brought (`prefetched`) without their resolver, else by the resolver, which reads them
# as the request's DataLoaders would (here from `LINKS`) and counts its calls.

KIN, TWIN, SIZE = Step(RelType.HOLDS, Direction.OUT), Step(RelType.DERIVED_FROM, Direction.OUT), Step(RelType.HAS_ITEM, Direction.OUT)
CALLS: list[str] = []
WATCHED: list[str] = []
BOXES = {key: StoredNode(Label.RESOURCE, key, {"name": key.upper(), "maybe": None if key == "c" else key}) for key in "abcde"}
LINKS = {"a": {KIN: "bd", TWIN: "c", SIZE: "bde"}, "b": {KIN: "d", TWIN: "e", SIZE: "d"}, "c": {}, "d": {KIN: "b"}, "e": {TWIN: "a"}}


def _pairs(key: str, step: Step) -> list[Pair]:
    return [
        (Relationship(step.rel, NodeRef(Label.RESOURCE, key), NodeRef(Label.RESOURCE, other)), BOXES[other])
        for other in LINKS[key].get(step, "")
    ]


def _box(stored: StoredNode) -> Box:
    return Box(stored=stored)


def _read(box: Box, source: Linked | Counted, what: str) -> list[StoredNode]:
    CALLS.append(f"{what} of {box.stored.key}")
    return [other for _, other in _pairs(box.stored.key, source.step)]


def _watch(box: Any, context: Any, nodes: list[StoredNode]) -> None:
    WATCHED.append(box.stored.key)


KIN_OF = Linked(KIN)
TWIN_OF = Linked(TWIN, one=True)
WATCHED_KIN_OF = Linked(KIN, on_read=_watch)  # an effect (as auditing has): once per object, whatever path answers
SIZE_OF = Counted(SIZE)


@strawberry.type
class Box:
    stored: strawberry.Private[StoredNode]
    prefetched: strawberry.Private[Prefetched] = NOTHING_PREFETCHED
    name: str = strawberry.field(default=None, metadata=declared(Stored("name")))
    maybe: str = strawberry.field(default=None, metadata=declared(Stored("maybe")))  # declared non-null; box c holds none

    @strawberry.field(metadata=declared(KIN_OF))
    def kin(self) -> list[Box]:
        return KIN_OF.answer(self, None, _read(self, KIN_OF, "kin"), _box)  # type: ignore[no-any-return]

    @strawberry.field(metadata=declared(TWIN_OF))
    def twin(self) -> Box | None:
        return TWIN_OF.answer(self, None, _read(self, TWIN_OF, "twin"), _box)  # type: ignore[no-any-return]

    @strawberry.field(metadata=declared(WATCHED_KIN_OF))
    def watched(self) -> list[Box]:
        return WATCHED_KIN_OF.answer(self, None, _read(self, WATCHED_KIN_OF, "watched"), _box)  # type: ignore[no-any-return]

    @strawberry.field(metadata=declared(SIZE_OF))
    def size(self) -> int:
        return len(_read(self, SIZE_OF, "size"))


def _boxes() -> list[Box]:
    """Boxes a and e as a page read brings them, with their links and counts; box b without."""
    def read(key: str) -> Box:
        steps = LINKS[key]
        return Box(stored=BOXES[key], prefetched=Prefetched({step: _pairs(key, step) for step in (KIN, TWIN)}, {SIZE: len(steps.get(SIZE, ""))}))

    return [read("a"), Box(stored=BOXES["b"]), read("e")]


@strawberry.type
class BoxQuery:
    @strawberry.field
    def boxes(self) -> list[Box]:
        return _boxes()


def _boxed(executor: type[StrawberryGraphQLCoreExecutionContext], told: bool = True) -> strawberry.Schema:
    schema = strawberry.Schema(query=BoxQuery, execution_context_class=executor, config=StrawberryConfig(default_resolver=StoredFieldReader()))
    if told:
        answer_fast(schema, node_types={Label.RESOURCE: Box})
    return schema


@pytest.mark.parametrize("query", [
    pytest.param("{ boxes { name size kin { name } twin { name size } } }", id="links-and-counts"),
    pytest.param("{ boxes { name twin { name maybe } } }", id="a-link-at-hand-with-an-error"),
    pytest.param("{ boxes { name kin { name twin { name } } twin { maybe } } }", id="rows-given-up-for-an-error"),
    pytest.param("{ boxes { watched { name } kin { watched { name } } twin { maybe } } }", id="rows-with-effects"),
])
async def test_links_and_counts_answer_as_their_resolvers_do(query: str) -> None:
    plain = await _boxed(InPlaceExecutor).execute(query)
    general = await _boxed(GENERAL).execute(query)
    assert repr(plain.data) == repr(general.data)
    assert _errors(plain) == _errors(general)


async def test_links_and_counts_skip_their_resolver_only_when_the_value_is_at_hand() -> None:
    CALLS.clear()
    result = await _boxed(InPlaceExecutor).execute("{ boxes { size kin { name } twin { name } } }")
    assert result.errors is None and result.data is not None
    assert result.data["boxes"][0] == {"size": 3, "kin": [{"name": "B"}, {"name": "D"}], "twin": {"name": "C"}}
    assert sorted(CALLS) == ["kin of b", "size of b", "twin of b"]  # box b's, not a's or e's
    CALLS.clear()
    await _boxed(GENERAL).execute("{ boxes { size kin { name } twin { name } } }")
    assert len(CALLS) == 9  # strawberry's executor calls every resolver
    CALLS.clear()
    await _boxed(InPlaceExecutor, told=False).execute("{ boxes { kin { name } } }")
    assert len(CALLS) == 3  # links are answered in place only once the schema says which type a stored node is


async def test_a_link_with_effects_runs_once_per_object_even_when_a_row_is_given_up() -> None:
    WATCHED.clear()
    result = await _boxed(InPlaceExecutor).execute("{ boxes { watched { name } kin { name } twin { maybe } } }")
    assert result.errors  # box a's twin c holds None where its `maybe` may not: the rows are given up
    assert sorted(WATCHED) == ["a", "b", "e"]


# Stored properties answered as stored (`Stored`, nothing to convert): read straight from the props when the scalar passes
# the value unchanged, otherwise the general path coerces it, or refuses it, exactly as before.


@dataclass(frozen=True)
class Props:
    props: dict[str, Any]


def _stored(name: str, graphql_type: Any, enum: Any = None) -> Any:
    return strawberry.field(graphql_type=graphql_type, default=None, metadata=declared(Stored(name, enum)))


@strawberry.type
class Record:
    stored: strawberry.Private[Props]
    title: str = _stored("title", str)
    label: str | None = _stored("label", str | None)
    size: int = _stored("size", int)
    flag: bool = _stored("flag", bool)
    handle: strawberry.ID = _stored("handle", strawberry.ID)
    colour: Colour = _stored("colour", Colour, enum=Colour)  # an enum: not read as stored


def _records() -> list[Record]:
    good = {"title": "t", "label": "l", "size": 3, "flag": True, "handle": "h1", "colour": "RED"}
    odd = [  # each a value its scalar coerces, or refuses
        {"title": 5, "label": None, "size": True, "flag": 1, "handle": 42},
        {"title": "t", "size": 2**31, "flag": False, "handle": "h"},
        {"title": "t", "size": "3", "flag": "yes", "handle": "h"},
        {"title": None, "size": 1.0, "flag": True, "handle": "h"},
        {"title": "t", "size": -(2**31), "flag": True, "handle": "h", "label": 7},
    ]
    return [Record(stored=Props(good)), *(Record(stored=Props({**good, "colour": "BLUE", **o})) for o in odd)]


@strawberry.type
class RecordQuery:
    @strawberry.field
    def records(self) -> list[Record | None]:
        return _records()

    @strawberry.field
    def one(self) -> Record:
        return _records()[2]


def _stored_schema(executor: type[StrawberryGraphQLCoreExecutionContext]) -> strawberry.Schema:
    return strawberry.Schema(query=RecordQuery, execution_context_class=executor, config=StrawberryConfig(default_resolver=StoredFieldReader()))


@pytest.mark.parametrize("query", [
    "{ records { title label size flag handle colour } }",
    "{ records { __typename t: title size } }",
    "{ one { title size flag } }",
])
async def test_stored_leaves_are_answered_as_the_scalar_would(query: str) -> None:
    plain = await _stored_schema(InPlaceExecutor).execute(query)
    general = await _stored_schema(GENERAL).execute(query)
    assert repr(plain.data) == repr(general.data)
    assert _errors(plain) == _errors(general)


def test_only_stored_leaves_of_pass_through_scalars_are_read_directly() -> None:
    fields = in_place_fields(_stored_schema(InPlaceExecutor)._schema)["Record"]
    assert {name: field.stored for name, field in fields.items()} == {
        "title": "title", "label": "label", "size": "size", "flag": "flag", "handle": "handle", "colour": None,
    }


def test_rows_check_the_class_as_is_type_of_does() -> None:
    """A row accepts, without calling `is_type_of`, an instance of the type's class or of its interfaces'."""
    schema = build_schema()._schema
    resource, edge = schema.type_map["Resource"], schema.type_map["ResourceEdge"]
    assert accepted_classes(resource) == {Resource, ApiNode}
    assert resource.is_type_of is not None and edge.is_type_of is None  # an edge has no interface: nothing to check


# The real schema over the sample district: the same answers, byte for byte, with either executor.

EIC = Principal("SJS-EIC", frozenset({Role.EIC}), "eic@test")


@pytest.fixture(scope="module")
async def sample_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[EmbeddedStore]:
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("execution")))
    await store.start()
    await load_sample(store)
    yield store
    await store.close()


REAL_QUERIES = [
    pytest.param("""{ resources(first: 50) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id code name shareType openType updateCycle itemCount provider { code name }
        catalogs { code name } ... on Resource { c2: code } } } } }""", id="catalog-page"),
    pytest.param("""{ lineage(code: "101001/000001", direction: DOWNSTREAM, depth: 6) {
        nodes { id kind code name depth redacted node { __typename ... on Resource { shareType } } }
        edges { source target kind relationship transform } truncated depthReached } }""", id="lineage"),
    pytest.param("""{ impact(code: "101001/000002") { counts { derived uses consumers citations publications }
        truncated derived { code name } notify { id version ... on Department { code name } } } }""", id="impact"),
    pytest.param("""{ impact(code: "101001/000001") { notify { id } uses { id version } derived { id } } }""", id="impact-ids"),
    pytest.param("""{ migrationPlan { summary { systems moving staying waves cycles }
        waves { number size systems { code wave verdict movesWith } } cycles } }""", id="migration-plan"),
    pytest.param('{ search(text: "人口", first: 20) { totalCount nodes { id __typename } } }', id="search"),
]


async def test_a_catalog_page_is_answered_row_by_row(sample_store: EmbeddedStore, built: list[str]) -> None:
    # A date is not answered straight from the store's rows (`api.engine.answers`): the page is answered row by row.
    query = "{ resources(first: 50) { totalCount edges { node { code name publishedAt provider { name } catalogs { code name } itemCount } } } }"
    result = await build_schema().execute(query, context_value=Context.for_request(sample_store, principal=EIC))
    assert result.errors is None and result.data is not None
    assert len(result.data["resources"]["edges"]) > 10
    assert sorted(built) == ["edges", "resources"]


async def test_a_migration_plan_is_answered_row_by_row(sample_store: EmbeddedStore, built: list[str]) -> None:
    # A plan's placements are plain values read by plain methods: each wave's systems, with the
    # codes each moves with, are answered row by row.
    query = "{ migrationPlan { summary { waves cycles } waves { number size systems { code name wave verdict movesWith pinned } } cycles } }"
    result = await build_schema().execute(query, context_value=Context.for_request(sample_store, principal=EIC))
    assert result.errors is None and result.data is not None
    plan = result.data["migrationPlan"]
    assert plan["summary"]["cycles"] >= 1 and any(s["movesWith"] for w in plan["waves"] for s in w["systems"])
    # The plan's own fields; a wave's systems (deprecated, read through the paged placements) and each
    # system's movesWith (a field with an argument: `first`) are resolved field by field.
    assert sorted(set(built)) == ["cycles", "migrationPlan", "movesWith", "summary", "systems", "waves"]


@pytest.mark.parametrize("query", REAL_QUERIES)
async def test_real_schema_answers_are_the_same_with_either_executor(sample_store: EmbeddedStore, query: str) -> None:
    plain_schema, general_schema = build_schema(), build_schema(fast_path=False)  # the general path: strawberry's own executor
    plain = await plain_schema.execute(query, context_value=Context.for_request(sample_store, principal=EIC))
    general = await general_schema.execute(query, context_value=Context.for_request(sample_store, principal=EIC))
    assert plain.errors is None and general.errors is None, (plain.errors, general.errors)
    assert plain.data == general.data
    assert repr(plain.data) == repr(general.data)  # the same field order too
    assert plain.data and any(plain.data.values())


def test_the_default_resolver_reads_stored_fields_from_the_properties_and_others_as_attributes() -> None:
    read = StoredFieldReader()
    record = _records()[0]
    assert read(record, "title") == "t" and read(record, "colour") is Colour.RED
    assert read(_things()[0], "name") == "a"
