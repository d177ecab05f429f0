"""Development tokens: `govgraph token` signs them with a local key so a developer can call the API
as a department with roles. Production tokens come from the district's identity provider.

By default the key is an ES256 pair made once in `<data dir>/dev-keys/`: `private.pem` (readable
by its owner only) and `jwks.json`, the public half to serve with (`GOVGRAPH_JWT_JWKS_FILE`).
With `GOVGRAPH_JWT_SECRET` set, tokens are signed HS256 with that secret instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api.web.auth import MIN_SECRET_BYTES
from graph.access import Role
from graph.errors import InvalidArgumentError
from graph.identifiers import department_code
from graph.settings import Settings

MAX_TTL_SECONDS = 7 * 24 * 3600
SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class DevKey:
    """A private key to sign with, its `kid`, and the JWKS file that holds its public half."""

    private: SigningKey
    kid: str
    jwks_file: Path

    @property
    def algorithm(self) -> str:
        return "ES256" if isinstance(self.private, ec.EllipticCurvePrivateKey) else "RS256"


@dataclass(frozen=True)
class Issued:
    """A signed token and the setting the service needs to accept it."""

    token: str
    serve_with: str


def _public_jwk(private: SigningKey) -> dict[str, Any]:
    """The public JWK of a private key, with its RFC 7638 thumbprint as `kid`."""
    public = private.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        members = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
        alg = "ES256"
    else:
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        members = {k: jwk[k] for k in ("e", "kty", "n")}
        alg = "RS256"
    digest = hashlib.sha256(json.dumps(members, sort_keys=True, separators=(",", ":")).encode("ascii")).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return {**members, "kid": kid, "alg": alg, "use": "sig"}


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write a file whole (by rename) with `mode`, so a reader never sees half a key."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(path)


def _jwks_file(private: SigningKey, path: Path) -> DevKey:
    jwk = _public_jwk(private)
    text = json.dumps({"keys": [jwk]}, indent=2) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, text.encode("utf-8"), 0o644)
    return DevKey(private, jwk["kid"], path.resolve())


def _load_private(path: Path) -> SigningKey:
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as e:
        raise InvalidArgumentError(f"cannot read the key file {path}: {e.strerror or e}") from e
    except (ValueError, TypeError) as e:
        raise InvalidArgumentError(f"{path} is not an unencrypted PEM private key") from e
    if isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(private.curve, ec.SECP256R1):
        return private
    if isinstance(private, rsa.RSAPrivateKey) and private.key_size >= 2048:
        return private
    raise InvalidArgumentError(f"{path}: use an EC P-256 key (ES256) or an RSA key of 2048 bits or more (RS256)")


def dev_key(data_dir: Path) -> DevKey:
    """The ES256 development key of `data_dir`, made the first time it is needed."""
    folder = data_dir / "dev-keys"
    pem = folder / "private.pem"
    if pem.exists():
        private = _load_private(pem)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        private = ec.generate_private_key(ec.SECP256R1())
        encoded = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        _write(pem, encoded, 0o600)
    return _jwks_file(private, folder / "jwks.json")


def key_from_file(path: Path, data_dir: Path) -> DevKey:
    """A developer's own private key; its public half goes to `<data dir>/dev-keys/<kid>.jwks.json`."""
    private = _load_private(path)
    kid = _public_jwk(private)["kid"]
    return _jwks_file(private, data_dir / "dev-keys" / f"{kid}.jwks.json")


def issue(
    settings: Settings,
    department: str,
    roles: Iterable[Role],
    subject: str | None = None,
    ttl_seconds: int = 3600,
    key_file: Path | None = None,
) -> Issued:
    """A token for `department` with `roles`, signed by the key the settings and `key_file` choose."""
    try:
        dept = department_code(department)
    except ValueError as e:
        raise InvalidArgumentError(str(e)) from None
    granted = sorted({Role(r).value for r in roles})
    if not granted:
        raise InvalidArgumentError("give at least one --role")
    if not 0 < ttl_seconds <= MAX_TTL_SECONDS:
        raise InvalidArgumentError(f"--ttl must be between 1 and {MAX_TTL_SECONDS} seconds")
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject or f"dev:{dept}",
        "dept": dept,
        "roles": granted,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
    }
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if key_file is None and settings.jwt_secret is not None:
        if len(settings.jwt_secret.encode("utf-8")) < MIN_SECRET_BYTES:
            raise InvalidArgumentError(f"GOVGRAPH_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long")
        token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
        return Issued(token, "GOVGRAPH_JWT_SECRET (the same secret)")
    key = key_from_file(key_file, settings.data_dir) if key_file is not None else dev_key(settings.data_dir)
    token = jwt.encode(claims, key.private, algorithm=key.algorithm, headers={"kid": key.kid})
    return Issued(token, f"GOVGRAPH_JWT_JWKS_FILE={key.jwks_file}")
