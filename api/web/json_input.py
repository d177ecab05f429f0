"""Reading a small JSON object from a request body, refusing what is not one in the request's language (the sign-in endpoints)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from api.web.body import TooLarge, read_bounded
from graph.i18n import _


class InputError(Exception):
    """A request field that is missing or wrong: its name and a message (`graph.i18n`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


async def json_object(request: Request, max_bytes: int, holds: str) -> dict[str, Any]:
    """The body as a JSON object of at most `max_bytes` (refused before it is read whole); `holds` names its
    fields for the refusal."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise InputError("body", _("the body must be JSON (Content-Type: application/json)"))
    try:
        raw = await read_bounded(request, max_bytes)
    except TooLarge:
        raise InputError("body", _("the body is too large: at most {limit:,} bytes", limit=max_bytes)) from None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InputError("body", _("the body is not valid JSON")) from None
    if not isinstance(body, dict):
        raise InputError("body", _("the body must be a JSON object with {fields}", fields=holds))
    return body
