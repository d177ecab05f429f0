"""Builds the ASGI application from explicit parts: settings, a store, the schema, the web app, sign-in, GraphiQL, the lineage explorer."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.web import bundle
from api.web.auth import Authenticator
from api.web.explorer import Explorer
from api.web.graphiql import GraphiQL
from api.web.http import GraphQLEndpoint
from api.web.language import Language
from api.web.loads import FileEndpoints
from api.web.national_export import PATH as NATIONAL_CSV, NationalCsvExport
from api.web.open_catalog import OpenCatalogEndpoint
from api.web.openlineage import OpenLineageEndpoint
from api.web.report_endpoint import ReportEndpoint
from api.engine.limits import Limits
from api.schema.build import build_schema
from api.web.oidc import OpenIdConnect
from api.web.operator import Operator, local_url
from api.web.signin import SignIn
from api.web.webapp import WebApp
from lineage.lineage import LineageLimits
from lineage.publication import MEDIA_TYPES
from graph.errors import GovGraphError
from graph.settings import Settings
from graph.store import GraphStore
from loaders.sample_district import load_sample

log = logging.getLogger("govgraph.api")


def create_app(settings: Settings, store: GraphStore, sample: bool = False, owns_store: bool = True, operator: Operator | None = None) -> Starlette:
    """The service over `store`, which the app starts with its lifespan (and closes, if it owns it).

    With `sample`, the sample district is loaded when the store holds nothing yet. With `operator`
    (`govgraph serve` on the embedded store), the service announces itself in the data directory once
    the store is open, so that the command line's writes come through it (`api.web.operator`).
    """
    assets_dir = settings.assets_dir or bundle.assets_dir()
    graphiql = GraphiQL(assets_dir)
    explorer = Explorer(assets_dir, settings.lineage_max_depth)
    webapp = WebApp(settings.app_dir or bundle.app_dir())
    authenticator = Authenticator.from_settings(settings)
    limits = Limits(max_cost=settings.max_query_cost, max_lineage_depth=settings.lineage_max_depth)
    lineage_limits = LineageLimits(max_depth=settings.lineage_max_depth, max_nodes=settings.lineage_max_nodes)
    endpoint = GraphQLEndpoint(
        build_schema(limits, introspection=settings.introspection, fast_path=settings.fast_path),
        store,
        ide=graphiql.page if settings.graphiql else None,
        authenticator=authenticator,
        limits=lineage_limits,
        max_body_bytes=settings.max_body_bytes,
        gateway_secret=settings.gateway_secret,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await store.start()
        if sample and not (await store.counts()).labels:
            report = await load_sample(store)
            log.info("loaded the sample district: %d nodes, %d relationships", sum(report.nodes.values()), sum(report.relationships.values()))
        if operator is not None:
            operator.announce(settings.data_dir, local_url(settings.host, settings.port))
        try:
            yield
        finally:
            if operator is not None:
                operator.withdraw()
            if owns_store:
                await store.close()

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def ready(request: Request) -> Response:
        try:
            await store.ping()
        except GovGraphError as e:
            return JSONResponse({"status": "unavailable", "code": e.code, "message": e.message}, status_code=503)
        return JSONResponse({"status": "ready", "store": store.name})

    routes = [
        Route("/graphql", endpoint.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/api/v1/lineage", OpenLineageEndpoint.from_file(store, settings.openlineage_mapping, authenticator, settings.max_body_bytes).handle, methods=["POST"]),
        *FileEndpoints(store, authenticator, settings.max_load_bytes, operator).routes(),
        Route(NATIONAL_CSV, NationalCsvExport(store, authenticator, settings.max_export_resources).handle, methods=["GET"]),
        Route("/open/catalog", webapp.html_or(OpenCatalogEndpoint(store).handle, MEDIA_TYPES), methods=["GET"]),
        Route("/report", ReportEndpoint(store, authenticator).handle, methods=["GET"]),
        Route("/health", health),
        Route("/ready", ready),
        *webapp.routes(),
        *SignIn(settings, store, OpenIdConnect.from_settings(settings, authenticator)).routes(),
        *graphiql.routes(),
        *explorer.routes(),
    ]
    middleware = [Middleware(Language)]
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Authorization"],
            )
        )
    # A path no route owns: the web app's page for a browser (deep links), else 404.
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={404: webapp.not_found})
