"""Fuzzes /graphql with schemathesis (GraphQL mode) as the public, a police user, a civil-affairs admin
and the EIC, over real HTTP on both stores: every generated query and mutation must answer without a
5xx, with a code on every error and nothing masked, and with nothing the principal may not see
(Art.18, Art.23, Art.24, Art.29).

schemathesis loads the schema by introspection from the running server and draws one root field per
case; its dictionaries put the district's real codes and IDs into arguments, so that lookups, lineage,
`_entities` and edits reach real (and hidden) nodes rather than random strings. The requests are sent
from a worker thread, while the server answers in the test's event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from graphql import NameNode, ObjectFieldNode
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.graphql import nodes

from api.schema.errors import INTERNAL
from api.engine.ids import cursor, global_id
from graph.access import Principal, Role
from graph.errors import QueryTimeoutError, StoreUnavailableError
from graph.labels import Label
from graph.store import GraphStore
from lineage.access import EDITORS
from tests.api.conftest import EIC, PUBLIC, serve
from tests.builders import CIVIL, EIC as EIC_DEPARTMENT, PORTAL, POLICE, STATS, STREET
from tests.contract.test_visibility import with_not_shared

POLICE_USER = Principal(POLICE, frozenset({Role.DEPARTMENT_USER}), "police-user")
CIVIL_ADMIN = Principal(CIVIL, frozenset({Role.DEPARTMENT_ADMIN}), "civil-admin")

# Cases per principal on each store, spread evenly over the root fields (at least 2 each).
CASES = {"embedded": 300, "neo4j": 160}
# One case (request and checks) may take this long; a slower one fails the run as a finding.
DEADLINE = timedelta(seconds=5)
GRAPHQL_RESPONSE = "application/graphql-response+json"
TIMEOUT_CODES = {QueryTimeoutError.code, StoreUnavailableError.code}

# What the district of `with_not_shared` holds (tests/builders.py), as names and codes in answers.
NOT_SHARED = ("301002/000001", "案件人口信息", "301002/000001#案件编号", "案件编号")  # Art.18: police and EIC only
CITATION = ("CIT-1", "2024年人口发展报告")  # cites the statistics bureau's data under no use of theirs
HIDDEN: dict[str, tuple[str, ...]] = {
    # Art.21–23: the open catalog only, without personal items; no systems, consumers, uses, citations.
    "public": (
        *NOT_SHARED,
        *CITATION,
        "101001/000001", "人口基础信息",
        "101001/000002", "户籍人口",
        "301001/000003", "人口综合分析",
        "302001/000001", "社区人口台账",
        "302001/000002", "低保对象信息",
        "公民身份号码",
        "SJS-GA-RK", "人口管理系统",
        "SJS-MZJ-APP", "SJS-BYS-APP",
        "USE-1", "USE-2",
    ),
    # Art.24: others' consumers and their uses, a conditional item under no grant of the police.
    "police-user": (*CITATION, "SJS-MZJ-APP", "SJS-BYS-APP", "USE-2", "302001/000002#公民身份号码"),
    # Art.18, Art.24: the police's not-shared resource, system, and conditional item (granted is 000002 only);
    # the street's consumer asks civil affairs for its data, so civil affairs sees it (Art.20).
    "civil-admin": (*NOT_SHARED, *CITATION, "SJS-GA-RK", "人口管理系统", "101001/000001#公民身份号码"),
    "eic": (),
}

OVERLONG = "9" * 300  # longer than any stored string may be: it must be refused, never crash a write (the audit's)
RESOURCES = [
    "101001/000001", "101001/000002", "301001/000001", "301001/000002", "301001/000003",
    "302001/000001", "302001/000002", "301002/000001", "302001/000009", OVERLONG,  # 302001/000009 does not exist
]
ITEMS = ["101001/000001#公民身份号码", "101001/000002#公民身份号码", "301001/000001#公民身份号码", "302001/000002#公民身份号码", "301002/000001#案件编号", OVERLONG]
DEPARTMENTS = [POLICE, STATS, EIC_DEPARTMENT, CIVIL, STREET, OVERLONG]
SYSTEMS = ["SJS-GA-RK", "SJS-MZ-NEW", OVERLONG]
CATALOGS = ["BASE-POPULATION", OVERLONG]
OTHERS = {Label.CONSUMER: ["SJS-MZJ-APP", "SJS-BYS-APP"], Label.USE: ["USE-1", "USE-2"], Label.CITATION: ["CIT-1"], Label.PLATFORM: [PORTAL]}
KEYS = {Label.RESOURCE: RESOURCES, Label.DATA_ITEM: ITEMS, Label.DEPARTMENT: DEPARTMENTS, Label.SYSTEM: SYSTEMS, Label.CATALOG: CATALOGS, **OTHERS}
CODES = [key for keys in KEYS.values() for key in keys]
NODE_IDS = {global_id(label, key): f"{label.value}:{key}" for label, keys in KEYS.items() for key in keys}
CURSORS = {cursor(key): key for key in CODES}
TEXTS = ["人口", "案件", "户籍", "公民身份号码", "301002", "1010", "SJS", "USE", "2024"]


# `<Type>.<field>.<argument>` (`*` for any) -> the dictionary its value is drawn from, most of the time.
BINDINGS = {
    "Query.lineage.code": "codes", "Query.lineagePaths.from": "codes", "Query.lineagePaths.to": "codes",
    "Query.resource.code": "resources", "Query.impact.code": "resources", "Query.department.code": "departments",
    "Query.system.code": "systems", "Query.catalog.code": "catalogs", "Query.node.id": "ids",
    "Query.search.text": "texts", "*.*.filter.text": "texts", "*.*.filter.provider": "departments", "*.*.filter.catalog": "catalogs",
    "Query.lineage.depth": "small", "Query.lineagePaths.maxDepth": "small", "*.*.first": "small",
    # Edits aim at the principal's own data most of the time (see `dictionaries`), so that some land.
    "Mutation.*.version": "versions",
    "Mutation.updateResource.code": "edit-resources", "Mutation.retireResource.code": "edit-resources",
    "Mutation.addDataItem.resource": "edit-resources", "Mutation.createResource.input.code": "edit-resources",
    "Mutation.updateDataItem.code": "edit-items", "Mutation.removeDataItem.code": "edit-items",
    "Mutation.updateSystem.code": "systems", "Mutation.createSystem.input.code": "systems",
    "Mutation.updateCatalog.code": "catalogs", "Mutation.createCatalog.input.code": "catalogs", "Mutation.*.input.catalogs[*]": "catalogs",
    "Mutation.updateDepartment.code": "edit-departments", "Mutation.*.input.provider": "edit-departments",
    "Mutation.*.input.operator": "edit-departments", "Mutation.*.input.maintainer": "edit-departments",
}
PROVIDED = {POLICE: ["101001/000001", "101001/000002", "301002/000001"], CIVIL: ["302001/000001", "302001/000002", "302001/000009"]}


def config(principal: Principal) -> SchemathesisConfig:
    """schemathesis' settings for `principal`: the dictionaries, its own codes weighted up for edits."""
    department = principal.department or ""
    own = PROVIDED.get(department, [])
    dictionaries = {
        "codes": CODES, "resources": RESOURCES, "items": ITEMS, "departments": DEPARTMENTS, "systems": SYSTEMS, "catalogs": CATALOGS,
        "ids": list(NODE_IDS), "cursors": list(CURSORS), "texts": TEXTS, "small": [1, 2, 3, 5], "versions": [1, 1, 1, 2],
        "edit-resources": own * 3 + RESOURCES,
        "edit-items": [i for i in ITEMS if i.split("#")[0] in own] * 3 + ITEMS,
        "edit-departments": [department] * 5 + DEPARTMENTS if department else DEPARTMENTS,
    }
    parameters = {key: {"dictionary": name, "probability": 0.8} for key, name in BINDINGS.items()}
    parameters["*.*.after"] = {"dictionary": "cursors", "probability": 0.3}
    return SchemathesisConfig.from_dict({"dictionaries": {name: {"values": values} for name, values in dictionaries.items()}, "parameters": parameters})


