"""`POST /api/v1/load` and `POST /api/v1/import`: catalog files and exports written through the running service.

`load` takes one catalog file — the national template (CSV) or a district file (YAML or JSON) — as
the request's body, its name in `?name=` (the suffix says which reader; the name places every
problem, `catalog.csv:3`). It is read exactly as `govgraph load` reads a file from disk: every
problem at once, in the request's language (Chinese by default, `Accept-Language: en`), and nothing
written unless the whole file is good. `import` takes a JSON Lines export (`govgraph export`),
all-or-nothing likewise. Both are capped (`GOVGRAPH_MAX_LOAD_BYTES`) before they are read, and every
attempt, refused ones included, lands in the audit trail (Art.5, Art.29).

Who may: a department admin loads its own department's catalog — its department, resources, their
items, catalogs and systems (Art.9) — and the EIC anything; an import (which may hold anything) is
the EIC's. The command line beside the service (`api.web.operator`) acts with the EIC's rights.

Answers: 201 with what was written; 400 `INVALID_DATA` (or `DANGLING_REFERENCE`) with `problems`
(`where`, `field`, `reason`, `line`, `code`); 401/403; 409 `CONFLICT`; 413 over the cap; 503 when the
store is unavailable.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api.web.auth import Authenticator
from api.web.body import TooLarge, read_bounded
from api.web.operator import Operator
from api.schema.context import Context
from graph import jsonl
from graph.access import Principal, Role
from graph.changes import Changes
from graph.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    GovGraphError,
    MAX_PROBLEMS,
    InvalidDataError,
    NotFoundError,
    Problem,
    StoreUnavailableError,
)
from graph.i18n import _, negotiate, quote, use_language
from graph.labels import Label
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.access import OWNERSHIP, check_edit
from loaders.files import PARSERS, loadable, parse_plan
from loaders.plan import LoadPlan, LoadReport, Place

log = logging.getLogger(__name__)
MAX_NAME_CHARS = 200
# What a department admin may load: its own department's catalog (Art.9); everything else is the EIC's.
DEPARTMENT_LABELS = frozenset({Label.DEPARTMENT, Label.RESOURCE, Label.DATA_ITEM, Label.CATALOG, Label.SYSTEM})


Work = Callable[[Principal, str, list[NodeRef]], Awaitable[Response]]  # given the caller, the file's name, the subjects to audit


class Refused(Exception):
    """A request answered with an error: its status, code, message and the problems it lists."""

    def __init__(self, status: int, code: str, message: str, problems: list[Problem] | None = None, truncated: bool = False) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.problems, self.truncated = problems or [], truncated

    def response(self) -> Response:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.problems:
            error["problems"] = [problem_json(p) for p in self.problems]
            error["truncated"] = self.truncated
        headers = {"Retry-After": "5"} if self.status == 503 else None
        return JSONResponse({"error": error}, status_code=self.status, headers=headers)


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"where": problem.where, "field": problem.field, "reason": problem.reason, "line": problem.line, "code": problem.code}


def _refusal(error: GovGraphError) -> Refused:
    """Our errors by class, as the answer to send."""
    if isinstance(error, InvalidDataError):
        return Refused(400, error.code, error.message, error.problems, error.truncated)
    if isinstance(error, ConflictError):
        return Refused(409, error.code, error.message)
    if isinstance(error, StoreUnavailableError):
        return Refused(503, error.code, error.message)
    return Refused(500, error.code, error.message)


def report_json(report: LoadReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "nodes": report.nodes,
        "relationships": report.relationships,
        "createdIfMissing": report.created_if_missing,
        "notes": [problem_json(p) for p in report.notes],
    }


def _file_name(request: Request) -> str:
    """The file's name from `?name=`: it chooses the reader and places the problems."""
    name = "".join(c for c in request.query_params.get("name", "") if c.isprintable()).strip()
    if not name:
        kinds = ", ".join(sorted(PARSERS))
        raise Refused(400, "INVALID_ARGUMENT", _("name the file in the address, e.g. ?name=catalog.csv (its suffix says how to read it: {kinds})", kinds=kinds))
    if len(name) > MAX_NAME_CHARS:
        raise Refused(400, "INVALID_ARGUMENT", _("the file name is longer than {limit} characters", limit=MAX_NAME_CHARS))
    return name


