"""The web app as the server serves it (over real HTTP): `/`, deep links, the open catalog for people,
the built assets; and the development sign-in, only while the development keys are in use."""

from __future__ import annotations

import gzip
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from api.web.dev_tokens import dev_key
from api.web.signin import development_keys_in_use
from graph.settings import Settings
from graph.store import GraphStore
from tests.api.conftest import Server, serve
from tests.builders import open_to_the_public, small_district
from tests.conftest import ROOT

APP_DIR = ROOT / "web" / "app" / "dist"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def built_app() -> Path:
    if not (APP_DIR / "index.html").is_file():
        pytest.fail(f"{APP_DIR} holds no built app: run scripts/webapp (scripts/test does)")
    return APP_DIR


def dev_settings(data_dir: Path) -> dict[str, Any]:
    """Settings as scripts/serve makes them: the development key of the data directory, nothing else."""
    return {"jwt_secret": None, "jwt_jwks_file": dev_key(data_dir).jwks_file, "data_dir": data_dir, "app_dir": built_app()}


@pytest.fixture
async def dev_server(store: GraphStore, tmp_path: Path) -> AsyncIterator[Server]:
    await small_district(store)
    async for running in serve(store, **dev_settings(tmp_path)):
        yield running


async def test_the_app_is_served_at_root_and_at_every_deep_link(store: GraphStore) -> None:
    async for server in serve(store, app_dir=built_app()):
        root = await server.client.get("/", headers={"Accept": BROWSER})
        assert root.status_code == 200 and root.headers["content-type"].startswith("text/html")
        assert root.headers["cache-control"] == "no-cache"
        assert '<div id="root">' in root.text and 'lang="zh-CN"' in root.text
        for deep in ("/resources/101001%2F000001", "/resources/101001/000001", "/departments/SJS-EIC", "/catalogs?catalog=BASE-POPULATION", "/signin"):
            page = await server.client.get(deep, headers={"Accept": BROWSER})
            assert page.status_code == 200 and page.text == root.text, deep
        # Not a page: the server's own answers stand.
        assert (await server.client.get("/resources/x", headers={"Accept": "application/json"})).status_code == 404
        assert (await server.client.get("/graphql/nothing", headers={"Accept": BROWSER})).status_code == 404
        assert (await server.client.get("/api/v1/lineage")).status_code == 405
        assert (await server.client.post("/somewhere", json={})).status_code == 404
        assert (await server.client.get("/health")).json() == {"status": "ok"}


