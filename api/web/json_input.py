"""Reading a small JSON object from a request body, refusing in Chinese what is not one (the sign-in endpoints)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request


class InputError(Exception):
    """A request field that is missing or wrong: its name and a message in Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


async def json_object(request: Request, max_bytes: int, holds: str) -> dict[str, Any]:
    """The body as a JSON object of at most `max_bytes`; `holds` names its fields for the refusal."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise InputError("body", "请求体须为 JSON（Content-Type: application/json）")
    raw = await request.body()
    if len(raw) > max_bytes:
        raise InputError("body", f"请求体过大：不得超过 {max_bytes} 字节")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InputError("body", "请求体不是有效的 JSON") from None
    if not isinstance(body, dict):
        raise InputError("body", f"请求体须为 JSON 对象，含 {holds}")
    return body
