"""`GET /api/v1/export/national-csv`: the resources a catalog table shows, as the national template CSV.

The web app's catalog tables (a catalog's resources, the derived share and open catalogs, Art.10)
download their current selection through it: the same filter as the GraphQL connections, read as
the caller may see it (lineage/access.py), so the file holds exactly the rows the table lists —
without the items of a conditional resource the caller has no granted use of (Art.24), and for the
public only the open catalog (Art.21–23). The writer is `loaders.national_csv`'s, so the file loads
back with `govgraph load`.

Parameters (each at most once unless said; lists as repeated parameters or comma-separated):

- `view`: `resources` (the default: every resource, as `resources`), `share` (`shareCatalog`) or
  `open` (`openCatalog`);
- `catalog`, `provider`: a catalog's or a department's code;
- `catalogKind`, `shareType`, `openType`, `updateCycle`: lists of the GraphQL enums' values;
- `aggregated`: `true` or `false`;
- `text`: the name or code filter (at most `MAX_FILTER_TEXT` characters, no control characters).

Answers 200 with `text/csv; charset=utf-8` (with a byte-order mark, so spreadsheet programs read
the Chinese) and `Content-Disposition` naming the file in Chinese with China's date; 400 for a bad
parameter or a selection of more than `Settings.max_export_resources` resources (checked from the
first page's total, before any item is read), 401 for a refused token, 503 when the store is down.
Errors are JSON `{"error": {"code", "message"}}` in the request's language.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote as url_quote

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.web.auth import Authenticator
from graph.access import Principal, Visibility
from graph.errors import AuthenticationError, GovGraphError, InvalidArgumentError, StoreUnavailableError
from graph.i18n import _, quote
from graph.labels import Label
from graph.records import PageQuery
from graph.store import MAX_PAGE, GraphStore
from graph.terms import CatalogKind, OpenType, ShareType, Term, UpdateCycle
from lineage import catalogs
from lineage.access import visibility
from lineage.clock import today
from loaders.national_csv import write_national_csv

PATH = "/api/v1/export/national-csv"
MAX_FILTER_TEXT = 100
MAX_CODE_CHARS = 64
MAX_LIST_VALUES = 20
T = TypeVar("T", bound=Term)

# Each view: the connection it mirrors, and the file's name (before the date).
VIEWS: dict[str, tuple[Callable[[PageQuery], PageQuery], str]] = {
    "resources": (lambda query: query, "信息资源"),
    "share": (catalogs.share_catalog, "共享目录"),
    "open": (catalogs.open_catalog, "开放目录"),
}
LISTS: dict[str, type[Term]] = {"catalogKind": CatalogKind, "shareType": ShareType, "openType": OpenType, "updateCycle": UpdateCycle}
SINGLE = ("view", "catalog", "provider", "aggregated", "text")
KNOWN = (*SINGLE, *LISTS)


@dataclass(frozen=True)
class Selection:
    """What a table shows: the view, its filter, and the file's name."""

    view: str
    filter: catalogs.ResourceFilter

    def query(self, first: int, after: str | None = None) -> PageQuery:
        restrict, _name = VIEWS[self.view]
        return restrict(catalogs.resource_query(self.filter, first, after))

    def filename(self, catalog_name: str | None = None) -> str:
        """共享目录-2026-12-08.csv, or the catalog's name for a catalog's resources (China's date)."""
        _restrict, name = VIEWS[self.view]
        return f"{catalog_name or name}-{today().isoformat()}.csv"


