"""The one settings object, read from `GOVGRAPH_*` variables of an injectable environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidArgumentError

PREFIX = "GOVGRAPH_"


@dataclass(frozen=True)
class Settings:
    """Every setting of govgraph; each is `GOVGRAPH_<NAME>` in the environment and `--<name>` on the CLI."""

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    data_dir: Path = Path(".govgraph")
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: str = ""
    assets_dir: Path = Path("web/node_modules")
    openlineage_mapping: Path | None = None
    # Bearer tokens (api/auth.py, Art.5/Art.29): the keys that may sign them and the claims they must carry.
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_jwks_file: Path | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "govgraph"
    jwt_audience: str = "govgraph"
    jwt_leeway_seconds: int = 30

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `environ` (default: the process environment), then non-None `overrides`."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw)
        settings = cls(**values)
        return settings.with_overrides(**overrides)

    def with_overrides(self, **overrides: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise InvalidArgumentError(f"unknown settings: {', '.join(sorted(unknown))}")
        given = {k: _convert(k, v) for k, v in overrides.items() if v is not None}
        return replace(self, **given)

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


def _convert(name: str, value: Any) -> Any:
    """Environment values are text; give each setting its type, or say clearly which one is wrong."""
    if name in ("data_dir", "assets_dir", "openlineage_mapping"):
        return Path(value)
    if name == "jwt_jwks_file":
        return Path(value)
    if name == "jwt_leeway_seconds":
        try:
            leeway = int(value)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{PREFIX}JWT_LEEWAY_SECONDS must be a whole number of seconds, got {value!r}") from None
        if not 0 <= leeway <= 300:
            raise InvalidArgumentError(f"{PREFIX}JWT_LEEWAY_SECONDS must be between 0 and 300, got {leeway}")
        return leeway
    if name == "port":
        try:
            port = int(value)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{PREFIX}PORT must be a port number, got {value!r}") from None
        if not 0 < port < 65536:
            raise InvalidArgumentError(f"{PREFIX}PORT must be between 1 and 65535, got {port}")
        return port
    return value
