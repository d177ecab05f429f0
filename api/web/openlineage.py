"""`POST /api/v1/lineage`: OpenLineage RunEvents (血缘事件) as the openlineage-python HTTP transport sends them.

The path is Marquez's, so a client configured for Marquez needs only the URL. Answers: 201 with the
report when the event's lineage was written, 200 when the event was accepted and ignored (FAIL,
ABORT, or no lineage in it), 400 for a malformed event, 413 over the body limit (`GOVGRAPH_MAX_BODY_BYTES`), 415 for a body
that is not `application/json` (plain or gzip-encoded, as the client's `compression: gzip` sends it).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.web.auth import Authenticator
from api.web.body import TooLarge, read_bounded
from api.web.http import MAX_BODY_BYTES
from graph.access import Role
from graph.errors import AuthenticationError, ConflictError, GovGraphError, InvalidDataError, StoreUnavailableError
from graph.i18n import _
from graph.store import GraphStore
from loaders.openlineage import LineageMapping, load_event, read_mapping

JSON = "application/json"


class Refused(Exception):
    """A request refused before its event is read, with the status and code to answer with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _too_large(limit: int) -> Refused:
    return Refused(413, "PAYLOAD_TOO_LARGE", _("the event is larger than {limit:,} bytes", limit=limit))


def _gunzip(body: bytes, limit: int) -> bytes:
    """A gzip body inflated, up to `limit` bytes of JSON."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        text = inflater.decompress(body, limit + 1)
    except zlib.error:
        raise Refused(400, InvalidDataError.code, _("the body is not valid gzip")) from None
    if len(text) > limit:
        raise _too_large(limit)
    if not inflater.eof:
        raise Refused(400, InvalidDataError.code, _("the gzip body is truncated"))
    return text


async def read_event(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The event's JSON text: content type and encoding checked, at most `limit` bytes (inflated)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise Refused(415, "UNSUPPORTED_MEDIA_TYPE", _("an event needs Content-Type {expected}, got {given}", expected=JSON, given=content_type or "none"))
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise Refused(415, "UNSUPPORTED_MEDIA_TYPE", _("cannot read Content-Encoding {encoding}; send gzip or none", encoding=encoding[:40]))
    try:
        body = await read_bounded(request, limit)
    except TooLarge:
        raise _too_large(limit) from None
    return _gunzip(body, limit) if encoding == "gzip" else body


def _error(status: int, code: str, message: str, problems: list[dict[str, str]] | None = None) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if problems is not None:
        error["problems"] = problems
    headers = {"Retry-After": "5"} if status == 503 else None
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def _status(error: GovGraphError) -> int:
    """Our errors by class: the client's event (400), a clash with stored data (409), the store (503, 500)."""
    if isinstance(error, InvalidDataError):
        return 400
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, StoreUnavailableError):
        return 503
    return 500


class OpenLineageEndpoint:
    """Receives one RunEvent per request and writes its lineage into the store through `loaders.openlineage`."""

    def __init__(
        self, store: GraphStore, mapping: LineageMapping, authenticator: Authenticator | None = None, max_body_bytes: int = MAX_BODY_BYTES
    ) -> None:
        self.store = store
        self.mapping = mapping
        self.authenticator = authenticator
        self.max_body_bytes = max_body_bytes

    @classmethod
    def from_file(
        cls, store: GraphStore, path: Path | None, authenticator: Authenticator | None = None, max_body_bytes: int = MAX_BODY_BYTES
    ) -> OpenLineageEndpoint:
        """The endpoint with the mapping read from `path` (none: every dataset is uncatalogued)."""
        return cls(store, read_mapping(path), authenticator, max_body_bytes)

    async def _writer(self, request: Request) -> Response | None:
        """Refuse callers who may not write lineage: a department admin or the EIC may (Art.29)."""
        if self.authenticator is None:
            return None
        try:
            principal = await self.authenticator.authenticate(request.headers.getlist("authorization"))
        except AuthenticationError as e:
            return _error(401, e.code, e.message)
        if not principal.roles & {Role.EIC, Role.DEPARTMENT_ADMIN}:
            code = 401 if principal.is_public else 403
            return _error(code, "UNAUTHENTICATED" if principal.is_public else "FORBIDDEN", _("lineage events need a token of a department admin or the EIC (Art.29)"))
        return None

    async def handle(self, request: Request) -> Response:
        """Answers one POST of an event, in the request's language (api/web/language.py)."""
        refused = await self._writer(request)
        if refused is not None:
            return refused
        try:
            report = await load_event(self.store, await read_event(request, self.max_body_bytes), self.mapping)
        except Refused as e:
            return _error(e.status, e.code, e.message)
        except GovGraphError as e:
            problems = getattr(e, "problems", None)
            listed = [{"where": p.where, "field": p.field, "reason": p.reason} for p in problems] if problems else None
            return _error(_status(e), e.code, e.message, listed)
        return JSONResponse(report.to_json(), status_code=201 if report.stored else 200)
