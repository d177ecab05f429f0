"""Bearer tokens over real HTTP (Art.5, Art.29: identity authentication): what is accepted, and every
forged, stale or misdirected token refused with 401 and the reason."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from api.web.auth import Authenticator, Claims
from api.schema.context import Context
from graph.access import PUBLIC, Principal, Role
from graph.errors import AuthenticationError, InvalidArgumentError
from graph.settings import Settings
from graph.store import GraphStore
from tests.api.conftest import Server, free_port, serve

SECRET = "a-test-secret-long-enough-for-hs512-too-0123456789abcdefghijklmnopq"
QUERY = {"query": "{ __typename }"}


@dataclass(frozen=True)
class Keys:
    """The service's signing keys (an ES256 and an RS256 key in one JWKS) and a stranger's key."""

    ec: ec.EllipticCurvePrivateKey
    rsa: rsa.RSAPrivateKey
    stranger: ec.EllipticCurvePrivateKey
    jwks_file: Path

    @property
    def ec_public_pem(self) -> bytes:
        return self.ec.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks = {
        "keys": [
            {**jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True), "kid": "ec-1", "alg": "ES256", "use": "sig"},
            {**jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), "kid": "rsa-1", "alg": "RS256", "use": "sig"},
        ]
    }
    path = tmp_path_factory.mktemp("keys") / "jwks.json"
    path.write_text(json.dumps(jwks), encoding="utf-8")
    return Keys(ec_key, rsa_key, ec.generate_private_key(ec.SECP256R1()), path)


def claims(**changes: Any) -> dict[str, Any]:
    """Valid claims for the EIC, with `changes` (a value of None removes the claim)."""
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "alice",
        "dept": "SJS-EIC",
        "roles": ["EIC", "DEPARTMENT_USER"],
        "iss": "govgraph",
        "aud": "govgraph",
        "iat": now,
        "exp": now + 600,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def es256(keys: Keys, kid: str | None = "ec-1", **changes: Any) -> str:
    return jwt.encode(claims(**changes), keys.ec, algorithm="ES256", headers={"kid": kid} if kid else None)


def hs256(secret: str = SECRET, **changes: Any) -> str:
    return jwt.encode(claims(**changes), secret, algorithm="HS256")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def handmade(header: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    """A token built by hand, as an attacker would: no library refuses to make it."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{_b64(sign(signing_input.encode()))}"


def with_payload(token: str, payload: dict[str, Any]) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{_b64(json.dumps(payload).encode())}.{signature}"


def with_signature_changed(token: str) -> str:
    head, _, signature = token.rpartition(".")
    middle = len(signature) // 2
    flipped = "A" if signature[middle] != "A" else "B"
    return f"{head}.{signature[:middle]}{flipped}{signature[middle + 1:]}"


async def call(server: Server, token: str | None = None, authorization: str | None = None) -> httpx.Response:
    headers = {"Accept": "application/graphql-response+json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if authorization is not None:
        headers["Authorization"] = authorization
    return await server.client.post("/graphql", json=QUERY, headers=headers)


def assert_refused(response: httpx.Response, reason: str, token: str | None = None) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": reason}, error
    assert "data" not in response.json()
    if token:
        for part in token.split("."):
            assert len(part) < 8 or part not in response.text  # the message never echoes the token


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[Principal]:
    """The principal of every context the endpoint builds."""
    principals: list[Principal] = []
    real = Context.for_request

    def spy(*args: Any, **kwargs: Any) -> Context:
        context = real(*args, **kwargs)
        principals.append(context.principal)
        return context

    monkeypatch.setattr(Context, "for_request", staticmethod(spy))
    return principals


@pytest.fixture
async def secured(store: GraphStore, keys: Keys) -> AsyncIterator[Server]:
    """Both kinds of key: the JWKS (ES256, RS256) and an HS256 secret."""
    async for running in serve(store, jwt_jwks_file=keys.jwks_file, jwt_secret=SECRET):
        yield running


@pytest.fixture
async def jwks_only(store: GraphStore, keys: Keys) -> AsyncIterator[Server]:
    async for running in serve(store, jwt_jwks_file=keys.jwks_file, jwt_secret=None):
        yield running


# Accepted


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda k: es256(k), id="ES256"),
        pytest.param(lambda k: jwt.encode(claims(), k.rsa, algorithm="RS256", headers={"kid": "rsa-1"}), id="RS256"),
        pytest.param(lambda k: hs256(), id="HS256"),
        pytest.param(lambda k: es256(k, exp=int(time.time()) - 10), id="expired-within-leeway"),
    ],
)
async def test_a_valid_token_reaches_the_context_as_its_principal(
    secured: Server, keys: Keys, seen: list[Principal], make: Callable[[Keys], str]
) -> None:
    response = await call(secured, make(keys))
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"__typename": "Query"}}
    assert seen == [Principal(department="SJS-EIC", roles=frozenset({Role.EIC, Role.DEPARTMENT_USER}), subject="alice")]


