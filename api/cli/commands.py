"""The `govgraph` command: load, export, import and count the graph on either store (and, later, serve).

Every option has a `GOVGRAPH_*` variable; a flag given on the command line wins over the variable.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli import remote
from api.cli.process import GC_THRESHOLDS, settle_for_serving
from api.web.operator import RunningService
from graph import jsonl
from graph.access import Role
from graph.errors import GovGraphError, InvalidArgumentError, InvalidDataError, Problem, StoreUnavailableError
from graph.i18n import _, language_from_environ, normalise, set_language
from graph.settings import Settings
from graph.store import GraphStore
from graph.stores import store_for
from loaders.files import loadable, read_plan
from loaders.plan import LoadReport
from loaders.sample_district import SAMPLE_SOURCE, load_sample, sample_path

app = typer.Typer(help="govgraph: the district's information-resource graph.", no_args_is_help=True)
err = Console(stderr=True)
out = Console()
T = TypeVar("T")


@app.callback()
def main_options(
    ctx: typer.Context,
    neo4j_uri: Annotated[str | None, typer.Option(help="Neo4j Bolt URI; without it the embedded store is used. [GOVGRAPH_NEO4J_URI]")] = None,
    neo4j_user: Annotated[str | None, typer.Option(help="Neo4j user. [GOVGRAPH_NEO4J_USER]")] = None,
    neo4j_password: Annotated[str | None, typer.Option(help="Neo4j password. [GOVGRAPH_NEO4J_PASSWORD]")] = None,
    neo4j_database: Annotated[str | None, typer.Option(help="Neo4j database. [GOVGRAPH_NEO4J_DATABASE]")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Embedded store directory. [GOVGRAPH_DATA_DIR]")] = None,
    store_timeout_seconds: Annotated[int | None, typer.Option(help="Time budget of one Neo4j statement. [GOVGRAPH_STORE_TIMEOUT_SECONDS, default 10]")] = None,
    compact_at_mb: Annotated[
        int | None, typer.Option(help="Embedded: fold the journal into a new snapshot (in the background) past this size. [GOVGRAPH_COMPACT_AT_MB, default 64]")
    ] = None,
    audit_segment_mb: Annotated[
        int | None, typer.Option(help="Embedded: seal the audit log's segment into the archive past this size. [GOVGRAPH_AUDIT_SEGMENT_MB, default 256]")
    ] = None,
    audit_segment_days: Annotated[
        int | None, typer.Option(help="Embedded: seal the audit log's segment into the archive at this age. [GOVGRAPH_AUDIT_SEGMENT_DAYS, default 30]")
    ] = None,
    neo4j_connect_timeout_seconds: Annotated[int | None, typer.Option(help="Bound on a Neo4j connection, a pooled one, and the driver's retries; a statement gets it plus its budget. [GOVGRAPH_NEO4J_CONNECT_TIMEOUT_SECONDS, default 5]")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: zh_CN (default) or en. [LANGUAGE, LC_ALL, LC_MESSAGES, LANG]")] = None,
) -> None:
    """Read the settings once; commands find them in the context."""
    if lang is not None and normalise(lang) is None:
        raise typer.BadParameter("zh_CN or en", param_hint="--lang")
    set_language(lang or language_from_environ(os.environ))
    try:
        ctx.obj = Settings.from_environ(
            neo4j_uri=neo4j_uri,
            neo4j_user=neo4j_user,
            neo4j_password=neo4j_password,
            neo4j_database=neo4j_database,
            data_dir=data_dir,
            store_timeout_seconds=store_timeout_seconds,
            compact_at_mb=compact_at_mb,
            audit_segment_mb=audit_segment_mb,
            audit_segment_days=audit_segment_days,
            neo4j_connect_timeout_seconds=neo4j_connect_timeout_seconds,
        )
    except GovGraphError as e:
        err.print(f"[red]error[/red] [{e.code}] {e.message}", highlight=False)
        raise typer.Exit(2) from None


def _run(settings: Settings, work: Callable[[GraphStore], Awaitable[T]], read_only: bool = False) -> T:
    """Open the configured store, run `work` on it, close it; our errors end the command with code 1.

    `read_only` (the commands that only read): on the embedded store, read a consistent view of the data
    directory, which a running `govgraph serve` may hold and write meanwhile (`graph.embedded.view`)."""

    async def go() -> T:
        async with store_for(settings, read_only) as store:
            return await work(store)

    try:
        return asyncio.run(go())
    except GovGraphError as e:
        _failed(e, settings)


def _failed(e: GovGraphError, settings: Settings) -> NoReturn:
    """End the command on one of our errors (a store held by a running service: say what goes through it)."""
    if isinstance(e, InvalidDataError) and e.problems:
        _fail(e.code, e.message, e.problems, e.truncated)
    if isinstance(e, StoreUnavailableError) and settings.store_kind == "embedded":
        service = remote.service_holding(settings.data_dir)
        if service is not None:
            hint = _("govgraph serve (pid {pid}, {url}) holds this data directory: load and import write through it; other writes need it stopped", pid=service.pid, url=service.url)
            _fail(e.code, f"{e.message}\n{hint}")
    _fail(e.code, e.message)


def _fail(code: str, message: str, problems: list[Problem] | None = None, truncated: bool = False) -> NoReturn:
    """End the command with code 1: one line per problem, else the message."""
    for problem in problems or []:
        _print_problem("error", code, problem)
    if problems and truncated:
        err.print(escape(_("… only the first {count} problems are listed", count=len(problems))), highlight=False, soft_wrap=True)
    if not problems:
        err.print(f"[red]error[/red] [{code}] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _sent(service: RunningService, path: str, name: str, data: bytes) -> dict[str, Any]:
    """Send a file to the service holding the data directory; its answer's body, or the command ends
    as it would have on the same error here."""
    answer = remote.send(service, path, name, data)
    if not answer.ok:
        error = answer.error
        problems = [remote.problem_of(p) for p in error.get("problems") or [] if isinstance(p, dict)]
        _fail(str(error.get("code", "")), str(error.get("message", "")), problems, bool(error.get("truncated")))
    return answer.body


def _holding_service(settings: Settings) -> RunningService | None:
    """The running service that holds the embedded data directory, through which writes then go."""
    return remote.service_holding(settings.data_dir) if settings.store_kind == "embedded" else None


def _through(service: RunningService) -> None:
    err.print(escape(_("writing through the running service (pid {pid}, {url})", pid=service.pid, url=service.url)), highlight=False, soft_wrap=True)


def _print_problem(kind: str, code: str, problem: Problem) -> None:
    """One line per problem: `error [CODE] file:line 列名: reason` (a note: `note [CODE] …`)."""
    colour = "red" if kind == "error" else "yellow"
    place = f"{problem.where} {problem.field}:" if problem.field else f"{problem.where}:"
    err.print(f"[{colour}]{kind}[/{colour}] {escape(f'[{problem.code or code}]')} {escape(place)} {escape(problem.reason)}", highlight=False, soft_wrap=True)


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def _print_report(report: LoadReport, seconds: float) -> None:
    for note in report.notes:
        _print_problem("note", note.code, note)
    nodes, relationships = sum(report.nodes.values()), sum(report.relationships.values())
    if report.created_if_missing:
        line = _(
            "loaded {source}: {nodes:,} nodes, {relationships:,} relationships ({created:,} created from rows) in {seconds:.2f} s",
            source=report.source, nodes=nodes, relationships=relationships, created=report.created_if_missing, seconds=seconds,
        )
    else:
        line = _("loaded {source}: {nodes:,} nodes, {relationships:,} relationships in {seconds:.2f} s", source=report.source, nodes=nodes, relationships=relationships, seconds=seconds)
    out.print(escape(line), highlight=False)


@app.command()
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="District files (.yaml/.yml/.json) or national-template catalogs (.csv).")],
) -> None:
    """Load files into the store; each file is all-or-nothing, and loading it again changes nothing."""
    settings: Settings = ctx.obj
    service = _holding_service(settings)
    if service is not None:
        _through(service)
        for path in paths:
            started = time.perf_counter()
            if not (loadable(path.name) and path.is_file()):
                try:
                    read_plan(path)  # the same error as without the service
                except GovGraphError as e:
                    _failed(e, settings)
            body = _sent(service, "/api/v1/load", str(path), path.read_bytes())
            _print_report(remote.report_of(body), time.perf_counter() - started)
        return

    async def work(store: GraphStore) -> None:
        for path in paths:
            started = time.perf_counter()
            plan = read_plan(path)
            with _progress(_("loading {file}", file=path.name), len(plan.nodes) + len(plan.relationships)) as advance:
                report = await plan.apply(store, advance)
            _print_report(report, time.perf_counter() - started)

    _run(settings, work)


@app.command("load-sample")
def load_sample_command(ctx: typer.Context) -> None:
    """Load the sample district shipped with govgraph."""
    settings: Settings = ctx.obj
    service = _holding_service(settings)
    if service is not None:
        _through(service)
        started = time.perf_counter()
        body = _sent(service, "/api/v1/load", SAMPLE_SOURCE, sample_path().read_bytes())
        _print_report(remote.report_of(body), time.perf_counter() - started)
        return

    async def work(store: GraphStore) -> None:
        started = time.perf_counter()
        with _progress("loading the sample district", None) as advance:
            report = await load_sample(store, advance)
        _print_report(report, time.perf_counter() - started)

    _run(settings, work)


class ExportFormat(str, Enum):
    """What `export` writes."""

    JSONL = "jsonl"
    NATIONAL_CSV = "national-csv"
    DCAT = "dcat"


# The RDF syntax of a DCAT export, by the file's suffix (Turtle otherwise).
DCAT_SUFFIXES = {".jsonld": "application/ld+json", ".json": "application/ld+json", ".rdf": "application/rdf+xml", ".xml": "application/rdf+xml"}


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it only when the block ends without an error."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@app.command()
def export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The file to write ('-' for stdout).")],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl: the whole graph, lossless; national-csv: the national catalog template; "
            "dcat: the open catalog as DCAT 3 (Turtle; JSON-LD for .jsonld/.json, RDF/XML for .rdf/.xml).",
        ),
    ] = ExportFormat.JSONL,
    catalog: Annotated[str | None, typer.Option(help="national-csv: only the resources listed in this catalog.")] = None,
    base_uri: Annotated[
        str | None, typer.Option(help="dcat: the address the catalog's URIs live under. [default http://GOVGRAPH_HOST:GOVGRAPH_PORT/]")
    ] = None,
) -> None:
    """Export the whole graph as JSON Lines (lossless, stable order), a catalog in the national template, or the open catalog as DCAT 3."""
    settings: Settings = ctx.obj
    if catalog is not None and fmt is not ExportFormat.NATIONAL_CSV:
        raise typer.BadParameter(_("only with {option}", option="--format national-csv"), param_hint="--catalog")
    if base_uri is not None and fmt is not ExportFormat.DCAT:
        raise typer.BadParameter(_("only with {option}", option="--format dcat"), param_hint="--base-uri")
    stdout = str(path) == "-"

    async def jsonl_export(store: GraphStore) -> str:
        if stdout:
            await jsonl.write(sys.stdout, store.nodes(), store.relationships())
            return ""
        with _replacing(path) as tmp, tmp.open("w", encoding="utf-8") as f:
            count = await jsonl.write(f, store.nodes(), store.relationships())
        return _("exported {count:,} records to {path}", count=count, path=path)

    async def csv_export(store: GraphStore) -> str:
        from loaders.national_csv import write_national_csv

        if stdout:
            written = await write_national_csv(store, sys.stdout, catalog)
        else:
            # UTF-8 with a BOM, so Excel opens the Chinese headers as they are; the reader takes it back.
            with _replacing(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
                written = await write_national_csv(store, f, catalog)
        for code, reason in written.skipped:
            err.print(f"[yellow]skipped[/yellow] {escape(_('resource {code}: {reason}', code=code, reason=reason))}", highlight=False, soft_wrap=True)
        return _("exported {resources:,} resources ({rows:,} rows) to {path}", resources=written.resources, rows=written.rows, path=path)

    async def dcat_export(store: GraphStore) -> str:
        from lineage.publication import open_catalog_dcat

        base = base_uri or f"http://{settings.host}:{settings.port}/"
        media = DCAT_SUFFIXES.get(path.suffix.lower(), "text/turtle")
        body = await open_catalog_dcat(store, base, media)
        if stdout:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
            return ""
        with _replacing(path) as tmp:
            tmp.write_bytes(body)
        return _("exported the open catalog ({media}) to {path}", media=media, path=path)

    work = {ExportFormat.JSONL: jsonl_export, ExportFormat.NATIONAL_CSV: csv_export, ExportFormat.DCAT: dcat_export}[fmt]
    message = _run(settings, work, read_only=True)
    if message:
        out.print(escape(message), highlight=False)


@app.command("import")
def import_command(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A JSON Lines export.")]) -> None:
    """Import an export (all-or-nothing; merges into what the store holds)."""
    settings: Settings = ctx.obj
    started = time.perf_counter()
    service = _holding_service(settings)
    if service is not None:
        _through(service)
        if not path.is_file():
            _fail(InvalidDataError.code, "", [Problem(str(path), "", _("no such file"))])
        count = int(_sent(service, "/api/v1/import", str(path), path.read_bytes()).get("records", 0))
        out.print(escape(_("imported {count:,} records from {path} in {seconds:.2f} s", count=count, path=path, seconds=time.perf_counter() - started)), highlight=False)
        return

    async def work(store: GraphStore) -> int:
        changes = jsonl.read_changes(path)
        with _progress(_("importing {file}", file=path.name), len(changes)) as advance:
            await store.apply(changes, advance)
        return len(changes)

    count = _run(settings, work)
    out.print(escape(_("imported {count:,} records from {path} in {seconds:.2f} s", count=count, path=path, seconds=time.perf_counter() - started)), highlight=False)


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Count nodes per label and relationships per type."""
    settings: Settings = ctx.obj
    counts = _run(settings, lambda store: store.counts(), read_only=True)
    if as_json:
        out.print_json(data={"labels": counts.labels, "relationships": counts.relationships})
        return
    table = Table(_("kind"), _("name"), _("count"), title=_("the {store} store", store=settings.store_kind))
    for name, n in counts.labels.items():
        table.add_row(_("node"), name, str(n))
    for name, n in counts.relationships.items():
        table.add_row(_("relationship"), name, str(n))
    out.print(table)


