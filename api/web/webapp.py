"""The web app at `/`: the built single-page app (web/app, React + Vite) served from local files.

`scripts/serve` and `scripts/test` build it into `web/app/dist` (`GOVGRAPH_APP_DIR`); this module
only serves what was built, since government networks have no internet and nothing may come from a
CDN. Files under `/assets/` carry a content hash in their names, so browsers keep them for a year;
`index.html` is revalidated on every load, so a new build is picked up at once.

The app routes in the browser (history API), so a deep link such as `/resources/101001%2F000001`
is answered with `index.html` whenever a browser asks for a page (`Accept: text/html`) at a path no
server route owns. `/open/catalog` is both: the open catalog page of the app for a browser, DCAT for
harvesters (`html_or`).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from api.web.negotiation import accept_weights

Endpoint = Callable[[Request], Awaitable[Response]]

# Paths the server owns: never answered with the app's page, so their own 404s stay 404s.
SERVER_PREFIXES = ("/graphql", "/graphiql/", "/explore", "/api/", "/auth/", "/health", "/ready", "/assets/")
IMMUTABLE = "public, max-age=31536000, immutable"

MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>govgraph · 网页应用尚未构建</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.6">
<h1>网页应用尚未构建</h1>
<p>govgraph 的网页应用从本地文件提供（政务网络不连接互联网）。在 {app_dir} 中没有找到构建结果。请先构建一次：</p>
<pre>scripts/webapp</pre>
<p>（<code>scripts/serve</code> 会自动构建），然后刷新本页。GraphQL 接口不依赖网页应用：
<a href="/graphql">/graphql</a>（GraphiQL）、<a href="/explore">/explore</a>（血缘浏览器）照常可用。</p>
<p lang="en">The web app is not built in {app_dir}: run <code>scripts/webapp</code> once (scripts/serve does), then reload.</p>
</body></html>
"""


def _weight(weights: dict[str, float], media: str) -> float:
    """The weight an Accept header gives `media`: its own range, else its type's `*`, else `*/*`."""
    for key in (media, media.split("/")[0] + "/*", "*/*"):
        if key in weights:
            return weights[key]
    return 0.0


def wants_page(request: Request, rather_than: Iterable[str] = ()) -> bool:
    """Whether the client asks for an HTML page (a browser's navigation names text/html), and prefers
    it to each media type of `rather_than` the same path also answers in."""
    weights = accept_weights(request.headers.get("accept", ""))
    html = weights.get("text/html", 0.0)
    return html > 0 and all(html > _weight(weights, media) for media in rather_than)


class WebApp:
    """Serves the built app in `app_dir`: its hashed assets, and `index.html` for every page of the app."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = Path(app_dir)

    @property
    def index(self) -> Path:
        return self.app_dir / "index.html"

    def built(self) -> bool:
        return self.index.is_file()

    def page(self) -> Response:
        """The app's one page (the router in the browser draws the rest), or how to build it."""
        if not self.built():
            return HTMLResponse(MISSING.format(app_dir=self.app_dir), status_code=503)
        return FileResponse(self.index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def asset(self, request: Request) -> Response:
        """A built file under /assets/ (hashed names: cached for good)."""
        relative = PurePosixPath(request.path_params["path"])
        if relative.is_absolute() or ".." in relative.parts:
            return PlainTextResponse("not found", status_code=404)
        path = self.app_dir / "assets" / relative
        if not path.is_file():
            return PlainTextResponse("not found", status_code=404)
        headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
        zipped = path.with_name(path.name + ".gz")  # made by the build (web/app/tools/compress.mjs)
        if zipped.is_file() and "gzip" in accept_weights(request.headers.get("accept-encoding", "")):
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return FileResponse(zipped, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
        return FileResponse(path, headers=headers)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        """A path no route owns: the app's page for a browser's navigation, else 404 (history-API fallback).

        Registered as the app's 404 handler, so a known path with the wrong method still answers 405.
        """
        path = request.url.path
        if request.method in ("GET", "HEAD") and wants_page(request) and not path.startswith(SERVER_PREFIXES):
            return self.page()
        return PlainTextResponse("Not Found", status_code=404)

    async def root(self, request: Request) -> Response:
        return self.page()

    def html_or(self, other: Endpoint, media_types: Iterable[str]) -> Endpoint:
        """`other`, which answers in `media_types`, except that a browser preferring a page (and a built
        app) gets the app's page."""
        offers = tuple(media_types)

        async def endpoint(request: Request) -> Response:
            if self.built() and wants_page(request, offers):
                response = self.page()
                response.headers["Vary"] = "Accept"
                return response
            return await other(request)

        return endpoint

    def routes(self) -> list[BaseRoute]:
        """`/` and `/assets/…`; deep links come through `not_found`."""
        return [Route("/", self.root, methods=["GET", "HEAD"]), Route("/assets/{path:path}", self.asset, methods=["GET", "HEAD"])]