async def test_built_assets_are_cached_for_good_and_sent_gzipped(store: GraphStore) -> None:
    async for server in serve(store, app_dir=built_app()):
        index = (await server.client.get("/", headers={"Accept": BROWSER})).text
        script = re.search(r'src="(/assets/[^"]+\.js)"', index)
        assert script, index
        zipped = await server.client.get(script.group(1), headers={"Accept-Encoding": "gzip"})
        assert zipped.status_code == 200 and zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert zipped.headers["content-type"].startswith("text/javascript")
        plain = await server.client.get(script.group(1), headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == zipped.content  # httpx decodes gzip
        assert gzip.decompress((APP_DIR / script.group(1).removeprefix("/")).with_suffix(".js.gz").read_bytes()) == plain.content
        for bad in ("/assets/../index.html", "/assets/%2e%2e/index.html", "/assets/nothing.js"):
            assert (await server.client.get(bad)).status_code == 404, bad


async def test_the_open_catalog_is_a_page_for_browsers_and_dcat_for_harvesters(store: GraphStore) -> None:
    await small_district(store)
    await open_to_the_public(store, "101001/000001")
    async for server in serve(store, app_dir=built_app()):
        page = await server.client.get("/open/catalog", headers={"Accept": BROWSER})
        assert page.status_code == 200 and '<div id="root">' in page.text and page.headers["vary"] == "Accept, Accept-Language"
        for accept, media in (("", "text/turtle"), ("*/*", "text/turtle"), ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"), ("text/html;q=0.5, text/turtle", "text/turtle")):
            answer = await server.client.get("/open/catalog", headers={"Accept": accept} if accept else {})
            assert answer.status_code == 200 and answer.headers["content-type"].startswith(media), accept
        assert (await server.client.get("/open/catalog", headers={"Accept": "image/png"})).status_code == 406


async def test_without_a_build_the_root_says_how_to_build_it(store: GraphStore, tmp_path: Path) -> None:
    async for server in serve(store, app_dir=tmp_path / "missing"):
        page = await server.client.get("/", headers={"Accept": BROWSER})
        assert page.status_code == 503 and "scripts/webapp" in page.text and "网页应用尚未构建" in page.text
        # The open catalog still answers DCAT to a browser rather than a missing page.
        assert (await server.client.get("/open/catalog", headers={"Accept": BROWSER})).headers["content-type"].startswith("text/turtle")


async def test_sign_in_config_says_how_people_sign_in(dev_server: Server, store: GraphStore) -> None:
    assert (await dev_server.client.get("/auth/config")).json() == {"development": True, "oidc": None}
    async for production in serve(store, app_dir=built_app()):  # a shared secret: not the development keys
        assert (await production.client.get("/auth/config")).json() == {"development": False, "oidc": None}


def test_development_keys_are_recognised_only_alone(tmp_path: Path) -> None:
    jwks = dev_key(tmp_path).jwks_file
    assert development_keys_in_use(Settings(data_dir=tmp_path, jwt_jwks_file=jwks))
    assert development_keys_in_use(Settings(data_dir=tmp_path, jwt_jwks_file=tmp_path / "dev-keys" / ".." / "dev-keys" / "jwks.json"))
    assert not development_keys_in_use(Settings(data_dir=tmp_path))
    assert not development_keys_in_use(Settings(data_dir=tmp_path, jwt_jwks_file=jwks, jwt_secret="s" * 32))
    assert not development_keys_in_use(Settings(data_dir=tmp_path, jwt_jwks_file=jwks, jwt_jwks_url="https://idp.example/jwks"))
    other = tmp_path / "elsewhere"
    assert not development_keys_in_use(Settings(data_dir=other, jwt_jwks_file=jwks))  # another directory's key
    (tmp_path / "dev-keys" / "private.pem").unlink()
    assert not development_keys_in_use(Settings(data_dir=tmp_path, jwt_jwks_file=jwks))  # the public half alone


async def test_development_sign_in_is_404_in_production(store: GraphStore) -> None:
    await small_district(store)
    async for server in serve(store, app_dir=built_app()):
        assert (await server.client.get("/auth/dev/choices")).status_code == 404
        refused = await server.client.post("/auth/dev/token", json={"department": "SJS-EIC", "roles": ["EIC"]})
        assert refused.status_code == 404 and "token" not in refused.text


async def test_development_sign_in_lists_departments_and_their_roles(dev_server: Server) -> None:
    choices = (await dev_server.client.get("/auth/dev/choices")).json()
    by_code = {d["code"]: d for d in choices["departments"]}
    assert by_code["SJS-EIC"]["roles"] == ["DEPARTMENT_USER", "DEPARTMENT_ADMIN", "EIC"]
    assert by_code["SJS-TJJ"]["name"] == "区统计局" and by_code["SJS-TJJ"]["roles"] == ["DEPARTMENT_USER", "DEPARTMENT_ADMIN"]
    assert [r["label"] for r in choices["roles"]] == ["部门用户", "部门管理员", "区经济信息化委", "区信息化工作领导小组"]
    assert choices["ttlSeconds"] == 12 * 3600


async def test_a_development_token_signs_in_at_graphql(dev_server: Server) -> None:
    answer = await dev_server.client.post("/auth/dev/token", json={"department": "SJS-TJJ", "roles": ["DEPARTMENT_ADMIN", "DEPARTMENT_USER"]})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["roles"] == ["DEPARTMENT_ADMIN", "DEPARTMENT_USER"] and body["expiresAt"].endswith("Z")
    me = await dev_server.client.post(
        "/graphql", json={"query": "{ me { subject department roles dept { code shortName name } } }"}, headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert me.json()["data"]["me"] == {
        "subject": "dev:SJS-TJJ",
        "department": "SJS-TJJ",
        "roles": ["DEPARTMENT_ADMIN", "DEPARTMENT_USER"],
        "dept": {"code": "SJS-TJJ", "shortName": None, "name": "区统计局"},
    }


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        pytest.param({"roles": ["DEPARTMENT_USER"]}, "department", "请选择部门", id="no-department"),
        pytest.param({"department": "   ", "roles": ["DEPARTMENT_USER"]}, "department", "请选择部门", id="blank-department"),
        pytest.param({"department": "NOPE", "roles": ["DEPARTMENT_USER"]}, "department", "没有代码为「NOPE」的部门", id="unknown-department"),
        pytest.param({"department": "X" * 65, "roles": ["DEPARTMENT_USER"]}, "department", "部门代码过长", id="long-department"),
        pytest.param({"department": "SJS-TJJ"}, "roles", "请至少选择一个角色", id="no-roles"),
        pytest.param({"department": "SJS-TJJ", "roles": []}, "roles", "请至少选择一个角色", id="empty-roles"),
        pytest.param({"department": "SJS-TJJ", "roles": ["ROOT"]}, "roles", "未知的角色：「ROOT」", id="unknown-role"),
        pytest.param({"department": "SJS-TJJ", "roles": [1]}, "roles", "角色须为角色代码的列表", id="role-not-text"),
        pytest.param({"department": "SJS-TJJ", "roles": ["EIC"]}, "roles", "不能以“区经济信息化委”角色登录", id="duty-it-lacks"),
        pytest.param(["SJS-TJJ"], "body", "请求体须为 JSON 对象", id="not-an-object"),
    ],
)
async def test_development_sign_in_refuses_bad_input_in_chinese(dev_server: Server, body: Any, field: str, message: str) -> None:
    answer = await dev_server.client.post("/auth/dev/token", json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "INVALID_ARGUMENT" and error["field"] == field and message in error["message"]


async def test_development_sign_in_refuses_what_is_not_json(dev_server: Server) -> None:
    not_json = await dev_server.client.post("/auth/dev/token", content=b"department=SJS-TJJ", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert not_json.status_code == 400 and "Content-Type: application/json" in not_json.json()["error"]["message"]
    broken = await dev_server.client.post("/auth/dev/token", content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"]["message"] == "请求体不是有效的 JSON"
    huge = await dev_server.client.post("/auth/dev/token", content=b'{"department": "' + b"x" * 5000 + b'"}', headers={"Content-Type": "application/json"})
    assert huge.status_code == 400 and "请求体过大" in huge.json()["error"]["message"]