def _representation(typename: str, code: str) -> Any:
    """A federation `_Any` representation, `{__typename: …, code: …}`, as a GraphQL value."""
    return nodes.Object([
        ObjectFieldNode(name=NameNode(value="__typename"), value=nodes.String(typename)),
        ObjectFieldNode(name=NameNode(value="code"), value=nodes.String(code)),
    ])


# `_entities` takes `_Any`, which schemathesis cannot draw by itself: the @key types with real codes.
schemathesis.graphql.scalar(
    "_Any",
    st.builds(_representation, st.sampled_from(["Resource", "Department", "System", "Catalog", "Consumer"]), st.sampled_from(CODES)),
)


class ServerLog(logging.Handler):
    """Keeps the tracebacks the app logs (a masked error is logged with its cause)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        cause = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info and record.exc_info[1] else ""
        self.records.append(f"{record.getMessage()}\n{cause}")

    def since(self, start: int, wait: bool = False) -> str:
        """The records after the first `start`; with `wait`, give the server a moment to log (uvicorn logs
        an exception that escaped the app after it has sent the 500)."""
        deadline = time.monotonic() + (1.0 if wait else 0.0)
        while len(self.records) == start and time.monotonic() < deadline:
            time.sleep(0.02)
        return "\n".join(self.records[start:])


@contextmanager
def server_log() -> Iterator[ServerLog]:
    """Collects the errors govgraph and uvicorn log (a masked error, an exception that escaped the app);
    strawberry's log, which repeats every expected error, stays quiet meanwhile."""
    handler = ServerLog()
    loggers = [logging.getLogger("govgraph"), logging.getLogger("uvicorn.error")]
    strawberry = logging.getLogger("strawberry.execution")
    for logger in loggers:
        logger.addHandler(handler)
    strawberry.disabled = True
    try:
        yield handler
    finally:
        strawberry.disabled = False
        for logger in loggers:
            logger.removeHandler(handler)


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, text, and the JSON body (None when it is not JSON)."""

    status: int
    text: str
    body: Any

    @classmethod
    def of(cls, status: int, content: bytes) -> Answer:
        text = content.decode("utf-8", "replace")
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        return cls(status, text, body)

    @property
    def errors(self) -> list[dict[str, Any]]:
        found = self.body.get("errors") if isinstance(self.body, dict) else None
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []

    @property
    def codes(self) -> list[str | None]:
        return [(e.get("extensions") or {}).get("code") for e in self.errors]

    @property
    def is_store_timeout(self) -> bool:
        """A 503 for the store's time budget or absence: acceptable, and counted."""
        return self.status == 503 and bool(self.codes) and all(c in TIMEOUT_CODES for c in self.codes)

    def applied(self, label: str) -> bool:
        """Whether this is a mutation that took effect (a result, or no user errors)."""
        root, _, name = label.partition(".")
        data = self.body.get("data") if isinstance(self.body, dict) else None
        payload = data.get(name) if isinstance(data, dict) else None
        return root == "Mutation" and isinstance(payload, dict) and (payload.get("result") is not None or payload.get("userErrors") == [])


