"""GraphQL over HTTP (the GraphQL-over-HTTP spec): GET for queries, POST for anything, with the
status codes and media types the spec asks of `application/graphql-response+json` and of
`application/json`."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse
import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.federation import Schema
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from api.web.auth import Authenticator
from api.web.body import TooLarge, read_bounded
from api.schema.context import Context
from api.web.negotiation import accept_weights
from lineage.lineage import LineageLimits
from graph.access import Principal
from graph.errors import AuthenticationError, AuthenticationFailure, StoreUnavailableError
from graph.i18n import _, quote
from graph.store import GraphStore

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY_BYTES = 1_000_000  # the default of `Settings.max_body_bytes`
GATEWAY_HEADER = "x-gateway-secret"
QUERY_ONLY = (OperationType.QUERY,)
ALL_OPERATIONS = (OperationType.QUERY, OperationType.MUTATION)


class RequestError(Exception):
    """A request the server cannot run, with the HTTP status to answer it with."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Params:
    """The GraphQL-over-HTTP request parameters."""

    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def _media_type(request: Request) -> str:
    """The response media type the client prefers (application/json when it says nothing).

    Ranges weighted `q=0` are refused; on a tie the spec's own media type wins.
    """
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return JSON
    weights = accept_weights(accept)
    offers = {
        GRAPHQL_RESPONSE: weights.get(GRAPHQL_RESPONSE, 0.0),
        JSON: weights.get(JSON, weights.get("application/*", weights.get("*/*", 0.0))),
    }
    best = max(offers, key=lambda kind: offers[kind])  # dicts keep order: GRAPHQL_RESPONSE first on a tie
    if offers[best] <= 0:
        raise RequestError(
            406,
            _("cannot answer in any of the accepted media types ({accept}); accept {graphql} or {json}", accept=quote(accept), graphql=GRAPHQL_RESPONSE, json=JSON),
        )
    return best


def _json_field(raw: Any, name: str, from_text: bool) -> dict[str, Any] | None:
    """`variables` or `extensions`: a JSON object (sent as text in a GET), or nothing."""
    if raw is None or raw == "":
        return None
    if from_text:
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise RequestError(400, _("{name} is not valid JSON", name=name)) from None
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RequestError(400, _("{name} must be a JSON object", name=name))
    return raw


def _params(data: Mapping[str, Any], from_text: bool) -> Params:
    """The request parameters from a query string (`from_text`) or a JSON body."""
    query = data.get("query")
    if query is None:
        raise RequestError(400, _("the request has no query"))
    if not isinstance(query, str):
        raise RequestError(400, _("{name} must be a string", name="query"))
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, _("{name} must be a string", name="operationName"))
    return Params(
        query,
        _json_field(data.get("variables"), "variables", from_text),
        operation_name or None,
        _json_field(data.get("extensions"), "extensions", from_text),
    )


def too_large(limit: int) -> str:
    """The refusal of a body over `limit` bytes."""
    return _("the body is larger than {limit:,} bytes", limit=limit)


async def _read_params(request: Request, max_body_bytes: int) -> Params:
    """The parameters of a GET (query string) or a POST (a JSON body of at most `max_body_bytes`)."""
    if request.method == "GET":
        return _params(request.query_params, from_text=True)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise RequestError(415, _("POST needs Content-Type {expected}, got {given}", expected=JSON, given=quote(content_type) if content_type else _("none")))
    try:
        body = await read_bounded(request, max_body_bytes)
    except TooLarge:
        raise RequestError(413, too_large(max_body_bytes)) from None
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise RequestError(400, _("the body is not valid JSON")) from None
    if not isinstance(data, dict):
        raise RequestError(400, _("the body must be a JSON object"))
    return _params(data, from_text=False)


def _operation_names(query: str) -> tuple[str | None, ...]:
    """The names of the document's operations (none when it does not parse: execution reports that)."""
    try:
        document = parse(query, no_location=True)
    except GraphQLError:
        return ()
    return tuple(d.name.value if d.name else None for d in document.definitions if isinstance(d, OperationDefinitionNode))


def _operation_error(params: Params, operation_names: Callable[[str], tuple[str | None, ...]]) -> PreExecutionError | None:
    """A request error when `operationName` does not pick exactly one operation (GetOperation, GraphQL spec §6.1).

    strawberry would run the first of several operations when no name is given; the spec asks for an error.
    """
    names = operation_names(params.query)
    if params.operation_name is None and len(names) > 1:
        message = _("the document has several operations; say which to run with operationName")
    elif params.operation_name is not None and names and params.operation_name not in names:
        message = _("the document has no operation named {name}", name=quote(params.operation_name))
    else:
        return None
    return PreExecutionError(data=None, errors=[GraphQLError(message)])


def _is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable-coercion failures: nothing was executed."""
    if isinstance(result, PreExecutionError):
        return True
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _coded(error: dict[str, Any], executed: bool) -> dict[str, Any]:
    """Every error carries `extensions.code`; a request's own errors (syntax, validation, limits) say so."""
    extensions = dict(error.get("extensions") or {})
    extensions.setdefault("code", "INTERNAL_SERVER_ERROR" if executed else "GRAPHQL_VALIDATION_FAILED")
    return {**error, "extensions": extensions}