def _one(params: QueryParams, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise InvalidArgumentError(_("the parameter {name} is given {count} times; give it once", name=name, count=len(values)))
    return values[0] if values else None


def _terms(params: QueryParams, name: str, term: type[T]) -> tuple[T, ...]:
    values = [v.strip() for given in params.getlist(name) for v in given.split(",") if v.strip()]
    if len(values) > MAX_LIST_VALUES:
        raise InvalidArgumentError(_("the parameter {name} takes at most {limit} values, got {count}", name=name, limit=MAX_LIST_VALUES, count=len(values)))
    found: list[T] = []
    for value in values:
        try:
            found.append(term.parse(value))
        except ValueError:
            raise InvalidArgumentError(_("the parameter {name}: {value} is not a known term (accepted: {choices})", name=name, value=quote(value), choices=term.choices())) from None
    return tuple(dict.fromkeys(found))


def _code(params: QueryParams, name: str) -> str | None:
    value = _one(params, name)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_CODE_CHARS or any(unicodedata.category(c) == "Cc" for c in value):
        raise InvalidArgumentError(_("the parameter {name} must be a code of 1 to {limit} characters, got {value}", name=name, limit=MAX_CODE_CHARS, value=quote(value)))
    return value


def _text(params: QueryParams) -> str | None:
    value = _one(params, "text")
    if value is None:
        return None
    if any(unicodedata.category(c) == "Cc" for c in value[: MAX_FILTER_TEXT * 4]):
        raise InvalidArgumentError(_("the parameter {name} holds control characters", name="text"))
    text = " ".join(value.split())
    if len(text) > MAX_FILTER_TEXT:
        raise InvalidArgumentError(_("the parameter {name} is longer than {limit} characters", name="text", limit=MAX_FILTER_TEXT))
    return text or None


def _aggregated(params: QueryParams) -> bool | None:
    value = _one(params, "aggregated")
    if value is None:
        return None
    if value.strip().lower() not in ("true", "false"):
        raise InvalidArgumentError(_("the parameter {name} must be true or false, got {value}", name="aggregated", value=quote(value)))
    return value.strip().lower() == "true"


def read_selection(params: QueryParams) -> Selection:
    """The selection the parameters describe, or `InvalidArgumentError` naming the parameter at fault."""
    unknown = sorted(set(params.keys()) - set(KNOWN))
    if unknown:
        raise InvalidArgumentError(_("unknown parameter {name} (known: {known})", name=quote(unknown[0]), known=", ".join(KNOWN)))
    view = (_one(params, "view") or "resources").strip()
    if view not in VIEWS:
        raise InvalidArgumentError(_("the parameter {name} must be one of {choices}, got {value}", name="view", choices=", ".join(VIEWS), value=quote(view)))
    f = catalogs.ResourceFilter(
        catalog_kinds=_terms(params, "catalogKind", CatalogKind),
        catalog=_code(params, "catalog"),
        provider=_code(params, "provider"),
        share_types=_terms(params, "shareType", ShareType),
        open_types=_terms(params, "openType", OpenType),
        update_cycles=_terms(params, "updateCycle", UpdateCycle),
        aggregated=_aggregated(params),
        text=_text(params),
    )
    return Selection(view, f)


async def selected_keys(store: GraphStore, selection: Selection, seen: Visibility, limit: int) -> list[str]:
    """The codes of the resources the selection shows to `seen`, page by page; `InvalidArgumentError`
    when the first page's total passes `limit` (before any further page or item is read)."""
    keys: list[str] = []
    after: str | None = None
    while True:
        page = await store.page(selection.query(MAX_PAGE, after), seen)  # PageQuery counts by default (`total`)
        if after is None and page.total is not None and page.total > limit:
            raise InvalidArgumentError(_("the selection holds {total:,} resources; an export takes at most {limit:,}: narrow the filter", total=page.total, limit=limit))
        keys.extend(n.key for n in page.nodes)
        if not page.has_next or not page.nodes:
            return keys
        after = page.nodes[-1].key


def _error(status: int, code: str, message: str) -> Response:
    headers = {"Retry-After": "5"} if status == 503 else None
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def content_disposition(filename: str) -> str:
    """An attachment named `filename` (RFC 6266: an ASCII fallback, then the UTF-8 name)."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{url_quote(filename, safe='')}"


class NationalCsvExport:
    """Answers `GET /api/v1/export/national-csv` over `store`."""

    def __init__(self, store: GraphStore, authenticator: Authenticator, max_resources: int) -> None:
        self.store = store
        self.authenticator = authenticator
        self.max_resources = max_resources

    async def _principal(self, request: Request) -> Principal:
        return await self.authenticator.authenticate(request.headers.getlist("authorization"))

    async def handle(self, request: Request) -> Response:
        """One export, in the request's language (api/web/language.py)."""
        try:
            principal = await self._principal(request)
        except AuthenticationError as e:
            return _error(401, e.code, e.message)
        seen = visibility(principal)
        try:
            selection = read_selection(request.query_params)
            keys = await selected_keys(self.store, selection, seen, self.max_resources)
            out = io.StringIO(newline="")
            out.write("\ufeff")
            written = await write_national_csv(self.store, out, keys=keys, visibility=seen)
            catalog = None if selection.filter.catalog is None else await self.store.get(Label.CATALOG, selection.filter.catalog, seen)
        except InvalidArgumentError as e:
            return _error(400, e.code, e.message)
        except StoreUnavailableError as e:
            return _error(503, e.code, e.message)
        except GovGraphError as e:
            return _error(500, e.code, e.message)
        headers = {
            "Content-Disposition": content_disposition(selection.filename(None if catalog is None else str(catalog.props.get("name") or "") or None)),
            "Cache-Control": "no-store",
            "X-Export-Resources": str(written.resources),
            "X-Export-Rows": str(written.rows),
            "Access-Control-Expose-Headers": "Content-Disposition, X-Export-Resources, X-Export-Rows",
        }
        return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)