def _sent(query: str) -> str:
    """The request's text with the node IDs and cursors it holds decoded: an error may echo those."""
    decoded = [text for token, text in (*NODE_IDS.items(), *CURSORS.items()) if token in query]
    return "\n".join([query, *decoded])


def problems(label: str, query: str, answer: Answer, principal: Principal, hidden: tuple[str, ...]) -> list[str]:
    """What is wrong with the answer to `query` (of root field `label`) for `principal`: a 5xx, an uncoded or
    masked error, a hidden name or code, an edit by someone who may not edit (Art.9, Art.29).

    A hidden code that the request itself holds may come back ("Resource '…' does not exist"): that is an echo.
    """
    found = []
    if answer.body is None:
        found.append("the body is not JSON")
    if answer.status >= 500 and not answer.is_store_timeout:
        found.append(f"HTTP {answer.status}")
    for error, code in zip(answer.errors, answer.codes):
        if code is None:
            found.append(f"an error without extensions.code: {error.get('message')!r}")
        elif code == INTERNAL:
            found.append(f"a masked {INTERNAL} at {error.get('path')}")
    text = answer.text + json.dumps(answer.body, ensure_ascii=False)  # whether or not the server escapes non-ASCII
    sent = _sent(query)
    leaked = [term for term in hidden if term not in sent and term in text]
    if leaked:
        found.append(f"the answer names what this principal may not see: {leaked}")
    if answer.applied(label) and not principal.roles & EDITORS:
        found.append("an edit by a principal who may not edit took effect")
    return found