def _body(result: ExecutionResult, executed: bool) -> dict[str, Any]:
    """The response body: `data` only when execution started (it is absent for a request error)."""
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [_coded(dict(e.formatted), executed) for e in result.errors]
    if executed:
        body["data"] = result.data
    if result.extensions:
        body["extensions"] = result.extensions
    return body


class _FastJSONResponse(JSONResponse):
    """JSON encoded with orjson: the same UTF-8 text as `JSONResponse` (compact, Chinese as is), faster."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def _respond(body: dict[str, Any], status: int, media_type: str, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response in the negotiated media type."""
    return _FastJSONResponse(body, status_code=status, media_type=f"{media_type}; charset=utf-8", headers=dict(headers or {}))


def _unavailable(result: ExecutionResult) -> bool:
    """Whether the store could not be reached (503, so that clients and balancers retry)."""
    return any((e.extensions or {}).get("code") == StoreUnavailableError.code for e in result.errors or [])


def _unauthenticated(error: AuthenticationError, media_type: str) -> Response:
    """401 with the RFC 6750 challenge (503 when the keys cannot be fetched: the token may be fine)."""
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code, "reason": error.reason.value}}]}
    if error.reason is AuthenticationFailure.KEYS_UNAVAILABLE:
        return _respond(body, 503, media_type, {"Retry-After": "5"})
    return _respond(body, 401, media_type, {"WWW-Authenticate": 'Bearer error="invalid_token"'})


class GraphQLEndpoint:
    """The `/graphql` endpoint: one strawberry schema, one store, a context per request.

    Without an authenticator, requests without a token are the public and requests with one are refused.
    A POST body is at most `max_body_bytes`. A request whose `X-Gateway-Secret` header is `gateway_secret`
    comes from the federation gateway (`Context.gateway`: it may read `_service` with introspection off).
    """

    def __init__(
        self,
        schema: Schema,
        store: GraphStore,
        ide: Callable[[Request], Awaitable[Response]] | None = None,
        authenticator: Authenticator | None = None,
        limits: LineageLimits | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        gateway_secret: str | None = None,
    ) -> None:
        self.schema = schema
        self.store = store
        self.ide = ide
        self.authenticator = authenticator or Authenticator()
        self.limits = limits or LineageLimits()
        self.max_body_bytes = max_body_bytes
        self._gateway_secret = gateway_secret.encode() if gateway_secret else None
        # Documents repeat (a front-end sends the same few): parse each once for its operation names.
        self._operation_names = lru_cache(maxsize=512)(_operation_names)

    async def handle(self, request: Request) -> Response:
        """Answers one GraphQL-over-HTTP request (in the request's language: `api.web.language`)."""
        if request.method not in ("GET", "POST"):
            return Response(status_code=405, headers={"Allow": "GET, POST"})
        if (
            self.ide is not None
            and request.method == "GET"
            and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", "")
        ):
            return await self.ide(request)
        try:
            media_type = _media_type(request)
        except RequestError as e:
            return _respond({"errors": [{"message": e.message}]}, e.status, JSON)
        try:
            principal = await self.authenticator.authenticate(request.headers.getlist("authorization"))  # Art.5, Art.29
        except AuthenticationError as e:
            return _unauthenticated(e, media_type)
        try:
            params = await _read_params(request, self.max_body_bytes)
            result = await self._execute(request, params, principal)
        except RequestError as e:
            return _respond({"errors": [{"message": e.message}]}, e.status, media_type, e.headers)
        if _is_request_error(result):
            status = 400 if media_type == GRAPHQL_RESPONSE else 200
            return _respond(_body(result, executed=False), status, media_type)
        if _unavailable(result):
            return _respond(_body(result, executed=True), 503, media_type, {"Retry-After": "5"})
        return _respond(_body(result, executed=True), 200, media_type)

    async def _execute(self, request: Request, params: Params, principal: Principal) -> ExecutionResult:
        """Runs the operation; only queries over GET (a mutation there is a 405)."""
        allowed = QUERY_ONLY if request.method == "GET" else ALL_OPERATIONS
        unselected = _operation_error(params, self._operation_names)
        if unselected is not None:
            return unselected
        try:
            purpose = request.headers.get("x-purpose")  # Art.24: the duty purpose, kept in the audit trail
            context = Context.for_request(self.store, self.limits, principal, purpose[:400] if purpose else None, self._from_gateway(request))
            result = await self.schema.execute(
                params.query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=params.extensions,
            )
            await context.audit.flush(self.store)
            return result
        except InvalidOperationTypeError:
            raise RequestError(405, _("only queries may be sent with GET; use POST"), {"Allow": "POST"}) from None
        except CannotGetOperationTypeError as e:
            return PreExecutionError(data=None, errors=[GraphQLError(e.as_http_error_reason())])
        except MissingQueryError:
            raise RequestError(400, _("the request has no query")) from None

    def _from_gateway(self, request: Request) -> bool:
        """Whether the request carries the gateway's shared secret (compared in constant time)."""
        given = request.headers.get(GATEWAY_HEADER)
        return self._gateway_secret is not None and given is not None and hmac.compare_digest(given.encode(), self._gateway_secret)
