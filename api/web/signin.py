"""Sign-in for the web app, GraphiQL and the explorer: what the browser may use, and development tokens.

- `GET /auth/config` tells the app how people sign in here: with development tokens (below), with
  the district's OpenID Connect provider (`api.oidc`), or not at all (the public only).
- `GET /auth/dev/choices` and `POST /auth/dev/token` sign a development token for a department of
  the loaded district and roles, as `govgraph token` does. They exist **only while the development
  keys are in use** (`scripts/serve` makes them: `GOVGRAPH_JWT_JWKS_FILE` is
  `<data dir>/dev-keys/jwks.json`, whose private half lies beside it, and no other key is set);
  otherwise they answer 404, as any unknown path does, so production never signs a token itself.

Every field of the request is checked, and a refusal says in Chinese what is wrong and where:

    POST /auth/dev/token {"department": "111101075771478671", "roles": ["DEPARTMENT_USER"]}
    -> 200 {"token": "eyJ…", "expiresAt": "2026-…Z", "department": {…}, "roles": [...]}
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from api.web.dev_tokens import issue
from api.web.json_input import InputError, json_object
from api.web.oidc import OpenIdConnect
from graph.access import Role
from graph.errors import GovGraphError, StoreUnavailableError
from graph.i18n import N_, _, quote
from graph.labels import Label
from graph.records import PageQuery
from graph.settings import Settings
from graph.store import GraphStore

DEV_TTL_SECONDS = 12 * 3600  # a working day
MAX_BODY_BYTES = 4096
MAX_DEPARTMENTS = 2000  # the choices list is capped before it is read
PAGE = 100
NO_STORE = {"Cache-Control": "no-store"}

# A role a token may grant, and which duty (the department's `roles`) a department needs for it.
ROLE_DUTY: dict[Role, str | None] = {
    Role.DEPARTMENT_USER: None,
    Role.DEPARTMENT_ADMIN: None,
    Role.EIC: "EIC",  # Art.4: the district's EIC
    Role.LEADING_GROUP: "LEADING_GROUP",  # Art.4: the leading group
}
# The roles' names as the sign-in page shows them (the API has no Role enum yet; see the README).
ROLE_LABELS = {
    Role.DEPARTMENT_USER: N_("department user"),
    Role.DEPARTMENT_ADMIN: N_("department admin"),
    Role.EIC: N_("the district's EIC"),
    Role.LEADING_GROUP: N_("the informatization leading group"),
}


def development_keys_in_use(settings: Settings) -> bool:
    """Whether the service accepts exactly the development key of its data directory (and nothing else)."""
    if settings.jwt_secret is not None or settings.jwt_jwks_url or settings.jwt_jwks_file is None:
        return False
    folder = (settings.data_dir / "dev-keys").resolve()
    return settings.jwt_jwks_file.resolve() == folder / "jwks.json" and (folder / "private.pem").is_file()


def _refuse(field: str, message: str, status: int = 400) -> Response:
    return JSONResponse({"error": {"code": "INVALID_ARGUMENT", "field": field, "message": message}}, status_code=status, headers=NO_STORE)


@dataclass(frozen=True)
class Choice:
    """A department one may sign in as, and the roles it may take."""

    code: str
    name: str
    short_name: str | None
    roles: tuple[Role, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "shortName": self.short_name, "roles": [r.value for r in self.roles]}


def _choice(key: str, props: dict[str, Any]) -> Choice:
    duties = set(props.get("roles") or ())
    roles = tuple(role for role, duty in ROLE_DUTY.items() if duty is None or duty in duties)
    return Choice(key, str(props.get("name") or key), props.get("short_name"), roles)


class SignIn:
    """The sign-in endpoints over `store`; the development ones only with the development keys."""

    def __init__(self, settings: Settings, store: GraphStore, oidc: OpenIdConnect | None = None) -> None:
        self.settings = settings
        self.store = store
        self.development = development_keys_in_use(settings)
        self.oidc = oidc

    async def config(self, request: Request) -> Response:
        """How one signs in here (the app reads this first)."""
        body: dict[str, Any] = {"development": self.development, "oidc": await self.oidc.public_config() if self.oidc else None}
        return JSONResponse(body, headers=NO_STORE)

    async def _choices(self) -> list[Choice]:
        found: list[Choice] = []
        after: str | None = None
        while len(found) < MAX_DEPARTMENTS:
            page = await self.store.page(PageQuery(Label.DEPARTMENT, first=PAGE, after=after, props=("name", "short_name", "roles")))
            found.extend(_choice(node.key, dict(node.props)) for node in page.nodes)
            if not page.has_next or not page.nodes:
                break
            after = page.nodes[-1].key
        return found

    async def choices(self, request: Request) -> Response:
        """The departments of the loaded district and the roles each may sign in with."""
        if not self.development:
            return PlainTextResponse("Not Found", status_code=404)
        try:
            departments = await self._choices()
        except GovGraphError as e:
            return _unavailable(e)
        return JSONResponse(
            {
                "departments": [d.as_json() for d in departments],
                "roles": [{"code": role.value, "label": _(ROLE_LABELS[role])} for role in ROLE_DUTY],
                "ttlSeconds": DEV_TTL_SECONDS,
            },
            headers=NO_STORE,
        )

    async def token(self, request: Request) -> Response:
        """A development token for the department and roles the body names."""
        if not self.development:
            return PlainTextResponse("Not Found", status_code=404)
        try:
            department, roles = await self._read(request)
            chosen = await self._department(department)
            _check_roles(chosen, roles)
        except InputError as e:
            return _refuse(e.field, e.message)
        except GovGraphError as e:
            return _unavailable(e)
        issued = issue(self.settings, chosen.code, roles, subject=f"dev:{chosen.code}", ttl_seconds=DEV_TTL_SECONDS)
        expires = datetime.fromtimestamp(int(time.time()) + DEV_TTL_SECONDS, tz=timezone.utc)
        return JSONResponse(
            {"token": issued.token, "expiresAt": expires.isoformat().replace("+00:00", "Z"), "department": chosen.as_json(), "roles": sorted(r.value for r in roles)},
            headers=NO_STORE,
        )

    async def _read(self, request: Request) -> tuple[str, list[Role]]:
        body = await json_object(request, MAX_BODY_BYTES, _("department and roles"))
        department = body.get("department")
        if not isinstance(department, str) or not department.strip():
            raise InputError("department", _("choose a department (department: its code)"))
        if len(department) > 64:
            raise InputError("department", _("the department code is too long"))
        roles = body.get("roles")
        if not isinstance(roles, list) or not roles:
            raise InputError("roles", _("choose at least one role (roles)"))
        if len(roles) > len(ROLE_DUTY) or not all(isinstance(r, str) for r in roles):
            raise InputError("roles", _("roles must be a list of role codes"))
        known = {role.value: role for role in ROLE_DUTY}
        unknown = [r for r in roles if r not in known]
        if unknown:
            raise InputError("roles", _("unknown roles: {roles} (choose from {known})", roles=_(", ").join(quote(r) for r in unknown[:4]), known=_(", ").join(known)))
        return department.strip(), sorted({known[r] for r in roles})

    async def _department(self, code: str) -> Choice:
        found = await self.store.get_many(Label.DEPARTMENT, [code])
        node = found.get(code)
        if node is None:
            raise InputError("department", _("there is no department with the code {code}", code=quote(code)))
        return _choice(node.key, dict(node.props))

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [
            Route("/auth/config", self.config, methods=["GET"]),
            Route("/auth/dev/choices", self.choices, methods=["GET"]),
            Route("/auth/dev/token", self.token, methods=["POST"]),
        ]
        if self.oidc is not None:
            routes.append(Route("/auth/oidc/token", self.oidc.token, methods=["POST"]))
        return routes


def _check_roles(chosen: Choice, roles: list[Role]) -> None:
    refused = [role for role in roles if role not in chosen.roles]
    if refused:
        names = _(", ").join(_(ROLE_LABELS[r]) for r in refused)
        raise InputError(
            "roles",
            _(
                "{department} cannot sign in as {roles}: that role belongs only to the department with that duty (Art.4)",
                department=chosen.short_name or chosen.name,
                roles=names,
            ),
        )


def _unavailable(e: GovGraphError) -> Response:
    status = 503 if isinstance(e, StoreUnavailableError) else 500
    return JSONResponse({"error": {"code": e.code, "message": _("the departments cannot be read just now; try again shortly")}}, status_code=status, headers={**NO_STORE, "Retry-After": "5"})

