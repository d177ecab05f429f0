"""Signing in with the district's OpenID Connect provider (authorization code + PKCE), against a small
provider of our own on 127.0.0.1 that does what the protocol asks: discovery, a login page, the
token endpoint checking the PKCE verifier, and its JWKS, which govgraph checks every token against."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from playwright.async_api import BrowserContext, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from graph.store import GraphStore
from tests.api.conftest import Server, free_port, serve
from tests.api.web.test_webapp import built_app
from tests.api.web.test_webapp_browser import Watch, accessible, context, stored_token  # noqa: F401  (context: a fixture)
from tests.builders import small_district

CLIENT_ID = "govgraph-web"


async def read_form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (each field once)."""
    return {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8")).items()}


@dataclass
class Provider:
    """An OpenID Connect provider that signs in one person: a user of `department` with `roles`."""

    url: str = ""
    department: str = "SJS-TJJ"
    roles: tuple[str, ...] = ("DEPARTMENT_USER",)
    audience: str = "govgraph"
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self.discovery),
            Route("/authorize", self.authorize),
            Route("/approve", self.approve, methods=["POST"]),
            Route("/token", self.token, methods=["POST"]),
            Route("/jwks", self.jwks),
        ])

    async def discovery(self, request: Request) -> Response:
        return JSONResponse({
            "issuer": self.url, "authorization_endpoint": f"{self.url}/authorize", "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks", "code_challenge_methods_supported": ["S256"], "response_types_supported": ["code"],
        })

    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        assert q["response_type"] == "code" and q["client_id"] == CLIENT_ID and q["code_challenge_method"] == "S256"
        hidden = "".join(f'<input type="hidden" name="{k}" value="{escape(q[k])}">' for k in ("redirect_uri", "state", "code_challenge"))
        return HTMLResponse(f'<!doctype html><html lang="zh-CN"><title>统一身份认证</title><form method="post" action="/approve">{hidden}<button>同意并登录</button></form></html>')

    async def approve(self, request: Request) -> Response:
        form = await read_form(request)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"challenge": str(form["code_challenge"]), "redirect_uri": str(form["redirect_uri"])}
        return RedirectResponse(f"{form['redirect_uri']}?{urlencode({'code': code, 'state': form['state']})}", status_code=303)

    async def token(self, request: Request) -> Response:
        form = await read_form(request)
        grant = self.codes.pop(str(form.get("code")), None)
        if form.get("grant_type") != "authorization_code" or form.get("client_id") != CLIENT_ID or grant is None:
            return JSONResponse({"error": "invalid_grant", "error_description": "unknown or used code"}, status_code=400)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(str(form.get("code_verifier")).encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE verification failed"}, status_code=400)
        now = int(time.time())
        claims = {"iss": self.url, "aud": self.audience, "sub": "zhang.san", "dept": self.department, "roles": list(self.roles), "iat": now, "exp": now + 300}
        return JSONResponse({"access_token": jwt.encode(claims, self.key, algorithm="ES256", headers={"kid": "k1"}), "token_type": "Bearer", "expires_in": 300})

    async def jwks(self, request: Request) -> Response:
        jwk = ECAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return JSONResponse({"keys": [{**jwk, "kid": "k1", "alg": "ES256", "use": "sig"}]})


@pytest.fixture
async def provider() -> AsyncIterator[Provider]:
    found = Provider()
    port = free_port()
    found.url = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(uvicorn.Config(found.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield found
    server.should_exit = True
    await task


def oidc_settings(provider: Provider) -> dict[str, Any]:
    return {
        "jwt_secret": None, "jwt_jwks_url": f"{provider.url}/jwks", "jwt_issuer": provider.url,
        "oidc_issuer": provider.url, "oidc_client_id": CLIENT_ID, "app_dir": built_app(),
    }


@pytest.fixture
async def oidc_server(store: GraphStore, provider: Provider) -> AsyncIterator[Server]:
    await small_district(store)
    async for running in serve(store, **oidc_settings(provider)):
        yield running


async def test_a_person_signs_in_with_the_district_identity_provider(oidc_server: Server, provider: Provider, context: tuple[BrowserContext, Watch]) -> None:  # noqa: F811
    ctx, watch = context
    page = await ctx.new_page()
    await page.goto(f"{oidc_server.url}/signin?from=%2Fcatalogs")
    await expect(page.get_by_text("开发环境登录")).to_have_count(0)  # no development keys here
    await accessible(page)
    await page.get_by_role("button", name="前往统一身份认证登录").click()
    await expect(page.get_by_role("button", name="同意并登录")).to_be_visible()  # the provider's own page
    assert page.url.startswith(f"{provider.url}/authorize?") and "code_challenge_method=S256" in page.url
    await page.get_by_role("button", name="同意并登录").click()
    await expect(page).to_have_url(f"{oidc_server.url}/catalogs")
    await expect(page.get_by_role("banner")).to_contain_text("区统计局")
    await expect(page.get_by_role("banner")).to_contain_text("部门用户")
    token = await stored_token(page)
    assert token and jwt.decode(token, options={"verify_signature": False})["iss"] == provider.url
    await page.reload()
    await expect(page.get_by_role("banner")).to_contain_text("区统计局")
    watch.check()


async def test_the_config_names_the_provider(oidc_server: Server, provider: Provider) -> None:
    config = (await oidc_server.client.get("/auth/config")).json()
    assert config == {
        "development": False,
        "oidc": {"issuer": provider.url, "clientId": CLIENT_ID, "scope": "openid", "authorizationEndpoint": f"{provider.url}/authorize"},
    }


async def test_the_token_endpoint_checks_its_input_and_the_providers_answer(oidc_server: Server, provider: Provider) -> None:
    callback = f"{oidc_server.url}/signin/callback"
    verifier = secrets.token_urlsafe(48)

    async def redeem(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        answer = await oidc_server.client.post("/auth/oidc/token", json=body)
        return answer.status_code, answer.json()

    status, body = await redeem({"code": "x", "codeVerifier": "short", "redirectUri": callback})
    assert status == 400 and body["error"]["field"] == "codeVerifier" and "43 至 128" in body["error"]["message"]
    status, body = await redeem({"code": "x", "codeVerifier": verifier, "redirectUri": "https://elsewhere.example/cb"})
    assert status == 400 and body["error"]["field"] == "redirectUri"
    status, body = await redeem({"codeVerifier": verifier, "redirectUri": callback})
    assert status == 400 and body["error"]["field"] == "code"
    status, body = await redeem({"code": "never-issued", "codeVerifier": verifier, "redirectUri": callback})
    assert status == 400 and "统一身份认证平台拒绝换取令牌：「unknown or used code」" == body["error"]["message"]

    # A real code, but a verifier that is not the one its challenge was made from.
    provider.codes["c1"] = {"challenge": "not-the-challenge", "redirect_uri": callback}
    status, body = await redeem({"code": "c1", "codeVerifier": verifier, "redirectUri": callback})
    assert status == 400 and "PKCE verification failed" in body["error"]["message"]

    # The provider signs tokens for another audience: refused at sign-in, saying what to check.
    provider.audience = "someone-else"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    provider.codes["c2"] = {"challenge": challenge, "redirect_uri": callback}
    status, body = await redeem({"code": "c2", "codeVerifier": verifier, "redirectUri": callback})
    assert status == 502 and "WRONG_AUDIENCE" in body["error"]["message"] and "受众" in body["error"]["message"]


async def test_oidc_settings_are_checked_at_start(store: GraphStore, provider: Provider) -> None:
    from graph.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="GOVGRAPH_OIDC_CLIENT_ID"):
        async for _ in serve(store, **{**oidc_settings(provider), "oidc_client_id": None}):
            pass
    with pytest.raises(InvalidArgumentError, match="https"):
        async for _ in serve(store, **{**oidc_settings(provider), "oidc_issuer": "http://idp.example"}):
            pass
