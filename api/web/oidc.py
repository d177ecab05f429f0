"""Signing in with the district's OpenID Connect provider (authorization code flow with PKCE, RFC 7636).

The browser is a public client: it makes the code verifier, sends the user to the provider's
authorization endpoint with the verifier's S256 challenge, and comes back to `/signin/callback`
with a code (web/app/src/features/auth/oidc.ts). It then posts the code and the verifier here:

    POST /auth/oidc/token {"code": "…", "codeVerifier": "…", "redirectUri": "https://…/signin/callback"}
    -> 200 {"token": "<the provider's access token>"}

and this service redeems them at the provider's token endpoint (so the provider needs no CORS for
the browser, and the browser talks to no host but this one and the provider's login page). The token
is returned only once it passes the same checks as every request's bearer token (api/auth.py: the
provider's JWKS, issuer, audience, `dept` and `roles` claims), so a misconfigured provider is found
at sign-in, in words, rather than at the first refused query.

Settings: `GOVGRAPH_OIDC_ISSUER` (the provider's issuer URL; its discovery document at
`<issuer>/.well-known/openid-configuration` names the endpoints), `GOVGRAPH_OIDC_CLIENT_ID`,
`GOVGRAPH_OIDC_SCOPE` (default `openid`), `GOVGRAPH_OIDC_TOKEN` (`access_token`, the default, or
`id_token`: which of the provider's tokens carries the claims and this service's audience).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.web.auth import Authenticator
from api.web.json_input import InputError, json_object
from graph.errors import AuthenticationError, InvalidArgumentError
from graph.i18n import _, quote
from graph.settings import Settings

DISCOVERY_CACHE_SECONDS = 300
TIMEOUT_SECONDS = 10
MAX_BODY_BYTES = 8192
MAX_CODE_CHARS = 2048
VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")  # RFC 7636 §4.1
CALLBACK_PATH = "/signin/callback"
NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Endpoints:
    """What the provider's discovery document says, as far as signing in needs it."""

    authorization: str
    token: str


class ProviderError(Exception):
    """The provider could not be reached, or answered what this service cannot use (a message in Chinese)."""


def _https_or_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"))


def _get_json(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https or loopback only)
        body = json.loads(response.read(1_000_000))
    if not isinstance(body, dict):
        raise ValueError("not a JSON object")
    return body


def _post_form(url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    data = urllib.parse.urlencode(form).encode("ascii")
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https or loopback only)
            status, raw = response.status, response.read(1_000_000)
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read(1_000_000)
    try:
        body = json.loads(raw)
    except ValueError:
        body = {}
    return status, body if isinstance(body, dict) else {}