@dataclass
class Tally:
    """What one principal's run did: cases per root field, answers by error code, edits applied, timeouts, failures."""

    cases: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    applied: int = 0
    timeouts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def record(self, label: str, query: str, answer: Answer) -> None:
        self.cases[label] += 1
        self.answers.update({str(code) for code in answer.codes} or {"no error"})
        if answer.is_store_timeout:
            self.timeouts.append(query)
        if answer.applied(label):
            self.applied += 1

    def summary(self, who: str, store: str, seconds: float) -> str:
        total = sum(self.cases.values())
        queries = sum(n for label, n in self.cases.items() if label.startswith("Query."))
        return (
            f"fuzz {store}/{who}: {total} cases ({queries} queries, {total - queries} mutations, {self.applied} of them "
            f"applied) over {len(self.cases)} root fields in {seconds:.1f}s; answers by error code: "
            f"{dict(sorted(self.answers.items()))}; store timeouts (503, accepted): {len(self.timeouts)}"
        )


def fuzz(url: str, principal: Principal, headers: dict[str, str], hidden: tuple[str, ...], cases: int, log: ServerLog) -> Tally:
    """Runs about `cases` cases over the root fields as `principal`, who sends `headers` (blocking: call it in a thread)."""
    schema = schemathesis.graphql.from_url(f"{url}/graphql", config=config(principal), headers=headers, timeout=30)
    # Every query and mutation, `_entities` included; not `_service`, whose SDL quotes example codes from the docs.
    operations = [schema[root][name] for root in ("Query", "Mutation") for name in schema[root] if name != "_service"]
    examples = max(2, cases // len(operations))
    tally = Tally()
    request_headers = {**headers, "Accept": GRAPHQL_RESPONSE}

    for operation in operations:

        @settings(
            max_examples=examples,
            derandomize=True,  # the same cases on every run, in CI too
            database=None,
            deadline=DEADLINE,
            report_multiple_bugs=False,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows the case as sent, and the run stays short
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example],
        )
        @given(case=operation.as_strategy())
        def probe(case: Case[Any]) -> None:
            logged = len(log.records)
            response = case.call(base_url=url, headers=request_headers, timeout=30)
            query, answer = str(case.body), Answer.of(response.status_code, response.content)
            tally.record(operation.label, query, answer)
            found = problems(operation.label, query, answer, principal, hidden)
            server = log.since(logged, wait=bool(found))
            assert not found, (
                f"{operation.label}: {'; '.join(found)}\n--- query ---\n{query}\n--- HTTP {answer.status} ---\n{answer.text[:4000]}"
                + (f"\n--- server log ---\n{server}" if server else "")
            )

        try:
            probe()
        except Exception as e:  # every failing root field is reported, not only the first
            tally.failures.append(f"{type(e).__name__}: {e}")
    return tally


@pytest.mark.slow
@pytest.mark.parametrize(
    ("who", "principal"),
    [
        pytest.param("public", PUBLIC, id="public"),
        pytest.param("police-user", POLICE_USER, id="police-user"),
        pytest.param("civil-admin", CIVIL_ADMIN, id="civil-admin"),
        pytest.param("eic", EIC, id="eic"),
    ],
)
async def test_fuzzed_queries_and_mutations_answer_cleanly_and_leak_nothing(store: GraphStore, who: str, principal: Principal) -> None:
    await with_not_shared(store)
    async for server in serve(store):
        with server_log() as log:  # once the server runs: uvicorn's logging set-up re-enables every logger
            started = time.monotonic()
            tally = await asyncio.to_thread(fuzz, server.url, principal, server.headers(principal), HIDDEN[who], CASES[store.name], log)
            summary = tally.summary(who, store.name, time.monotonic() - started)
            print(summary)
    if tally.failures:
        pytest.fail(f"{summary}\n{len(tally.failures)} root fields failed:\n\n" + "\n\n".join(tally.failures), pytrace=False)