async def test_the_department_code_is_normalised(secured: Server, keys: Keys, seen: list[Principal]) -> None:
    assert (await call(secured, es256(keys, dept=" sjs-eic "))).status_code == 200
    assert seen[0].department == "SJS-EIC"


async def test_no_token_is_the_public(secured: Server, seen: list[Principal]) -> None:
    response = await call(secured)
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}
    assert seen == [PUBLIC]


async def test_get_requests_are_authenticated_too(secured: Server, keys: Keys, seen: list[Principal]) -> None:
    ok = await secured.client.get("/graphql", params=QUERY, headers={"Authorization": f"Bearer {es256(keys)}"})
    assert ok.status_code == 200 and seen[0].has(Role.EIC)
    refused = await secured.client.get("/graphql", params=QUERY, headers={"Authorization": "Bearer nonsense"})
    assert_refused(refused, "MALFORMED_TOKEN")


# Refused (Art.5, Art.29): each attack with the reason the client is told


def _none_alg(k: Keys) -> str:
    return handmade({"alg": "none", "typ": "JWT"}, claims(roles=["LEADING_GROUP"]), lambda _: b"")


def _hs256_with_public_key(k: Keys) -> str:
    """The algorithm-confusion attack: the public key, which anyone has, used as an HMAC secret."""
    return handmade({"alg": "HS256", "typ": "JWT", "kid": "ec-1"}, claims(), lambda m: hmac.new(k.ec_public_pem, m, hashlib.sha256).digest())


