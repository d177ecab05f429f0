"""The lineage explorer (血缘浏览器) at `/explore`: a browser page that draws lineage from the public GraphQL API.

The page is a client of `/graphql` like any other (it sends the bearer token the user sets), so it
needs no endpoint of its own. Two kinds of file serve it, both local, since government networks
have no internet: third-party libraries (cytoscape and its dagre layout) that `scripts/assets`
installs from npm into `web/node_modules`, and our own source in `web/explorer/` (an installed wheel
carries both: `api.web.bundle`). The drawing
module `lineage-graph.js` is shared with GraphiQL's Lineage panel (`lineage-plugin.js`).
Without the libraries the page says how to get them; the API still works.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from api.web.bundle import explorer_dir


# URL name under /explore/assets/ -> file inside the installed assets (node_modules).
LIBRARIES = {
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape-dagre.js": "cytoscape-dagre/dist/cytoscape-dagre.min.js",
}
# URL name under /explore/assets/ -> our own file in web/explorer/.
SOURCES = {
    "lineage-graph.js": "lineage-graph.js",
    "lineage-graph.css": "lineage-graph.css",
    "lineage-plugin.js": "lineage-plugin.js",
    "explorer.js": "explorer.js",
    "explorer.css": "explorer.css",
}

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>govgraph · 血缘浏览器 Lineage explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/explore/assets/lineage-graph.css">
  <link rel="stylesheet" href="/explore/assets/explorer.css">
</head>
<body>
  <div id="explorer"></div>
  <script id="explorer-config" type="application/json">{config}</script>
  <script src="/explore/assets/cytoscape.js"></script>
  <script src="/explore/assets/cytoscape-dagre.js"></script>
  <script src="/explore/assets/lineage-graph.js"></script>
  <script src="/explore/assets/explorer.js"></script>
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>govgraph · lineage explorer assets missing</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
<h1>The lineage explorer's files are not installed</h1>
<p>govgraph serves its pages from local files, since government networks have no internet.
The drawing libraries (cytoscape, cytoscape-dagre) are not in {assets}. Install them once with:</p>
<pre>scripts/assets</pre>
<p>(or <code>npm ci --prefix web</code>), then reload this page. The GraphQL API itself works without
them: POST queries to <code>/graphql</code>, e.g. <code>lineage(code: …, direction: BOTH)</code>.</p>
</body></html>
"""


class Explorer:
    """The `/explore` page and its asset routes: libraries from `assets_dir`, our own files from `source_dir`."""

    def __init__(self, assets_dir: Path, max_depth: int, source_dir: Path | None = None) -> None:
        self.assets_dir = Path(assets_dir)
        self.source_dir = explorer_dir() if source_dir is None else Path(source_dir)
        self.max_depth = max_depth

    def _file(self, name: str) -> Path | None:
        if name in LIBRARIES:
            return self.assets_dir / LIBRARIES[name]
        if name in SOURCES:
            return self.source_dir / SOURCES[name]
        return None

    def available(self) -> bool:
        return all((path is not None and path.is_file()) for path in map(self._file, [*LIBRARIES, *SOURCES]))

    async def page(self, request: Request) -> Response:
        if not self.available():
            return HTMLResponse(MISSING.format(assets=self.assets_dir), status_code=503)
        # `<` escaped, so no value can close the script element the configuration sits in.
        config = json.dumps({"graphql": "/graphql", "maxDepth": self.max_depth}).replace("<", "\\u003c")
        return HTMLResponse(PAGE.format(config=config))

    async def asset(self, request: Request) -> Response:
        path = self._file(request.path_params["name"])
        if path is None or not path.is_file():
            return Response("not found", status_code=404)
        # Our own files change with the code, so the browser revalidates them; libraries are pinned.
        cache = "public, max-age=86400" if request.path_params["name"] in LIBRARIES else "no-cache"
        return FileResponse(path, headers={"Cache-Control": cache})

    def routes(self) -> list[BaseRoute]:
        return [Route("/explore", self.page), Route("/explore/assets/{name}", self.asset)]
