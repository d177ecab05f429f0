"""The one settings object, read from `GOVGRAPH_*` variables of an injectable environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidArgumentError
from graph.i18n import _, quote

PREFIX = "GOVGRAPH_"


@dataclass(frozen=True)
class Settings:
    """Every setting of govgraph; each is `GOVGRAPH_<NAME>` in the environment and `--<name>` on the CLI."""

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    data_dir: Path = Path(".govgraph")
    # The embedded store's files (graph/embedded): when the journal is folded into a snapshot (in the
    # background), and when the audit log's segment is sealed into the archive and the next begun.
    compact_at_mb: int = 64
    audit_segment_mb: int = 256
    audit_segment_days: int = 30
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: str = ""
    # The npm assets and the built web app (scripts/assets, scripts/webapp); unset: the checkout's web/, else
    # the copy an installed wheel carries (api/web/bundle.py).
    assets_dir: Path | None = None
    app_dir: Path | None = None
    openlineage_mapping: Path | None = None
    # The largest catalog file or export the service takes (POST /api/v1/load, /api/v1/import), checked before it is read.
    max_load_bytes: int = 64 * 1024 * 1024
    # Bearer tokens (api/auth.py, Art.5/Art.29): the keys that may sign them and the claims they must carry.
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_jwks_file: Path | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "govgraph"
    jwt_audience: str = "govgraph"
    jwt_leeway_seconds: int = 30
    # Signing in with the district's OpenID Connect provider (api/oidc.py): authorization code + PKCE.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_scope: str = "openid"
    oidc_token: str = "access_token"
    # Limits (api/limits.py, lineage/lineage.py): caps against abusive or runaway queries (Art.29–30).
    lineage_max_depth: int = 12
    lineage_max_nodes: int = 500
    max_query_cost: int = 50_000
    store_timeout_seconds: int = 10
    # The largest request body (a GraphQL POST, an OpenLineage event, inflated): larger is a 413 (api/web/body.py).
    max_body_bytes: int = 1_000_000
    # Neo4j's connections (graph/neo4j/connection.py): a connection, a pooled one, and the driver's retries
    # of a failed unit of work each within this; a statement within it plus `store_timeout_seconds`.
    neo4j_connect_timeout_seconds: int = 5
    # Production switches. With introspection off, `_service { sdl }` answers only requests carrying this
    # shared secret in the `X-Gateway-Secret` header (the federation gateway); unset, it answers nobody.
    introspection: bool = True
    gateway_secret: str | None = field(default=None, repr=False)
    graphiql: bool = True
    # The engine's fast path (api/engine/): off, strawberry's own executor answers every field the general way.
    fast_path: bool = True
    # Processes serving HTTP (`serve --workers`): stateless replicas over one Neo4j; the embedded store takes one.
    workers: int = 1

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
            raise InvalidArgumentError(_("unknown settings: {names}", names=", ".join(sorted(unknown))))
        given = {k: _convert(k, v) for k, v in overrides.items() if v is not None}
        return replace(self, **given)

    @property
    def store_kind(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


PATHS = {"data_dir", "assets_dir", "app_dir", "openlineage_mapping", "jwt_jwks_file"}
BOOLS = {"introspection", "graphiql", "fast_path"}
# Whole-number settings and the range each must lie in.
RANGES = {
    "port": (1, 65535),
    "jwt_leeway_seconds": (0, 300),
    "lineage_max_depth": (1, 20),
    "lineage_max_nodes": (10, 20_000),
    "max_query_cost": (100, 10_000_000),
    "max_load_bytes": (1024, 1024**3),
    "workers": (1, 64),
    "store_timeout_seconds": (1, 600),
    "compact_at_mb": (1, 65_536),
    "audit_segment_mb": (1, 1_048_576),
    "audit_segment_days": (1, 3_650),
    "max_body_bytes": (10_000, 100_000_000),
    "neo4j_connect_timeout_seconds": (1, 120),
}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _convert(name: str, value: Any) -> Any:
    """Environment values are text; give each setting its type, or say clearly which one is wrong."""
    variable = PREFIX + name.upper()
    if name in PATHS:
        return Path(value)
    if name in BOOLS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in TRUE | FALSE:
            raise InvalidArgumentError(_("{variable} must be true or false, got {value}", variable=variable, value=quote(str(value))))
        return text in TRUE
    if name in RANGES:
        low, high = RANGES[name]
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InvalidArgumentError(_("{variable} must be a whole number, got {value}", variable=variable, value=quote(str(value)))) from None
        if not low <= number <= high:
            raise InvalidArgumentError(_("{variable} must be between {low} and {high}, got {number}", variable=variable, low=low, high=high, number=number))
        return number
    return value