ATTACKS = [
    pytest.param(_none_alg, "ALGORITHM_NOT_ALLOWED", id="alg-none"),
    pytest.param(
        lambda k: handmade({"alg": "None"}, claims(), lambda _: b""), "ALGORITHM_NOT_ALLOWED", id="alg-None-capitalised"
    ),
    pytest.param(_hs256_with_public_key, "BAD_SIGNATURE", id="HS256-signed-with-the-ES256-public-key"),
    pytest.param(lambda k: hs256("another-secret-of-at-least-thirty-two-bytes"), "BAD_SIGNATURE", id="HS256-wrong-secret"),
    pytest.param(lambda k: jwt.encode(claims(), SECRET, algorithm="HS512"), "ALGORITHM_NOT_ALLOWED", id="unsupported-alg-HS512"),
    pytest.param(
        lambda k: jwt.encode(claims(), k.rsa, algorithm="PS256", headers={"kid": "rsa-1"}), "ALGORITHM_NOT_ALLOWED", id="unsupported-alg-PS256"
    ),
    pytest.param(
        lambda k: jwt.encode(claims(), k.ec, algorithm="ES256", headers={"kid": "rsa-1"}), "ALGORITHM_NOT_ALLOWED", id="ES256-naming-the-RSA-key"
    ),
    pytest.param(lambda k: es256(k, aud="another-service"), "WRONG_AUDIENCE", id="wrong-audience"),
    pytest.param(lambda k: es256(k, iss="someone-else"), "WRONG_ISSUER", id="wrong-issuer"),
    pytest.param(lambda k: es256(k, exp=int(time.time()) - 3600), "TOKEN_EXPIRED", id="expired"),
    pytest.param(lambda k: es256(k, nbf=int(time.time()) + 3600), "TOKEN_NOT_YET_VALID", id="not-yet-valid-nbf"),
    pytest.param(lambda k: es256(k, iat=int(time.time()) + 3600), "TOKEN_NOT_YET_VALID", id="issued-in-the-future"),
    pytest.param(lambda k: with_payload(es256(k), claims(roles=["LEADING_GROUP"])), "BAD_SIGNATURE", id="tampered-payload"),
    pytest.param(lambda k: with_payload(hs256(), claims(dept="SJS-GOV")), "BAD_SIGNATURE", id="tampered-payload-HS256"),
    pytest.param(lambda k: with_signature_changed(es256(k)), "BAD_SIGNATURE", id="tampered-signature"),
    pytest.param(
        lambda k: jwt.encode(claims(), k.stranger, algorithm="ES256", headers={"kid": "ec-1"}), "BAD_SIGNATURE", id="forged-with-our-kid"
    ),
    pytest.param(
        lambda k: jwt.encode(claims(), k.stranger, algorithm="ES256", headers={"kid": "stranger"}), "UNKNOWN_KEY", id="unknown-kid"
    ),
    pytest.param(lambda k: es256(k, kid=None), "UNKNOWN_KEY", id="no-kid"),
    pytest.param(lambda k: "not-a-jwt", "MALFORMED_TOKEN", id="garbage"),
    pytest.param(lambda k: "e30.e30.e30.e30", "MALFORMED_TOKEN", id="four-segments"),
    pytest.param(lambda k: es256(k, exp="tomorrow"), "MALFORMED_TOKEN", id="exp-not-a-number"),
    pytest.param(lambda k: es256(k, exp=None), "MISSING_CLAIM", id="missing-exp"),
    pytest.param(lambda k: es256(k, aud=None), "MISSING_CLAIM", id="missing-aud"),
    pytest.param(lambda k: es256(k, sub=None), "MISSING_CLAIM", id="missing-sub"),
    pytest.param(lambda k: es256(k, dept=None), "MISSING_CLAIM", id="missing-dept"),
    pytest.param(lambda k: es256(k, roles=[]), "MISSING_CLAIM", id="no-roles"),
    pytest.param(lambda k: es256(k, roles=["EIC", "SUPERUSER"]), "UNKNOWN_ROLE", id="unknown-role"),
    pytest.param(lambda k: es256(k, roles="EIC"), "MALFORMED_TOKEN", id="roles-not-a-list"),
    pytest.param(lambda k: es256(k, dept="12345"), "BAD_DEPARTMENT", id="bad-department-code"),
    pytest.param(lambda k: es256(k, dept="91110107MA00000000"), "BAD_DEPARTMENT", id="bad-credit-code-checksum"),
]


@pytest.mark.parametrize(("make", "reason"), ATTACKS)
async def test_an_attack_is_refused_with_its_reason(secured: Server, keys: Keys, seen: list[Principal], make: Callable[[Keys], str], reason: str) -> None:
    token = make(keys)
    assert_refused(await call(secured, token), reason, token)
    assert seen == []  # nothing was executed


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        pytest.param("Basic YWxpY2U6cGFzc3dvcmQ=", "MALFORMED_TOKEN", id="basic-scheme"),
        pytest.param("Bearer", "MALFORMED_TOKEN", id="bearer-without-token"),
        pytest.param("Bearer a.b.c extra", "MALFORMED_TOKEN", id="two-tokens"),
        pytest.param("Bearer " + "a" * 9000, "MALFORMED_TOKEN", id="oversized"),
    ],
)
async def test_a_malformed_header_is_refused(secured: Server, authorization: str, reason: str) -> None:
    assert_refused(await call(secured, authorization=authorization), reason)


