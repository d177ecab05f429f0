"""Every request answered in the language its `Accept-Language` prefers (Chinese by default): one ASGI
middleware sets the language of the request's context (graph/i18n.py), so the GraphQL errors and
`userErrors`, the OpenLineage endpoint's refusals, sign-in's messages and every other answer speak it."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.i18n import negotiate, use_language


class Language:
    """Runs each HTTP request inside `use_language(negotiate(Accept-Language))`, and says so in its answer
    (`Content-Language`; `Vary: Accept-Language`, since the same URL answers in either language)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with use_language(negotiate(Headers(scope=scope).get("accept-language"))) as language:
            tag = language.replace("_", "-")

            async def tagged(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    headers.add_vary_header("Accept-Language")
                    headers.setdefault("content-language", tag)
                await send(message)

            await self.app(scope, receive, tagged)