class OpenIdConnect:
    """The provider named by the settings, its endpoints found by discovery (cached for five minutes)."""

    def __init__(self, issuer: str, client_id: str, scope: str, token_kind: str, authenticator: Authenticator) -> None:
        if not _https_or_local(issuer):
            raise InvalidArgumentError("GOVGRAPH_OIDC_ISSUER must be an https URL (http only on this machine's loopback)")
        if token_kind not in ("access_token", "id_token"):
            raise InvalidArgumentError(f"GOVGRAPH_OIDC_TOKEN must be access_token or id_token, got {token_kind!r}")
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.scope = scope
        self.token_kind = token_kind
        self.authenticator = authenticator
        self._endpoints: tuple[float, Endpoints] | None = None

    @classmethod
    def from_settings(cls, settings: Settings, authenticator: Authenticator) -> OpenIdConnect | None:
        """The provider the settings name, or None when signing in with one is not configured."""
        if not settings.oidc_issuer:
            return None
        if not settings.oidc_client_id:
            raise InvalidArgumentError("GOVGRAPH_OIDC_ISSUER is set: set GOVGRAPH_OIDC_CLIENT_ID too (this service's client id at the provider)")
        return cls(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_scope, settings.oidc_token, authenticator)

    def _discover(self) -> Endpoints:
        try:
            document = _get_json(f"{self.issuer}/.well-known/openid-configuration")
        except (OSError, ValueError) as e:
            raise ProviderError(_("cannot read the identity provider's configuration ({issuer}): {error}", issuer=self.issuer, error=quote(str(e)))) from e
        if str(document.get("issuer", "")).rstrip("/") != self.issuer:
            raise ProviderError(_("the issuer in the identity provider's configuration differs from this service's setting"))
        authorization, token = document.get("authorization_endpoint"), document.get("token_endpoint")
        if not isinstance(authorization, str) or not isinstance(token, str) or not all(map(_https_or_local, (authorization, token))):
            raise ProviderError(_("the identity provider's configuration lacks an authorization or token endpoint (or it is not https)"))
        methods = document.get("code_challenge_methods_supported")
        if isinstance(methods, list) and "S256" not in methods:
            raise ProviderError(_("the identity provider does not support PKCE (S256)"))
        return Endpoints(authorization, token)

    async def endpoints(self) -> Endpoints:
        cached = self._endpoints
        if cached is not None and time.monotonic() - cached[0] < DISCOVERY_CACHE_SECONDS:
            return cached[1]
        found = await run_in_threadpool(self._discover)
        self._endpoints = (time.monotonic(), found)
        return found

    async def public_config(self) -> dict[str, Any]:
        """What the browser needs to start signing in (no secret: the client is public)."""
        try:
            endpoints = await self.endpoints()
        except ProviderError as e:
            return {"issuer": self.issuer, "clientId": self.client_id, "scope": self.scope, "authorizationEndpoint": None, "problem": str(e)}
        return {"issuer": self.issuer, "clientId": self.client_id, "scope": self.scope, "authorizationEndpoint": endpoints.authorization}

    async def token(self, request: Request) -> Response:
        """Redeem the code the provider sent back, with the browser's verifier."""
        try:
            code, verifier, redirect_uri = await _read(request)
            endpoints = await self.endpoints()
            form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "client_id": self.client_id, "code_verifier": verifier}
            status, body = await run_in_threadpool(_post_form, endpoints.token, form)
        except InputError as e:
            return _refuse(400, e.field, e.message)
        except ProviderError as e:
            return _refuse(502, None, str(e))
        except OSError as e:
            return _refuse(502, None, _("cannot reach the identity provider: {error}", error=quote(str(e))))
        if status != 200:
            detail = body.get("error_description") or body.get("error") or f"HTTP {status}"
            return _refuse(400, "code", _("the identity provider refused to exchange the code for a token: {detail}", detail=quote(str(detail))))
        token = body.get(self.token_kind)
        if not isinstance(token, str) or not token:
            return _refuse(502, None, _("the identity provider's answer has no {token}", token=self.token_kind))
        try:
            await self.authenticator.authenticate([f"Bearer {token}"])
        except AuthenticationError as e:
            return _refuse(
                502, None, _("this service does not accept the token the identity provider issued ({reason}): check the issuer, the audience and the dept and roles claims", reason=e.reason.value)
            )
        return JSONResponse({"token": token}, headers=NO_STORE)


def _refuse(status: int, field: str | None, message: str) -> Response:
    code = "INVALID_ARGUMENT" if status == 400 else "IDENTITY_PROVIDER_ERROR"
    return JSONResponse({"error": {"code": code, "field": field, "message": message}}, status_code=status, headers=NO_STORE)


async def _read(request: Request) -> tuple[str, str, str]:
    body = await json_object(request, MAX_BODY_BYTES, _("code, codeVerifier and redirectUri"))
    code, verifier, redirect_uri = body.get("code"), body.get("codeVerifier"), body.get("redirectUri")
    if not isinstance(code, str) or not code or len(code) > MAX_CODE_CHARS:
        raise InputError("code", _("the authorization code (code) is missing or too long"))
    if not isinstance(verifier, str) or not VERIFIER.fullmatch(verifier):
        raise InputError("codeVerifier", _("codeVerifier must be 43 to 128 characters (letters, digits and -._~, RFC 7636)"))
    expected = str(request.base_url).rstrip("/") + CALLBACK_PATH
    if redirect_uri != expected:
        raise InputError("redirectUri", _("redirectUri must be this service's callback address {address}", address=expected))
    return code, verifier, redirect_uri
