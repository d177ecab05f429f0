"""The `govgraph` command: load, export, import and count the graph on either store (and, later, serve).

Every option has a `GOVGRAPH_*` variable; a flag given on the command line wins over the variable.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph import jsonl
from graph.errors import GovGraphError
from graph.settings import Settings
from graph.store import GraphStore
from graph.stores import store_for
from loaders.files import read_plan
from loaders.plan import LoadReport
from loaders.sample_district import load_sample, sample_path

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
) -> None:
    """Read the settings once; commands find them in the context."""
    ctx.obj = Settings.from_environ(
        neo4j_uri=neo4j_uri,
        neo4j_user=neo4j_user,
        neo4j_password=neo4j_password,
        neo4j_database=neo4j_database,
        data_dir=data_dir,
    )


def _run(settings: Settings, work: Callable[[GraphStore], Awaitable[T]]) -> T:
    """Open the configured store, run `work` on it, close it; our errors end the command with code 1."""

    async def go() -> T:
        async with store_for(settings) as store:
            return await work(store)

    try:
        return asyncio.run(go())
    except GovGraphError as e:
        err.print(f"[red]error[/red] [{e.code}] {e.message}", highlight=False, soft_wrap=True)
        problems = getattr(e, "problems", [])
        for problem in problems[1:10]:
            err.print(f"  also: {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def _print_report(report: LoadReport, seconds: float) -> None:
    created = f", {report.created_if_missing} created from rows" if report.created_if_missing else ""
    out.print(
        f"loaded {report.source}: {sum(report.nodes.values())} nodes, "
        f"{sum(report.relationships.values())} relationships{created} in {seconds:.2f} s",
        highlight=False,
    )


@app.command()
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="District files (.yaml/.yml/.json) or national-template catalogs (.csv).")],
) -> None:
    """Load files into the store; each file is all-or-nothing, and loading it again changes nothing."""
    settings: Settings = ctx.obj

    async def work(store: GraphStore) -> None:
        for path in paths:
            started = time.perf_counter()
            plan = read_plan(path)
            with _progress(f"loading {path.name}", len(plan.nodes) + len(plan.relationships)) as advance:
                report = await plan.apply(store, advance)
            _print_report(report, time.perf_counter() - started)

    _run(settings, work)


@app.command("load-sample")
def load_sample_command(ctx: typer.Context) -> None:
    """Load the sample district shipped with govgraph."""
    settings: Settings = ctx.obj

    async def work(store: GraphStore) -> None:
        started = time.perf_counter()
        with _progress("loading the sample district", None) as advance:
            report = await load_sample(store, advance)
        _print_report(report, time.perf_counter() - started)

    _run(settings, work)


@app.command()
def export(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="The JSON Lines file to write ('-' for stdout).")]) -> None:
    """Export the whole graph, losslessly and in a stable order, as JSON Lines."""
    settings: Settings = ctx.obj

    async def work(store: GraphStore) -> int:
        if str(path) == "-":
            return await jsonl.write(sys.stdout, store.nodes(), store.relationships())
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            count = await jsonl.write(f, store.nodes(), store.relationships())
        tmp.replace(path)
        return count

    count = _run(settings, work)
    if str(path) != "-":
        out.print(f"exported {count} records to {path}", highlight=False)


@app.command("import")
def import_command(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A JSON Lines export.")]) -> None:
    """Import an export (all-or-nothing; merges into what the store holds)."""
    settings: Settings = ctx.obj

    async def work(store: GraphStore) -> int:
        changes = jsonl.read_changes(path)
        with _progress(f"importing {path.name}", len(changes)) as advance:
            await store.apply(changes, advance)
        return len(changes)

    started = time.perf_counter()
    count = _run(settings, work)
    out.print(f"imported {count} records from {path} in {time.perf_counter() - started:.2f} s", highlight=False)


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Count nodes per label and relationships per type."""
    settings: Settings = ctx.obj
    counts = _run(settings, lambda store: store.counts())
    if as_json:
        out.print_json(data={"labels": counts.labels, "relationships": counts.relationships})
        return
    table = Table("kind", "name", "count", title=f"{settings.store_kind} store")
    for name, n in counts.labels.items():
        table.add_row("node", name, str(n))
    for name, n in counts.relationships.items():
        table.add_row("relationship", name, str(n))
    out.print(table)


@app.command()
def serve(
    ctx: typer.Context,
    sample: Annotated[bool, typer.Option("--sample", help="Load the sample district into the store if it is empty.")] = False,
    host: Annotated[str | None, typer.Option(help="Address to listen on. [GOVGRAPH_HOST, default 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on. [GOVGRAPH_PORT, default 8000]")] = None,
    cors_origins: Annotated[str | None, typer.Option(help="Comma-separated origins allowed by CORS. [GOVGRAPH_CORS_ORIGINS]")] = None,
    assets_dir: Annotated[Path | None, typer.Option(help="Installed web assets (GraphiQL). [GOVGRAPH_ASSETS_DIR]")] = None,
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in a browser), with /health and /ready."""
    import uvicorn

    from api.app import create_app

    try:
        settings: Settings = ctx.obj.with_overrides(host=host, port=port, cors_origins=cors_origins, assets_dir=assets_dir)
    except GovGraphError as e:
        err.print(f"[red]error[/red] [{e.code}] {e.message}", highlight=False)
        raise typer.Exit(2) from None
    application = create_app(settings, store_for(settings), sample=sample)
    err.print(f"govgraph on the {settings.store_kind} store: http://{settings.host}:{settings.port}/graphql", highlight=False)
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")


@app.command("sample-path")
def sample_path_command() -> None:
    """Print where the shipped sample district file is."""
    out.print(str(sample_path()), highlight=False)


def main() -> Any:
    """Entry point of the `govgraph` console script."""
    return app()
