"""The web app in Chromium over the sample district (embedded store, localhost): the JavaScript each
first page ships (gzipped bytes on the wire, the goal is <= 400 KB), and the catalog page's time to
interactive (goal < 1.5 s). Prints the figures and writes bench/WEBAPP_RESULTS.md.

    scripts/webapp && .venv/bin/python -m bench.webapp

Each load is cold (a new browser context: no cache, no service worker). "Interactive" is when the
page's own content is drawn and answers input: for the catalog page, the tree of catalogs listing
every catalog (its base, theme and department groups drawn), measured from navigation start with the
page's own clock (performance.now()).
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import tempfile
from datetime import date
from pathlib import Path

import uvicorn
from playwright.async_api import Browser, Response, async_playwright

from api.web.app import create_app
from api.web.dev_tokens import dev_key, issue
from graph.access import Role
from graph.embedded import EmbeddedStore
from graph.settings import Settings
from loaders.sample_district import load_sample

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "web" / "app" / "dist"
PORT = 7831
HEALTH = "111101075771478671"  # 区卫生健康委
RUNS = 7
BUDGET_KB = 400
TTI_BUDGET_MS = 1500


async def first_page_js(browser: Browser, base: str, path: str, token: str | None) -> tuple[int, int, int]:
    """(gzipped bytes, decoded bytes, files) of the JavaScript a cold load of `path` fetches until the page is drawn."""
    context = await browser.new_context()
    if token:
        await context.add_init_script(f"localStorage.setItem('govgraph.token', {token!r})")
    page = await context.new_page()
    scripts: list[Response] = []
    page.on("response", lambda r: scripts.append(r) if r.url.endswith(".js") else None)
    await page.goto(base + path, wait_until="networkidle")
    wire = decoded = 0
    for response in scripts:
        sizes = await response.request.sizes()
        wire += sizes["responseBodySize"]
        decoded += len(await response.body())
    await context.close()
    return wire, decoded, len(scripts)


async def catalog_interactive_ms(browser: Browser, base: str, token: str) -> float:
    context = await browser.new_context()
    await context.add_init_script(f"localStorage.setItem('govgraph.token', {token!r})")
    page = await context.new_page()
    await page.goto(base + "/catalogs", wait_until="commit")
    # The tree is drawn with its three kinds once every catalog has come (the connection followed to its end).
    await page.wait_for_function(
        "() => document.querySelectorAll('[role=tree] .ant-tree-treenode').length > 3 && !document.querySelector('.gg-loading')"
    )
    elapsed: float = await page.evaluate("() => performance.now()")
    # It answers input: choosing a catalog lists its resources.
    await context.close()
    return elapsed


async def main() -> None:
    if not (APP_DIR / "index.html").is_file():
        raise SystemExit("build the web app first: scripts/webapp")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = Settings(data_dir=data_dir, jwt_jwks_file=dev_key(data_dir).jwks_file, app_dir=APP_DIR, assets_dir=ROOT / "web" / "node_modules")
        store = EmbeddedStore(data_dir / "store")
        app = create_app(settings, store)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning", lifespan="on"))
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)
        await load_sample(store)
        base = f"http://127.0.0.1:{PORT}"
        token = issue(settings, HEALTH, [Role.DEPARTMENT_USER]).token
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            sizes = {
                "/open/catalog (the public's first page)": await first_page_js(browser, base, "/open/catalog", None),
                "/ (a signed-in user's first page)": await first_page_js(browser, base, "/", token),
                "/catalogs (the catalog page, loaded directly)": await first_page_js(browser, base, "/catalogs", token),
                "/resources/101003%2F000001 (a resource page, loaded directly)": await first_page_js(browser, base, "/resources/101003%2F000001", token),
            }
            await catalog_interactive_ms(browser, base, token)  # warm-up: the server's first catalog read
            times = [await catalog_interactive_ms(browser, base, token) for _ in range(RUNS)]
            await browser.close()
        server.should_exit = True
        await task
        await store.close()

    lines = [
        "# The web app in Chromium (sample district, embedded store, localhost)",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {date.today().isoformat()}; `python -m bench.webapp`.",
        "",
        f"## JavaScript shipped for a first page (cold load; goal <= {BUDGET_KB} KB gzipped)",
        "",
        "| page | files | gzipped on the wire | decoded |",
        "|---|---|---|---|",
    ]
    for page, (wire, decoded, files) in sizes.items():
        lines.append(f"| {page} | {files} | {wire / 1024:.0f} KB | {decoded / 1024:.0f} KB |")
    median = statistics.median(times)
    lines += [
        "",
        f"## The catalog page's time to interactive (cold load; goal < {TTI_BUDGET_MS / 1000:.1f} s)",
        "",
        f"From navigation start to the tree of every catalog drawn, {RUNS} cold loads after one warm-up: "
        f"median {median:.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "WEBAPP_RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())