@dataclass(frozen=True)
class _Written:
    """What a plan writes: each node with its place, and the departments the plan makes owners of it."""

    nodes: dict[NodeRef, Place]
    owners: dict[NodeRef, set[str]]


async def _written(store: GraphStore, plan: LoadPlan) -> _Written:
    nodes = {ref: place for ref, (_node, place) in plan.nodes.items()}
    optional = [ref for ref in plan.if_missing if ref not in nodes]
    by_label: dict[Label, list[str]] = defaultdict(list)
    for ref in optional:
        by_label[ref.label].append(ref.key)
    stored = {NodeRef(label, key) for label, keys in by_label.items() for key in await store.get_many(label, keys)}
    nodes.update({ref: plan.if_missing[ref][1] for ref in optional if ref not in stored})
    owners: dict[NodeRef, set[str]] = defaultdict(set)
    for rel, _place in plan.relationships:
        owning = OWNERSHIP.get(rel.end.label)
        if owning is not None and rel.type is owning[0] and rel.end in nodes:
            owners[rel.end].add(rel.start.key)
    return _Written(nodes, owners)


async def _department_refusals(store: GraphStore, principal: Principal, plan: LoadPlan) -> list[Problem]:
    """Why a department admin may not load this plan: each node or link it writes that is not its
    department's to change (Art.9: a department maintains its own catalog; Art.29)."""
    written = await _written(store, plan)
    department = principal.department or ""
    decided: dict[tuple[NodeRef, frozenset[str]], bool] = {}

    def owners_of(ref: NodeRef) -> frozenset[str]:
        return frozenset(written.owners.get(ref, ())) if ref in written.nodes else frozenset()

    async def may_change(ref: NodeRef) -> bool:
        """Whether the admin may write `ref` as the plan writes it (made its owners'; an item: as its resource)."""
        if ref.label not in DEPARTMENT_LABELS:
            return False
        if ref.label is Label.DATA_ITEM:
            return await may_change(NodeRef(Label.RESOURCE, ref.key.split("#", 1)[0]))
        owners = owners_of(ref)
        if (ref, owners) not in decided:
            stored = ref.label is Label.DEPARTMENT or await store.get(ref.label, ref.key) is not None
            candidates: list[str | None] = [*owners] or [None]
            try:
                for owner in candidates:
                    await check_edit(store, principal, ref.label, ref.key if stored else None, owner)
            except (ForbiddenError, NotFoundError):
                decided[(ref, owners)] = False
            else:
                decided[(ref, owners)] = True
        return decided[(ref, owners)]

    problems = []
    for ref, place in written.nodes.items():
        if ref.label not in DEPARTMENT_LABELS:
            problems.append(place.problem(_("{ref}: a department admin loads its own department's catalog (resources, items, catalogs, systems); this is the EIC's to load (Art.9, Art.29)", ref=ref), ForbiddenError.code))
        elif not await may_change(ref):
            problems.append(place.problem(_("{ref} is not {department}'s to change: a department admin loads only its own department's catalog (Art.9, Art.29)", ref=ref, department=department), ForbiddenError.code))
    for rel, place in plan.relationships:
        if not (await may_change(rel.start) or await may_change(rel.end)):
            problems.append(place.problem(_("{start} → {end}: neither end is {department}'s to change (Art.9, Art.29)", start=rel.start, end=rel.end, department=department), ForbiddenError.code))
    return sorted(problems, key=lambda p: p.line)


