"""GraphiQL served from local files: government networks have no internet, so nothing comes from a CDN.

It shares the web app's sign-in: every tab sends the token the app keeps in localStorage (unless
the tab's own Headers set `Authorization`), across reloads, and the logo says who is signed in.

The assets are npm packages pinned in `web/package.json` and installed by `scripts/assets` into
`web/node_modules` (never committed). Without them the page says how to get them; the API still works.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from api.web.bundle import graphiql_dir

# The signed-in user's token on every request of every tab (our own file, not an npm asset).
SIGN_IN_SCRIPT = "sign-in.js"

# URL path under /graphiql/assets/ -> file inside the assets directory (node_modules).
ASSETS = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
    "explorer.js": "@graphiql/plugin-explorer/dist/index.umd.js",
    "explorer.css": "@graphiql/plugin-explorer/dist/style.css",
    "js-cookie.js": "js-cookie/dist/js.cookie.min.js",
}

EXAMPLES = [
    (
        "目录分页 — a catalog page",
        """query CatalogPage($after: String) {
  resources(first: 10, after: $after, filter: {catalogKind: [BASE]}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { code name shareType openType updateCycle provider { name } itemCount } }
  }
}""",
    ),
    (
        "资源详情 — a resource with its provider and items",
        """query ResourceDetail {
  resources(first: 1, filter: {text: "人口"}) {
    edges {
      node {
        code name summary shareType shareCondition
        provider { code name }
        catalogs { code name kind }
        items { name dataType identifierKind personal }
      }
    }
  }
}""",
    ),
    (
        "中文搜索 — search in Chinese",
        """query Search {
  search(text: "人口", first: 10) {
    totalCount
    nodes {
      __typename
      ... on Department { code name }
      ... on Catalog { code name kind }
      ... on Resource { code name shareType }
    }
  }
}""",
    ),
    (
        "血缘 — upstream lineage (Art.12, Art.20)",
        """query Lineage {
  lineage(code: "315007/000001", direction: UPSTREAM, depth: 4) {
    truncated depthReached
    nodes { id kind code name depth }
    edges { source target kind transform system desensitisation }
  }
}""",
    ),
    (
        "影响分析 — impact of an error (Art.25)",
        """query Impact {
  impact(code: "102001/000001") {
    counts { derived uses consumers citations publications }
    derived { code name provider { name } effectiveShareType }
    citations { ... on Citation { document documentKind permission } }
    notify { ... on Department { code name } }
  }
}""",
    ),
    (
        "引用许可 — may 区卫健委 cite this in a major decision? (Art.24–25; send a token of the EIC or 区卫健委)",
        """query CitationPermission {
  citationPermission(
    consumer: "C-WJW", resource: "347002/000001", documentKind: MAJOR_DECISION
    purpose: "冬春季传染病防控", document: "区政府常务会议关于冬春季传染病防控工作的决定"
  ) {
    allowed
    reasons { rule article passed message }
    attribution
    use { useId purpose status grantedAt expiresAt }
    citation { citationId permission }
  }
}""",
    ),
    (
        "开放目录 — the open catalog (Art.10)",
        """query OpenCatalog {
  openCatalog(first: 20) {
    totalCount
    edges { node { code name openType openCondition provider { name } } }
  }
}""",
    ),
    (
        "迁移计划 — the full migration plan to the government cloud (Art.15, Art.28; send an EIC token, a department's plans its own systems)",
        """query MigrationPlan {
  migrationPlan(input: {capacityPerWave: 10}) {
    summary { systems moving staying waves cycles crossEnvironmentLinks byVerdict { verdict count } }
    waves { number size oversized }
    placements(first: 20) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { code name wave verdict movesWith pinned reasons { kind message } } }
    }
    links(kind: CROSS_ENVIRONMENT, first: 20) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { system wave other { code verdict exemptingRule } message } }
    }
    staying(verdict: [EXEMPT]) { code name exemptingRule reasons { article message } }
    departmentClouds { code name action reasons { message } }
  }
}""",
    ),
    (
        "合规检查 — compliance findings (Art.33, Art.38; send an EIC token, a department's sees its own)",
        """query Findings($after: String) {
  findings(first: 20, after: $after, filter: {severity: [HIGH, MEDIUM]}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { rule article severity subject message dueDate department { name } } }
  }
  findingRules { rule article title severity }
}""",
    ),
]

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>govgraph · GraphiQL</title>
  <link rel="icon" href="data:,"><!-- no /favicon.ico request, so no 404 in the console -->
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <link rel="stylesheet" href="/graphiql/assets/explorer.css">
  <link rel="stylesheet" href="/explore/assets/lineage-graph.css">
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/js-cookie.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/explorer.js"></script>
  <!-- The Lineage panel (api/explorer.py serves these); GraphiQL works without them. -->
  <script src="/explore/assets/cytoscape.js"></script>
  <script src="/explore/assets/cytoscape-dagre.js"></script>
  <script src="/explore/assets/lineage-graph.js"></script>
  <script src="/explore/assets/lineage-plugin.js"></script>
  <script src="/graphiql/sign-in.js"></script>
  <script>
    const lineage = window.GovgraphLineagePlugin;
    const signIn = window.GovgraphSignIn;
    const plain = signIn.fetcher(GraphiQL.createFetcher({{ url: "/graphql", headers: {{ Accept: "application/graphql-response+json" }} }}));
    const fetcher = lineage ? lineage.capture(plain) : plain;
    const explorer = GraphiQLPluginExplorer.explorerPlugin();
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{
        fetcher,
        plugins: lineage ? [explorer, lineage.plugin] : [explorer],
        defaultEditorToolsVisibility: true,
        defaultTabs: {tabs},
      }}, React.createElement(GraphiQL.Logo, null, "GraphiQL · ", React.createElement("a", {{ href: "/explore" }}, "血缘浏览器"), " · ", React.createElement(signIn.Badge)))
    );
  </script>
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>govgraph · GraphiQL assets missing</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
<h1>GraphiQL's files are not installed</h1>
<p>govgraph serves GraphiQL from local files, since government networks have no internet.
They are not in {assets}. Install them once with:</p>
<pre>scripts/assets</pre>
<p>(or <code>npm ci --prefix web</code>), then reload this page. The GraphQL API itself works without
them: POST queries to <code>/graphql</code>.</p>
</body></html>
"""


class GraphiQL:
    """The GraphiQL page and its asset routes, reading files from `assets_dir`."""

    def __init__(self, assets_dir: Path) -> None:
        self.assets_dir = Path(assets_dir)

    def available(self) -> bool:
        return all((self.assets_dir / path).is_file() for path in ASSETS.values())

    async def page(self, request: Request) -> Response:
        if not self.available():
            return HTMLResponse(MISSING.format(assets=self.assets_dir), status_code=503)
        tabs = json.dumps([{"query": f"# {title}\n{query}"} for title, query in EXAMPLES], ensure_ascii=False)
        return HTMLResponse(PAGE.format(tabs=tabs))

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS or not (self.assets_dir / ASSETS[name]).is_file():
            return Response("not found", status_code=404)
        return FileResponse(self.assets_dir / ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})

    async def sign_in_script(self, request: Request) -> Response:
        """The page's sign-in: the app's token on every tab's requests (web/graphiql/sign-in.js)."""
        return FileResponse(graphiql_dir() / SIGN_IN_SCRIPT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    def routes(self) -> list[BaseRoute]:
        return [Route("/graphiql/sign-in.js", self.sign_in_script), Route("/graphiql/assets/{name}", self.asset)]