@app.command()
def serve(
    ctx: typer.Context,
    sample: Annotated[bool, typer.Option("--sample", help="Load the sample district into the store if it is empty.")] = False,
    host: Annotated[str | None, typer.Option(help="Address to listen on. [GOVGRAPH_HOST, default 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on. [GOVGRAPH_PORT, default 8000]")] = None,
    cors_origins: Annotated[str | None, typer.Option(help="Comma-separated origins allowed by CORS. [GOVGRAPH_CORS_ORIGINS]")] = None,
    assets_dir: Annotated[
        Path | None, typer.Option(help="Installed web assets (GraphiQL, the explorer's libraries). [GOVGRAPH_ASSETS_DIR, default web/node_modules, else the wheel's]")
    ] = None,
    app_dir: Annotated[
        Path | None, typer.Option(help="The built web app served at / (scripts/webapp). [GOVGRAPH_APP_DIR, default web/app/dist, else the wheel's]")
    ] = None,
    openlineage_mapping: Annotated[
        Path | None, typer.Option(help="Dataset → resource mapping for OpenLineage events (YAML/JSON). [GOVGRAPH_OPENLINEAGE_MAPPING]")
    ] = None,
    jwt_jwks_file: Annotated[Path | None, typer.Option(help="JWKS file of the RS256/ES256 keys that sign tokens. [GOVGRAPH_JWT_JWKS_FILE]")] = None,
    jwt_jwks_url: Annotated[str | None, typer.Option(help="JWKS URL of the RS256/ES256 keys that sign tokens (cached). [GOVGRAPH_JWT_JWKS_URL]")] = None,
    jwt_secret: Annotated[
        str | None, typer.Option(help="HS256 secret (32+ bytes) for small deployments; prefer the variable. [GOVGRAPH_JWT_SECRET]")
    ] = None,
    jwt_issuer: Annotated[str | None, typer.Option(help="Required 'iss' of tokens ('' = not checked). [GOVGRAPH_JWT_ISSUER, default govgraph]")] = None,
    jwt_audience: Annotated[
        str | None, typer.Option(help="Required 'aud' of tokens ('' = not checked). [GOVGRAPH_JWT_AUDIENCE, default govgraph]")
    ] = None,
    jwt_leeway_seconds: Annotated[
        int | None, typer.Option(help="Clock skew allowed on exp/nbf/iat. [GOVGRAPH_JWT_LEEWAY_SECONDS, default 30]")
    ] = None,
    oidc_issuer: Annotated[str | None, typer.Option(help="Issuer URL of the OpenID Connect provider people sign in with. [GOVGRAPH_OIDC_ISSUER]")] = None,
    oidc_client_id: Annotated[str | None, typer.Option(help="This service's (public) client id at that provider. [GOVGRAPH_OIDC_CLIENT_ID]")] = None,
    oidc_scope: Annotated[str | None, typer.Option(help="Scopes to ask the provider for. [GOVGRAPH_OIDC_SCOPE, default openid]")] = None,
    oidc_token: Annotated[str | None, typer.Option(help="The provider's token to use as bearer: access_token or id_token. [GOVGRAPH_OIDC_TOKEN, default access_token]")] = None,
    lineage_max_depth: Annotated[int | None, typer.Option(help="Deepest lineage walk, 1-20. [GOVGRAPH_LINEAGE_MAX_DEPTH, default 12]")] = None,
    lineage_max_nodes: Annotated[int | None, typer.Option(help="Most nodes in a lineage answer. [GOVGRAPH_LINEAGE_MAX_NODES, default 500]")] = None,
    max_query_cost: Annotated[int | None, typer.Option(help="Cost budget of one operation. [GOVGRAPH_MAX_QUERY_COST, default 50000]")] = None,
    max_body_bytes: Annotated[int | None, typer.Option(help="Largest request body (GraphQL POST, OpenLineage event, inflated); larger is a 413. [GOVGRAPH_MAX_BODY_BYTES, default 1000000]")] = None,
    max_load_bytes: Annotated[
        int | None, typer.Option(help="Largest catalog file or export POST /api/v1/load and /api/v1/import take. [GOVGRAPH_MAX_LOAD_BYTES, default 64 MiB]")
    ] = None,
    introspection: Annotated[bool | None, typer.Option("--introspection/--no-introspection", help="GraphQL introspection; off also hides _service and name suggestions. [GOVGRAPH_INTROSPECTION, default on]")] = None,
    gateway_secret: Annotated[
        str | None, typer.Option(help="With introspection off, _service answers only requests carrying this in X-Gateway-Secret; prefer the variable. [GOVGRAPH_GATEWAY_SECRET]")
    ] = None,
    graphiql: Annotated[bool | None, typer.Option("--graphiql/--no-graphiql", help="Serve GraphiQL to browsers. [GOVGRAPH_GRAPHIQL, default on]")] = None,
    fast_path: Annotated[
        bool | None, typer.Option("--fast-path/--no-fast-path", help="Answer with the engine's fast path; off, every field the general way. [GOVGRAPH_FAST_PATH, default on]")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes serving HTTP, 1-64: stateless replicas over one Neo4j (the embedded store takes one). [GOVGRAPH_WORKERS, default 1]")
    ] = None,
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in a browser), OpenLineage events at /api/v1/lineage, with /health and /ready."""
    import uvicorn

    from api.web.app import create_app
    from api.web.operator import Operator

    try:
        settings: Settings = ctx.obj.with_overrides(
            host=host,
            port=port,
            cors_origins=cors_origins,
            assets_dir=assets_dir,
            app_dir=app_dir,
            openlineage_mapping=openlineage_mapping,
            jwt_jwks_file=jwt_jwks_file,
            jwt_jwks_url=jwt_jwks_url,
            jwt_secret=jwt_secret,
            jwt_issuer=jwt_issuer,
            jwt_audience=jwt_audience,
            jwt_leeway_seconds=jwt_leeway_seconds,
            oidc_issuer=oidc_issuer,
            oidc_client_id=oidc_client_id,
            oidc_scope=oidc_scope,
            oidc_token=oidc_token,
            lineage_max_depth=lineage_max_depth,
            lineage_max_nodes=lineage_max_nodes,
            max_query_cost=max_query_cost,
            max_body_bytes=max_body_bytes,
            max_load_bytes=max_load_bytes,
            introspection=introspection,
            gateway_secret=gateway_secret,
            graphiql=graphiql,
            fast_path=fast_path,
            workers=workers,
        )
        if settings.workers > 1 and settings.store_kind == "embedded":
            raise InvalidArgumentError(
                _("--workers {workers} needs Neo4j (GOVGRAPH_NEO4J_URI): the embedded store lives in one process's memory and its data directory opens in one process at a time; serve it with one worker", workers=settings.workers)
            )
        # On the embedded store the service holds the data directory: the command line's writes come through it.
        operator = Operator() if settings.store_kind == "embedded" else None
        # Built here also with several workers, each of which builds its own: a wrong setting stops the start.
        application = create_app(settings, store_for(settings), sample=sample, operator=operator)
    except GovGraphError as e:
        err.print(f"[red]error[/red] [{e.code}] {e.message}", highlight=False)
        raise typer.Exit(2) from None
    if settings.workers > 1:
        _serve_workers(settings, sample)
        return
    url = f"http://{settings.host}:{settings.port}/"
    err.print(escape(_("govgraph on the {store} store: {url} (GraphQL at /graphql)", store=settings.store_kind, url=url)), highlight=False)
    settle_for_serving()
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")


def _serve_workers(settings: Settings, sample: bool) -> None:
    """Serve with `settings.workers` processes over one Neo4j (uvicorn's supervisor, which starts them
    again if one dies); the sample district is loaded here first, once, rather than by each of them."""
    import uvicorn

    from api.cli.process import pass_on

    if sample:

        async def load_if_empty(store: GraphStore) -> None:
            if not (await store.counts()).labels:
                await load_sample(store)

        _run(settings, load_if_empty)
    pass_on(settings)
    err.print(
        f"govgraph on the {settings.store_kind} store with {settings.workers} workers: http://{settings.host}:{settings.port}/ (GraphQL at /graphql)",
        highlight=False,
    )
    uvicorn.run("api.cli.process:worker_app", factory=True, workers=settings.workers, host=settings.host, port=settings.port, log_level="info")


@app.command()
def token(
    ctx: typer.Context,
    department: Annotated[str, typer.Option(help="The department the token speaks for (its code).")],
    role: Annotated[list[Role], typer.Option(help="A role the token grants (repeat for several).")],
    subject: Annotated[str | None, typer.Option(help="The token's subject (sub). [default dev:<department>]")] = None,
    ttl: Annotated[int, typer.Option(help="Seconds until the token expires.")] = 3600,
    key_file: Annotated[
        Path | None, typer.Option(help="Sign with this PEM private key (EC P-256 or RSA) instead of the dev key in <data dir>/dev-keys.")
    ] = None,
) -> None:
    """Issue a development token (ES256 dev key, or HS256 with GOVGRAPH_JWT_SECRET); stderr says how to serve with it."""
    from api.web.dev_tokens import issue

    settings: Settings = ctx.obj
    try:
        issued = issue(settings, department, role, subject=subject, ttl_seconds=ttl, key_file=key_file)
    except GovGraphError as e:
        err.print(f"[red]error[/red] [{e.code}] {e.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    typer.echo(issued.token)
    err.print(escape(_("serve with {settings}", settings=issued.serve_with)), highlight=False, soft_wrap=True)


@app.command("sample-path")
def sample_path_command() -> None:
    """Print where the shipped sample district file is."""
    out.print(str(sample_path()), highlight=False)


class WalkDirection(str, Enum):
    """Which way `lineage` walks."""

    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"
    BOTH = "both"


class WalkLevel(str, Enum):
    """Resource-level or item-level lineage."""

    RESOURCE = "resource"
    ITEM = "item"


class LineageFormat(str, Enum):
    """How `lineage` prints its answer."""

    TREE = "tree"
    JSON = "json"
    DOT = "dot"
    MERMAID = "mermaid"


class ImpactFormat(str, Enum):
    """How `impact` prints its answer."""

    TREE = "tree"
    JSON = "json"


@app.command("lineage")
def lineage_command(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A resource code, an item code (<resource>#<item>), or a system, department, consumer or platform code.")],
    direction: Annotated[WalkDirection, typer.Option(help="Which way to walk.")] = WalkDirection.UPSTREAM,
    depth: Annotated[int, typer.Option(help="How many steps to walk (1 to 12).")] = 3,
    level: Annotated[WalkLevel, typer.Option(help="Resource or data-item lineage.")] = WalkLevel.RESOURCE,
    fmt: Annotated[
        LineageFormat, typer.Option("--format", help="A tree for reading; JSON, Graphviz DOT or Mermaid for tools and documents.")
    ] = LineageFormat.TREE,
) -> None:
    """Where a resource or item comes from and where it flows: a tree, JSON, DOT or Mermaid."""
    from api.cli import lineage_render as render
    from lineage.flow import FlowDirection
    from lineage.lineage import Level, lineage

    settings: Settings = ctx.obj
    question = render.LineageQuestion(code, FlowDirection(direction.name), depth, Level(level.name))
    answer = _run(settings, lambda store: lineage(store, code, question.direction, question.depth, question.level), read_only=True)
    if fmt is LineageFormat.TREE:
        out.print(render.lineage_tree(answer, question))
    elif fmt is LineageFormat.JSON:
        typer.echo(render.lineage_json(answer, question))
    elif fmt is LineageFormat.DOT:
        typer.echo(render.lineage_dot(answer), nl=False)
    else:
        typer.echo(render.lineage_mermaid(answer), nl=False)


@app.command("impact")
def impact_command(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The resource code.")],
    fmt: Annotated[ImpactFormat, typer.Option("--format", help="A tree for reading, or JSON.")] = ImpactFormat.TREE,
) -> None:
    """What a wrong value in a resource reaches (Art.25): derived resources, uses, consumers, citations, open data, whom to notify."""
    from api.cli import lineage_render as render
    from lineage.impact import impact

    settings: Settings = ctx.obj
    found = _run(settings, lambda store: impact(store, code), read_only=True)
    if fmt is ImpactFormat.TREE:
        out.print(render.impact_tree(found))
    else:
        typer.echo(render.impact_json(found))


@app.command("generate")
def generate_command(
    ctx: typer.Context,
    scale: Annotated[float, typer.Option(help="Size, at least 0.01: 1 is one district (60 departments, 300 systems, 3,000 resources, 30,000 items, 6,000 lineage steps, 10,000 uses, 2,000 citations); everything grows with it.")] = 1.0,
    seed: Annotated[int, typer.Option(help="The same scale and seed always give the same graph.")] = 0,
    batch: Annotated[int, typer.Option(help="Records per batch: one transaction (Neo4j) or one journal line (embedded) each.")] = 10_000,
    writers: Annotated[int, typer.Option(help="Neo4j only: batches written side by side, 1 to 8 (a batch still waits for any batch whose nodes it joins).")] = 2,
) -> None:
    """Generate a synthetic district at --scale and bulk-load it into the store, for benchmarks and load tests.

    The load is atomic per batch, not all-or-nothing: if it stops, the batches before stay written;
    running it again with the same scale and seed completes it (every write is an upsert). Into an
    empty Neo4j the records are created rather than merged, which is faster.
    """
    from graph.bulk import BulkStats
    from graph.embedded import EmbeddedStore
    from graph.embedded.bulk import bulk_load as embedded_bulk_load
    from graph.neo4j import Neo4jStore
    from graph.neo4j.bulk import MAX_WRITERS
    from graph.neo4j.bulk import bulk_load as neo4j_bulk_load
    from loaders.synthetic import SyntheticDistrict

    if batch < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--batch")
    if not 1 <= writers <= MAX_WRITERS:
        raise typer.BadParameter(f"must be between 1 and {MAX_WRITERS}", param_hint="--writers")
    try:
        district = SyntheticDistrict(scale, seed)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--scale") from None
    settings: Settings = ctx.obj
    # The records of a batch live until it is written, so nearly every container the generator makes
    # survives a young collection, and the older ones then walk them all again: the collector runs as
    # while serving (`GC_THRESHOLDS`). Measured, generating S=10 alone: 15.4 -> 12.6 s.
    gc.set_threshold(*GC_THRESHOLDS)

    async def work(store: GraphStore) -> tuple[BulkStats, bool]:
        """What was written, and whether it was created rather than merged."""
        with _progress(f"generating scale {scale:g} (seed {seed})", district.approximate_records()) as advance:
            if isinstance(store, Neo4jStore):
                # The district's records come once each (`loaders.synthetic`): into a store that holds
                # nothing they may be created, not merged.
                empty = not any((await store.counts()).labels.values())
                return await neo4j_bulk_load(store, district.batches(batch), advance, writers, create=empty), empty
            if isinstance(store, EmbeddedStore):
                return await embedded_bulk_load(store, district.batches(batch), advance), False
            raise typer.BadParameter(f"no bulk loader for the {store.name} store")

    stats, created = _run(settings, work)
    out.print(
        f"generated scale {scale:g} seed {seed} into the {settings.store_kind} store: {stats.nodes} nodes, "
        f"{stats.relationships} relationships in {stats.batches} batches, {stats.seconds:.1f} s, "
        f"{stats.rate:,.0f} records/s"
        + (f"; the store was empty, so they were created rather than merged, and the full-text index built after "
           f"them ({stats.index_seconds:.1f} s of the time)" if created else "")
        + (f"; {stats.retried} {'batch' if stats.retried == 1 else 'batches'} run again after a transient error "
           "(such as a deadlock between writers); every batch is written once" if stats.retried else ""),
        highlight=False,
    )


def main() -> Any:
    """Entry point of the `govgraph` console script."""
    return app()


@app.command("report")
def report_command(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(help="The year the report covers (Art.34).")],
    out_path: Annotated[Path | None, typer.Option("--out", help="The HTML file to write. [default govgraph-report-YEAR.html]")] = None,
) -> None:
    """Write the annual report (Art.34) as one self-contained HTML page: migration progress, findings by department, sharing over time, scorecards."""
    from api.web.report_page import render
    from lineage import clock
    from lineage.report import annual_report

    settings: Settings = ctx.obj
    path = out_path or Path(f"govgraph-report-{year}.html")
    started = time.perf_counter()
    found = _run(settings, lambda store: annual_report(store, year), read_only=True)
    with _replacing(path) as tmp:
        tmp.write_text(render(found, clock.today()), encoding="utf-8")
    line = _(
        "wrote the {year} annual report to {path}: {systems:,} systems to move in {waves} waves, {findings:,} findings, {scorecards:,} scorecards, in {seconds:.2f} s",
        year=year,
        path=path,
        systems=len(found.plan.placements),
        waves=len(found.plan.waves),
        findings=len(found.findings),
        scorecards=len(found.scorecards),
        seconds=time.perf_counter() - started,
    )
    out.print(escape(line), highlight=False)


holidays_app = typer.Typer(help="The working-day calendar: holiday notices the EIC loads for years the built-in calendar does not know.", no_args_is_help=True)
app.add_typer(holidays_app, name="holidays")


@holidays_app.command("load")
def holidays_load_command(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A holiday notice file (govgraph: holidays/1).")]) -> None:
    """Load a year's holiday notice (replacing an earlier one); deadlines in that year then count by it."""
    from lineage.workdays import load_schedule
    from loaders.holidays import read_notice

    settings: Settings = ctx.obj

    async def work(store: GraphStore) -> str:
        notice = read_notice(path)
        await load_schedule(store, notice.year, notice.holidays, notice.workdays, notice.source)
        return _(
            "loaded the holiday notice of {year}: {holidays} days off, {workdays} make-up working days",
            year=notice.year,
            holidays=len(set(notice.holidays)),
            workdays=len(set(notice.workdays)),
        )

    out.print(escape(_run(settings, work)), highlight=False)