class FileEndpoints:
    """The load and import endpoints over `store`: who may, the cap, the readers, the audit trail."""

    def __init__(self, store: GraphStore, authenticator: Authenticator, max_bytes: int, operator: Operator | None = None) -> None:
        self.store = store
        self.authenticator = authenticator
        self.max_bytes = max_bytes
        self.operator = operator

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/api/v1/load", self._answering(self.load), methods=["POST"]),
            Route("/api/v1/import", self._answering(self.import_export), methods=["POST"]),
        ]

    def _answering(self, work: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            with use_language(negotiate(request.headers.get("accept-language"))):
                try:
                    return await work(request)
                except Refused as e:
                    return e.response()

        return handle

    async def _principal(self, request: Request) -> Principal:
        """Who asks: the local operator, or the bearer token's principal; the public is refused here."""
        if self.operator is not None:
            try:
                operator = self.operator.principal(request.headers)
            except PermissionError:
                raise Refused(401, "UNAUTHENTICATED", _("the operator key is not this service's (it changes whenever the service starts)")) from None
            if operator is not None:
                return operator
        try:
            principal = await self.authenticator.authenticate(request.headers.getlist("authorization"))
        except AuthenticationError as e:
            raise Refused(401, e.code, e.message) from None
        if principal.is_public:
            raise Refused(401, "UNAUTHENTICATED", _("sending a file needs a token (Art.5, Art.29)"))
        return principal

    async def _body(self, request: Request) -> bytes:
        try:
            return await read_bounded(request, self.max_bytes)
        except TooLarge:
            raise Refused(
                413, "PAYLOAD_TOO_LARGE", _("the file is larger than {limit:,} bytes (GOVGRAPH_MAX_LOAD_BYTES)", limit=self.max_bytes)
            ) from None

    async def _audited(self, request: Request, verb: str, roles: frozenset[Role], refusal: str, work: Work) -> Response:
        """Run `work` for an authenticated caller holding one of `roles`, and record the attempt in the
        request context's audit trail as mutations do: on each node the file writes (or would have),
        else on the caller's department; refused attempts too, with their code."""
        principal = await self._principal(request)
        name = _file_name(request)
        purpose = request.headers.get("x-purpose")  # Art.24: the duty purpose, kept in the audit trail
        context = Context.for_request(self.store, principal=principal, purpose=purpose[:400] if purpose else None)
        subjects: list[NodeRef] = []
        try:
            if not principal.roles & roles:
                raise Refused(403, ForbiddenError.code, refusal)
            response = await work(principal, name, subjects)
            outcome = "OK"
        except GovGraphError as e:
            outcome, refused = e.code, _refusal(e)
        except Refused as e:
            outcome, refused = e.code, e
        for subject in subjects or [NodeRef(Label.DEPARTMENT, principal.department or principal.subject)]:
            context.audit.record(f"{verb} {name}", subject, outcome)
        try:
            await context.audit.flush(self.store)
        except GovGraphError as e:
            log.exception("could not write the audit trail of %s %s", verb, name)
            raise _refusal(e) from e
        if outcome != "OK":
            raise refused
        return response

    async def load(self, request: Request) -> Response:
        """One catalog file: read, checked against the store and the caller, applied as one unit of work."""

        async def work(principal: Principal, name: str, subjects: list[NodeRef]) -> Response:
            if not loadable(name):  # refused before the body is read, with the reader's own message
                parse_plan(name, b"")
            plan = await run_in_threadpool(parse_plan, name, await self._body(request))
            subjects.extend(ref for ref in plan.nodes if ref.label is not Label.DATA_ITEM)
            if not principal.has(Role.EIC):
                refusals = await _department_refusals(self.store, principal, plan)
                if refusals:
                    message = _("{name}: {count:,} of the file's entries are not the department's to change; nothing was written", name=quote(name, MAX_NAME_CHARS), count=len(refusals))
                    raise Refused(403, ForbiddenError.code, message, refusals[:MAX_PROBLEMS], len(refusals) > MAX_PROBLEMS)
            return JSONResponse(report_json(await plan.apply(self.store)), status_code=201)

        roles = frozenset({Role.EIC, Role.DEPARTMENT_ADMIN})
        return await self._audited(request, "loadFile", roles, _("loading a catalog file needs a token of a department admin or the EIC (Art.9, Art.29)"), work)

    async def import_export(self, request: Request) -> Response:
        """One export (JSON Lines, `govgraph export`): read, validated, applied as one unit of work."""

        async def work(principal: Principal, name: str, subjects: list[NodeRef]) -> Response:
            changes = await run_in_threadpool(_read_export, name, await self._body(request))
            await self.store.apply(changes)
            return JSONResponse({"source": name, "records": len(changes)}, status_code=201)

        return await self._audited(request, "importExport", frozenset({Role.EIC}), _("importing an export needs a token of the EIC"), work)


def _read_export(name: str, data: bytes) -> Changes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidDataError([Problem(name, "", _("not UTF-8 text: {reason} at byte {offset}", reason=e.reason, offset=e.start))]) from None
    return jsonl.changes_from_lines(io.StringIO(text), name)
