"""`GET /report?year=2025`: the annual report (Art.34) as the same self-contained page `govgraph
report` writes, served for the EIC and the leading group (Art.33–34) from the store the service
already holds, so it works on the embedded store while the service runs.

The public is asked to sign in (401); a department is refused (403): the report names every
department's findings. `download=1` answers it as an attachment (report-2025.html).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from api.web.auth import Authenticator
from api.web.report_page import render
from graph.access import Role
from graph.errors import AuthenticationError, GovGraphError, InvalidArgumentError, StoreUnavailableError
from graph.i18n import _
from graph.store import GraphStore
from lineage import clock
from lineage.report import annual_report

READERS = frozenset({Role.EIC, Role.LEADING_GROUP})


def _error(status: int, code: str, message: str) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="govgraph"'} if status == 401 else None
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _year(request: Request) -> int:
    """The `year` parameter as a number; the report checks its range."""
    text = request.query_params.get("year", "").strip()
    if not text:
        raise InvalidArgumentError(_("the report needs a year: /report?year=2025"))
    if not text.isdigit() or len(text) > 4:
        raise InvalidArgumentError(_("year must be a year such as 2025, got {value}", value=repr(text[:20])))
    return int(text)


class ReportEndpoint:
    """The annual report page, for the EIC and the leading group."""

    def __init__(self, store: GraphStore, authenticator: Authenticator | None) -> None:
        self.store = store
        self.authenticator = authenticator

    async def handle(self, request: Request) -> Response:
        if self.authenticator is None:
            return _error(401, "UNAUTHENTICATED", _("the annual report needs the token of the EIC or the leading group (Art.34)"))
        try:
            principal = await self.authenticator.authenticate(request.headers.getlist("authorization"))
        except AuthenticationError as e:
            return _error(401, "UNAUTHENTICATED", e.message)
        if principal.is_public:
            return _error(401, "UNAUTHENTICATED", _("the annual report needs the token of the EIC or the leading group (Art.34)"))
        if not principal.roles & READERS:
            return _error(403, "FORBIDDEN", _("only the EIC and the leading group may read the annual report (Art.34)"))
        try:
            year = _year(request)
            report = await annual_report(self.store, year)
        except InvalidArgumentError as e:
            return _error(400, e.code, e.message)
        except StoreUnavailableError as e:
            return _error(503, e.code, e.message)
        except GovGraphError as e:
            return _error(500, e.code, e.message)
        headers = {"Cache-Control": "private, no-store"}
        if request.query_params.get("download") in {"1", "true"}:
            headers["Content-Disposition"] = f'attachment; filename="govgraph-report-{year}.html"'
        return HTMLResponse(render(report, clock.today()), headers=headers)
