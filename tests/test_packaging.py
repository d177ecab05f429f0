"""Installable (issue 34): the sdist and the wheel `scripts/package` builds carry everything `govgraph serve`
needs, and a fresh virtual environment holding the locked dependencies and the wheel alone — no
checkout, no npm — serves the sample district: a real Chromium opens the web app, GraphiQL and the
lineage explorer from it, signed in through the development sign-in."""

from __future__ import annotations

import os
import subprocess
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, expect

from tests.api.service_process import Service
from tests.api.web.test_webapp_browser import EIC, Watch, context, run_in_graphiql, sign_in, stored_token  # noqa: F401  (context: a fixture)
from tests.conftest import ROOT

pytestmark = [pytest.mark.embedded, pytest.mark.slow]
# What serve reads from the wheel, and where a checkout keeps it.
CARRIED = [
    "api/web/bundle/app/index.html",
    "api/web/bundle/node_modules/graphiql/graphiql.min.js",
    "api/web/bundle/node_modules/react/umd/react.production.min.js",
    "api/web/bundle/node_modules/cytoscape/dist/cytoscape.min.js",
    "api/web/bundle/node_modules/cytoscape/LICENSE",
    "api/web/bundle/explorer/lineage-graph.js",
    "api/web/bundle/explorer/lineage-plugin.js",
    "api/web/bundle/graphiql/sign-in.js",
    "graph/locale/zh_CN/LC_MESSAGES/govgraph.mo",
    "loaders/sample/district.yaml",
]


def run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False, timeout=900)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the locked runtime dependencies and the wheel, nothing else."""
    work = tmp_path_factory.mktemp("package")
    out = run(ROOT / "scripts" / "package", work / "dist")
    wheel = next(Path(line) for line in out.split() if line.endswith(".whl"))
    sdist = next(Path(line) for line in out.split() if line.endswith(".tar.gz"))
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    in_sdist = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    for path in CARRIED:
        assert path in in_wheel, f"the wheel lacks {path}"
        assert path in in_sdist, f"the sdist lacks {path}"
    assert not any(name.startswith(("tests/", "bench/", "web/")) for name in in_wheel)
    environment = work / "venv"
    venv.create(environment, with_pip=True)
    pip = [environment / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "--no-deps", "-r", ROOT / "requirements" / "main.txt")
    run(*pip, "--no-deps", wheel)
    run(environment / "bin" / "python", "-m", "pip", "check")
    return environment


async def test_a_fresh_venv_with_the_wheel_serves_the_app_graphiql_and_the_explorer(
    installed: Path, tmp_path: Path, context: tuple[BrowserContext, Watch]  # noqa: F811
) -> None:
    govgraph = installed / "bin" / "govgraph"
    elsewhere = tmp_path / "server"  # no checkout beside it: every file comes from the wheel
    elsewhere.mkdir()
    data = elsewhere / "data"
    run(govgraph, "--data-dir", data, "token", "--department", EIC, "--role", "EIC", cwd=elsewhere)  # makes the development keys
    service = Service(data, command=[str(govgraph)])
    service.start("--sample", env={"GOVGRAPH_JWT_JWKS_FILE": str(data / "dev-keys" / "jwks.json"), "HOME": str(elsewhere)})
    try:
        ctx, watch = context
        page = await ctx.new_page()
        await page.goto(f"{service.url}/")
        await expect(page).to_have_url(f"{service.url}/open/catalog")
        await expect(page.get_by_role("heading", name="开放目录", level=1)).to_be_visible()
        await page.goto(f"{service.url}/signin")
        await sign_in(page, "区经济信息化委", "区经济信息化委")
        await expect(page.get_by_role("banner")).to_contain_text("区经济信息化委")
        token = await stored_token(page)
        assert token

        graphiql = await ctx.new_page()
        await graphiql.goto(f"{service.url}/graphql")
        await expect(graphiql.locator(".govgraph-signed-in")).to_contain_text("区经济信息化委")
        await run_in_graphiql(graphiql, "{ me { department roles } }")
        await expect(graphiql.locator(".graphiql-response")).to_contain_text(EIC)

        explorer = await ctx.new_page()
        await explorer.goto(f"{service.url}/explore")
        await expect(explorer.get_by_label("令牌")).to_have_value(token)
        await explorer.fill("#depth", "2")
        await explorer.fill("#search", "101001/000001")
        await explorer.press("#search", "Enter")
        await explorer.wait_for_function("window.govgraphExplorer && window.govgraphExplorer.drawn >= 1")
        drawn = await explorer.evaluate("window.govgraphExplorer.cy.nodes().length")
        assert drawn > 10
        watch.check()
    finally:
        service.stop()
    assert "Traceback" not in service.log.read_text()
    assert os.path.exists(data / "snapshot.jsonl")
