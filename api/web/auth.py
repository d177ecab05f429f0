"""Who is asking: bearer JWTs checked against the configured keys, turned into a `Principal`.

Identity authentication (身份认证) is what Art.5 and Art.29 ask of the platform before any
authorisation. A request without an `Authorization` header is the public; a request with one must
carry a valid token or it is refused, never downgraded to the public.

The algorithms a token may use come from what is configured, never from the token's header:
RS256/ES256 with the keys of a JWKS (a file or a URL), HS256 with a shared secret. So `alg: none`,
an HS256 token "signed" with a public key, and every other algorithm are refused before any key is
touched.

    authenticator = Authenticator.from_settings(settings)
    principal = await authenticator.authenticate(request.headers.getlist("authorization"))
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet
from jwt.exceptions import (
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidIssuerError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidTokenError,
    MissingRequiredClaimError,
    PyJWKClientConnectionError,
    PyJWKClientError,
    PyJWKError,
    PyJWKSetError,
    PyJWTError,
)
from starlette.concurrency import run_in_threadpool

from graph.access import PUBLIC, Principal, Role
from graph.errors import AuthenticationError, InvalidArgumentError
from graph.errors import AuthenticationFailure as Failure
from graph.i18n import _, quote
from graph.identifiers import department_code
from graph.settings import Settings

ASYMMETRIC = ("RS256", "ES256")
SYMMETRIC = "HS256"
MIN_SECRET_BYTES = 32  # RFC 7518 §3.2: an HS256 key at least as long as the hash
MAX_TOKEN_CHARS = 8192
JWKS_CACHE_SECONDS = 300
JWKS_TIMEOUT_SECONDS = 5


def _signing_keys(keys: PyJWKSet, where: str) -> dict[str, PyJWK]:
    """The signing keys of a JWKS by `kid`; a key of any algorithm but RS256/ES256 is a configuration error."""
    found: dict[str, PyJWK] = {}
    for key in keys:
        if key.public_key_use not in (None, "sig"):
            continue
        if key.algorithm_name not in ASYMMETRIC:
            raise InvalidArgumentError(f"{where}: key {key.key_id!r} is for {key.algorithm_name}; only {', '.join(ASYMMETRIC)} keys are accepted")
        if not key.key_id:
            raise InvalidArgumentError(f"{where}: every key needs a 'kid' (tokens name their key by it)")
        weak = key.Algorithm.check_key_length(key.Algorithm.prepare_key(key.key))
        if weak:
            raise InvalidArgumentError(f"{where}: key {key.key_id!r}: {weak}")
        found[key.key_id] = key
    if not found:
        raise InvalidArgumentError(f"{where}: the JWKS holds no signing key")
    return found


def read_jwks_file(path: Path) -> dict[str, PyJWK]:
    """The signing keys of a JWKS file, by `kid`."""
    try:
        keys = PyJWKSet.from_json(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InvalidArgumentError(f"cannot read the JWKS file {path}: {e.strerror or e}") from e
    except (ValueError, PyJWTError) as e:
        raise InvalidArgumentError(f"{path} is not a usable JWKS: {e}") from e
    return _signing_keys(keys, str(path))


class _RemoteKeys:
    """The keys of a JWKS URL, fetched when first needed and cached (PyJWKClient refetches on an unknown `kid`)."""

    def __init__(self, url: str) -> None:
        try:
            self.client = PyJWKClient(url, lifespan=JWKS_CACHE_SECONDS, timeout=JWKS_TIMEOUT_SECONDS)
        except PyJWKClientError as e:
            raise InvalidArgumentError(f"GOVGRAPH_JWT_JWKS_URL: {e}") from e

    def get(self, kid: str) -> PyJWK:
        try:
            key = self.client.get_signing_key(kid)
        except PyJWKClientConnectionError as e:
            raise AuthenticationError(Failure.KEYS_UNAVAILABLE, _("the service cannot fetch its signing keys now; try again shortly")) from e
        except (PyJWKClientError, PyJWKSetError, PyJWKError) as e:
            raise AuthenticationError(Failure.UNKNOWN_KEY, _("the token names a key (kid) this service does not know")) from e
        if key.algorithm_name not in ASYMMETRIC:
            raise AuthenticationError(Failure.ALGORITHM_NOT_ALLOWED, _("the token's key is not an {kinds} key", kinds=" or ".join(ASYMMETRIC)))
        return key


@dataclass(frozen=True)
class Claims:
    """What a token must say beyond its signature: who issued it, for whom, and how late it may be."""

    issuer: str | None = "govgraph"
    audience: str | None = "govgraph"
    leeway_seconds: int = 30


class Authenticator:
    """Checks bearer tokens against the configured keys; with no keys, every token is refused."""

    def __init__(
        self,
        secret: str | None = None,
        jwks: dict[str, PyJWK] | None = None,
        jwks_url: str | None = None,
        claims: Claims | None = None,
    ) -> None:
        if jwks is not None and jwks_url is not None:
            raise InvalidArgumentError("set GOVGRAPH_JWT_JWKS_FILE or GOVGRAPH_JWT_JWKS_URL, not both")
        if secret is not None and len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
            raise InvalidArgumentError(f"GOVGRAPH_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long")
        self.secret = secret
        self.jwks = jwks
        self.remote = _RemoteKeys(jwks_url) if jwks_url else None
        self.claims = claims or Claims()
        # Tokens already verified against keys that never change (the secret, a JWKS file): a client sends
        # the same token with every request, and checking its signature again is most of a small request's
        # work. Each is kept with the times it is valid between, checked again on every use.
        self._verified: dict[str, _Verified] = {}
        allowed: set[str] = set()
        if secret is not None:
            allowed.add(SYMMETRIC)
        if jwks is not None:
            allowed |= {key.algorithm_name for key in jwks.values()}
        if self.remote is not None:
            allowed |= set(ASYMMETRIC)
        self.algorithms = frozenset(allowed)

    @classmethod
    def from_settings(cls, settings: Settings) -> Authenticator:
        """The authenticator the settings describe (a JWKS file is read now: a bad one stops start-up)."""
        return cls(
            secret=settings.jwt_secret,
            jwks=read_jwks_file(settings.jwt_jwks_file) if settings.jwt_jwks_file else None,
            jwks_url=settings.jwt_jwks_url,
            claims=Claims(settings.jwt_issuer or None, settings.jwt_audience or None, settings.jwt_leeway_seconds),
        )

    async def authenticate(self, authorization: Sequence[str]) -> Principal:
        """The principal of a request, given its `Authorization` header values (none: the public)."""
        if not authorization:
            return PUBLIC
        token = _bearer_token(authorization)
        if self.remote is not None:
            return await run_in_threadpool(self.verify, token)  # the JWKS may need fetching: never block the loop
        return self.verify(token)

    def verify(self, token: str) -> Principal:
        """The principal a token names, or `AuthenticationError` saying why it is refused."""
        known = self._verified.get(token)
        if known is not None and known.valid_at(time.time(), self.claims.leeway_seconds):
            return known.principal
        principal, payload = self._verify(token)
        if self.remote is None:  # keys fetched from a URL may be withdrawn: such tokens are checked every time
            if len(self._verified) >= MAX_VERIFIED:
                self._verified.clear()
            self._verified[token] = _Verified.of(principal, payload)
        return principal

    def _verify(self, token: str) -> tuple[Principal, dict[str, Any]]:
        if not self.algorithms:
            raise AuthenticationError(
                Failure.NO_KEYS_CONFIGURED,
                _("this service has no token keys configured (GOVGRAPH_JWT_JWKS_FILE, GOVGRAPH_JWT_JWKS_URL or GOVGRAPH_JWT_SECRET); send no token"),
            )
        try:
            header = jwt.get_unverified_header(token)
        except (DecodeError, InvalidTokenError):
            raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the bearer token is not a well-formed JWT")) from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self.algorithms:
            allowed = ", ".join(sorted(self.algorithms))
            raise AuthenticationError(Failure.ALGORITHM_NOT_ALLOWED, _("the token's algorithm is not accepted here (accepted: {allowed})", allowed=allowed))
        # HS256 is in `algorithms` only when a secret is configured.
        key = self.secret if alg == SYMMETRIC and self.secret is not None else self._public_key(header, alg)
        payload = self._decode(token, key, alg)
        return _principal(payload), payload

    def _public_key(self, header: dict[str, Any], alg: str) -> PyJWK:
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError(Failure.UNKNOWN_KEY, _("the token names no key (kid header)"))
        if self.remote is not None:
            key = self.remote.get(kid)
        else:
            found = (self.jwks or {}).get(kid)
            if found is None:
                raise AuthenticationError(Failure.UNKNOWN_KEY, _("the token names a key (kid) this service does not know"))
            key = found
        if key.algorithm_name != alg:
            raise AuthenticationError(Failure.ALGORITHM_NOT_ALLOWED, _("the token's algorithm is not the algorithm of the key it names"))
        return key

    def _decode(self, token: str, key: PyJWK | str, alg: str) -> dict[str, Any]:
        required = ["exp", "sub"]
        if self.claims.issuer:
            required.append("iss")
        if self.claims.audience:
            required.append("aud")
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[alg],
                options={"require": required, "enforce_minimum_key_length": True},
                audience=self.claims.audience,
                issuer=self.claims.issuer,
                leeway=self.claims.leeway_seconds,
            )
        except ExpiredSignatureError:
            raise AuthenticationError(Failure.TOKEN_EXPIRED, _("the token has expired")) from None
        except ImmatureSignatureError:
            raise AuthenticationError(Failure.TOKEN_NOT_YET_VALID, _("the token is not valid yet (nbf or iat is in the future)")) from None
        except InvalidAudienceError:
            raise AuthenticationError(Failure.WRONG_AUDIENCE, _("the token is not meant for this service (audience must be {audience})", audience=quote(str(self.claims.audience)))) from None
        except InvalidIssuerError:
            raise AuthenticationError(Failure.WRONG_ISSUER, _("the token was not issued by {issuer}", issuer=quote(str(self.claims.issuer)))) from None
        except MissingRequiredClaimError as e:
            raise AuthenticationError(Failure.MISSING_CLAIM, _("the token has no {claim} claim", claim=quote(str(e.claim)))) from None
        except InvalidSignatureError:
            raise AuthenticationError(Failure.BAD_SIGNATURE, _("the token's signature does not verify")) from None
        except InvalidAlgorithmError:
            raise AuthenticationError(Failure.ALGORITHM_NOT_ALLOWED, _("the token's algorithm is not accepted here")) from None
        except InvalidKeyError:
            raise AuthenticationError(Failure.UNKNOWN_KEY, _("the key the token names cannot verify it")) from None
        except (InvalidTokenError, PyJWTError):
            raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the bearer token is not a well-formed JWT")) from None


MAX_VERIFIED = 4096  # verified tokens kept (all are forgotten when full)


@dataclass(frozen=True)
class _Verified:
    """A token whose signature and claims were verified, and the times it is valid between (PyJWT's
    rules: not after `exp`, not before `nbf` or `iat`, each with the leeway)."""

    principal: Principal
    expires: float
    not_before: float

    @classmethod
    def of(cls, principal: Principal, payload: dict[str, Any]) -> _Verified:
        starts = [float(payload[claim]) for claim in ("nbf", "iat") if isinstance(payload.get(claim), (int, float))]
        return cls(principal, float(payload["exp"]), max(starts, default=float("-inf")))

    def valid_at(self, now: float, leeway: float) -> bool:
        return self.not_before - leeway <= now < self.expires + leeway


def _bearer_token(authorization: Sequence[str]) -> str:
    """The token of the one `Authorization: Bearer <token>` header (RFC 6750 §2.1)."""
    if len(authorization) != 1:
        raise AuthenticationError(Failure.MALFORMED_TOKEN, _("send one Authorization header"))
    scheme, _space, token = authorization[0].strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the Authorization header must be 'Bearer <token>'"))
    if len(token) > MAX_TOKEN_CHARS or " " in token:
        raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the bearer token is not a well-formed JWT"))
    return token


def _principal(payload: dict[str, Any]) -> Principal:
    """The caller a verified token names: its subject, department and roles."""
    subject = payload["sub"]
    if not isinstance(subject, str) or not subject.strip():
        raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the token's 'sub' claim must be a non-empty string"))
    dept = payload.get("dept")
    if dept is None:
        raise AuthenticationError(Failure.MISSING_CLAIM, _("the token has no 'dept' claim"))
    if not isinstance(dept, str):
        raise AuthenticationError(Failure.BAD_DEPARTMENT, _("the token's 'dept' claim must be a department code"))
    try:
        department = department_code(dept)
    except ValueError:
        raise AuthenticationError(Failure.BAD_DEPARTMENT, _("the token's 'dept' claim is not a department code (a unified social credit code or an internal code)")) from None
    roles = payload.get("roles")
    if roles is None or roles == []:
        raise AuthenticationError(Failure.MISSING_CLAIM, _("the token grants no role ('roles' claim)"))
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthenticationError(Failure.MALFORMED_TOKEN, _("the token's 'roles' claim must be a list of role names"))
    known = {role.value for role in Role}
    if not set(roles) <= known:
        raise AuthenticationError(Failure.UNKNOWN_ROLE, _("the token names a role this service does not know (known: {known})", known=", ".join(sorted(known))))
    return Principal(department=department, roles=frozenset(Role(r) for r in roles), subject=subject.strip())