async def test_hs256_is_refused_where_no_secret_is_configured(jwks_only: Server, keys: Keys) -> None:
    """Art.29: with only public keys configured, HS256 is not an algorithm the service knows."""
    assert_refused(await call(jwks_only, _hs256_with_public_key(keys)), "ALGORITHM_NOT_ALLOWED")
    assert_refused(await call(jwks_only, hs256()), "ALGORITHM_NOT_ALLOWED")
    assert (await call(jwks_only, es256(keys))).status_code == 200


@pytest.fixture
async def keyless(store: GraphStore) -> AsyncIterator[Server]:
    async for running in serve(store, jwt_secret=None):
        yield running


async def test_without_keys_a_token_is_refused_and_the_public_is_served(keyless: Server, keys: Keys) -> None:
    server = keyless
    assert_refused(await call(server, es256(keys)), "NO_KEYS_CONFIGURED")
    assert_refused(await call(server, "not-a-jwt"), "NO_KEYS_CONFIGURED")
    public = await call(server)
    assert public.status_code == 200 and public.json() == {"data": {"__typename": "Query"}}


async def test_the_401_body_follows_the_negotiated_media_type(secured: Server) -> None:
    response = await secured.client.post("/graphql", json=QUERY, headers={"Authorization": "Bearer x", "Accept": "application/json"})
    assert response.status_code == 401 and response.headers["content-type"].startswith("application/json")


# Keys from a JWKS URL


@pytest.fixture
def jwks_url(keys: Keys) -> Iterator[str]:
    """A JWKS served over HTTP, as an identity provider serves it."""
    body = keys.jwks_file.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/.well-known/jwks.json"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


async def test_keys_from_a_jwks_url(store: GraphStore, keys: Keys, jwks_url: str, seen: list[Principal]) -> None:
    async for running in serve(store, jwt_jwks_url=jwks_url, jwt_secret=None):
        assert (await call(running, es256(keys))).status_code == 200
        assert seen[0].subject == "alice"
        stranger = jwt.encode(claims(), keys.stranger, algorithm="ES256", headers={"kid": "stranger"})
        assert_refused(await call(running, stranger), "UNKNOWN_KEY")
        assert_refused(await call(running, hs256()), "ALGORITHM_NOT_ALLOWED")


async def test_an_unreachable_jwks_url_is_a_503_not_a_bad_token(store: GraphStore, keys: Keys) -> None:
    async for running in serve(store, jwt_jwks_url=f"http://127.0.0.1:{free_port()}/jwks.json", jwt_secret=None):
        response = await call(running, es256(keys))
        assert response.status_code == 503 and response.headers["retry-after"] == "5"
        assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "reason": "KEYS_UNAVAILABLE"}
        assert (await call(running)).status_code == 200


# Configuration


def test_configuration_mistakes_stop_start_up(keys: Keys, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="at least 32 bytes"):
        Authenticator.from_settings(Settings(jwt_secret="short"))
    with pytest.raises(InvalidArgumentError, match="not both"):
        Authenticator.from_settings(Settings(jwt_jwks_file=keys.jwks_file, jwt_jwks_url="https://idp.example/jwks.json"))
    symmetric = tmp_path / "oct.json"
    symmetric.write_text(json.dumps({"keys": [{"kty": "oct", "k": _b64(SECRET.encode()), "kid": "k1"}]}), encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match="only RS256, ES256"):
        Authenticator.from_settings(Settings(jwt_jwks_file=symmetric))
    with pytest.raises(InvalidArgumentError, match="cannot read"):
        Authenticator.from_settings(Settings(jwt_jwks_file=tmp_path / "missing.json"))
    with pytest.raises(InvalidArgumentError, match="JWT_LEEWAY_SECONDS"):
        Settings.from_environ({"GOVGRAPH_JWT_LEEWAY_SECONDS": "soon"})
    settings = Settings.from_environ({"GOVGRAPH_JWT_SECRET": SECRET, "GOVGRAPH_JWT_ISSUER": "https://idp.example"})
    assert settings.jwt_issuer == "https://idp.example" and settings.jwt_audience == "govgraph" and settings.jwt_leeway_seconds == 30
    assert SECRET not in repr(settings)


