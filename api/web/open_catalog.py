"""`GET /open/catalog`: the open catalog (开放目录, Art.10, Art.21–23) as DCAT 3 for data portals and harvesters.

The media type is negotiated from `Accept`: Turtle (the default, also for no `Accept` or `*/*`),
JSON-LD or RDF/XML; anything else is 406. The catalog is derived on every request, like GraphQL's
`openCatalog`, and its URIs live under the address the request came to. Building and serialising
the RDF runs in a worker thread, off the event loop.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.web.negotiation import accept_weights
from graph.errors import GovGraphError, StoreUnavailableError
from graph.store import GraphStore
from lineage.publication import MEDIA_TYPES, dcat_catalog, open_entries, serialise

VARY = {"Vary": "Accept"}


def negotiate(accept: str) -> str | None:
    """The media type to answer with, or None when the client accepts none of ours.

    The most specific range that matches an offer gives its weight (RFC 9110 §12.5.1); on a tie the
    order of `MEDIA_TYPES` decides, so Turtle wins.
    """
    if not accept.strip():
        return next(iter(MEDIA_TYPES))
    weights = accept_weights(accept)
    offers: dict[str, float] = {}
    for media in MEDIA_TYPES:
        ranges = (media, media.split("/")[0] + "/*", "*/*")
        offers[media] = next((weights[r] for r in ranges if r in weights), 0.0)
    best = max(offers, key=lambda media: offers[media])
    return best if offers[best] > 0 else None


class OpenCatalogEndpoint:
    """Serves the derived open catalog of `store` as DCAT 3."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    async def handle(self, request: Request) -> Response:
        """Answers one GET (or HEAD) of the catalog."""
        media = negotiate(request.headers.get("accept", ""))
        if media is None:
            offered = ", ".join(MEDIA_TYPES)
            message = f"cannot answer in any of the accepted media types; accept one of {offered}"
            return JSONResponse({"error": {"code": "NOT_ACCEPTABLE", "message": message}}, status_code=406, headers=VARY)
        try:
            entries = await open_entries(self.store)
        except GovGraphError as e:
            unavailable = isinstance(e, StoreUnavailableError)
            headers = {**VARY, "Retry-After": "5"} if unavailable else VARY
            return JSONResponse({"error": {"code": e.code, "message": e.message}}, status_code=503 if unavailable else 500, headers=headers)
        base = str(request.base_url)
        body = await run_in_threadpool(lambda: serialise(dcat_catalog(entries, base), media))
        return Response(body, media_type=media, headers=VARY)