# govgraph token


def govgraph_token(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(data_dir), "token", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", **(env or {})},
    )


async def test_govgraph_token_issues_an_es256_token_the_server_accepts(store: GraphStore, tmp_path: Path, seen: list[Principal]) -> None:
    issued = govgraph_token(tmp_path, "--department", "sjs-rsj", "--role", "DEPARTMENT_USER", "--role", "DEPARTMENT_ADMIN", "--ttl", "120")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    setting = next(line for line in issued.stderr.splitlines() if "GOVGRAPH_JWT_JWKS_FILE=" in line)
    jwks_file = Path(setting.split("GOVGRAPH_JWT_JWKS_FILE=", 1)[1].strip())
    assert jwks_file == (tmp_path / "dev-keys" / "jwks.json").resolve()
    assert (tmp_path / "dev-keys" / "private.pem").stat().st_mode & 0o077 == 0

    again = govgraph_token(tmp_path, "--department", "SJS-RSJ", "--role", "EIC")
    assert jwt.get_unverified_header(again.stdout.strip())["kid"] == jwt.get_unverified_header(token)["kid"]  # the key is made once

    async for running in serve(store, jwt_jwks_file=jwks_file, jwt_secret=None):
        assert (await call(running, token)).status_code == 200
    assert seen == [Principal(department="SJS-RSJ", roles=frozenset({Role.DEPARTMENT_USER, Role.DEPARTMENT_ADMIN}), subject="dev:SJS-RSJ")]


async def test_govgraph_token_signs_hs256_with_the_configured_secret(store: GraphStore, tmp_path: Path, seen: list[Principal]) -> None:
    issued = govgraph_token(tmp_path, "--department", "SJS-EIC", "--role", "EIC", "--subject", "bob", env={"GOVGRAPH_JWT_SECRET": SECRET})
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert jwt.get_unverified_header(token)["alg"] == "HS256" and "GOVGRAPH_JWT_SECRET" in issued.stderr
    async for running in serve(store, jwt_secret=SECRET):
        assert (await call(running, token)).status_code == 200
    assert seen == [Principal(department="SJS-EIC", roles=frozenset({Role.EIC}), subject="bob")]


async def test_govgraph_token_signs_with_a_given_key_file(store: GraphStore, tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "mine.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    issued = govgraph_token(tmp_path, "--department", "SJS-EIC", "--role", "EIC", "--key-file", str(pem))
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    jwks_file = Path(issued.stderr.split("GOVGRAPH_JWT_JWKS_FILE=", 1)[1].strip())
    async for running in serve(store, jwt_jwks_file=jwks_file, jwt_secret=None):
        assert (await call(running, token)).status_code == 200


def test_govgraph_token_refuses_a_bad_department(tmp_path: Path) -> None:
    refused = govgraph_token(tmp_path, "--department", "12345", "--role", "EIC")
    assert refused.returncode == 2 and "INVALID_ARGUMENT" in refused.stderr and refused.stdout == ""


def test_a_verified_token_is_checked_again_for_time_on_every_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token is verified once (signature and claims) and kept, but its expiry is checked on every
    use: once expired it is refused as a token seen for the first time is."""
    authenticator = Authenticator(secret=SECRET, claims=Claims(leeway_seconds=0))
    now = int(time.time())
    token = hs256(iat=now, nbf=now, exp=now + 2)
    assert authenticator.verify(token).subject == "alice"
    decode = jwt.decode
    decoded: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        decoded.append("decode")
        return decode(*args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    assert authenticator.verify(token).subject == "alice"
    assert decoded == []  # kept: not decoded again
    with pytest.raises(AuthenticationError):
        authenticator.verify(with_signature_changed(token))  # another token: verified on its own
    assert decoded == ["decode"]
    time.sleep(max(0.0, now + 2.05 - time.time()))
    with pytest.raises(AuthenticationError) as refused:
        authenticator.verify(token)
    assert refused.value.reason.value == "TOKEN_EXPIRED"
