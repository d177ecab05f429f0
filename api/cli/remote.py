"""The command line's writes through a running service: while `govgraph serve` holds an embedded data
directory, `govgraph load` and `govgraph import` send each file to it (`POST /api/v1/load`,
`/api/v1/import`) with the operator's key from the directory (`api.web.operator`), and print its
answer as they print their own.

    service = service_holding(settings.data_dir)
    if service is not None:
        answer = send(service, "/api/v1/load", "catalog.csv", data)
"""

from __future__ import annotations

import fcntl
import getpass
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from api.web.operator import KEY_HEADER, USER_HEADER, RunningService, running_service
from graph.embedded.store import LOCK
from graph.errors import Problem, StoreUnavailableError
from graph.i18n import CHINESE, _, current_language
from loaders.plan import LoadReport

TIMEOUT_SECONDS = 600  # a large catalog takes a while to check and write


@dataclass(frozen=True)
class Answer:
    """The service's answer: its HTTP status and JSON body."""

    status: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error(self) -> dict[str, Any]:
        found = self.body.get("error")
        return found if isinstance(found, dict) else {"code": f"HTTP_{self.status}", "message": str(self.body)[:200]}


def _held(lock: Path) -> bool:
    """Whether some process holds the data directory's lock now (taking it for an instant if not)."""
    try:
        with lock.open("r") as f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
            return False
    except OSError:
        return False


def service_holding(data_dir: Path) -> RunningService | None:
    """The running service that holds `data_dir`'s lock, if any (a `service.json` left by a service
    that was killed names a process that no longer holds it)."""
    service = running_service(data_dir)
    if service is None:
        return None
    lock = Path(data_dir) / LOCK
    try:
        holder = lock.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return service if holder == str(service.pid) and _held(lock) else None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def send(service: RunningService, path: str, name: str, data: bytes) -> Answer:
    """POST one file's bytes to the service as the operator; its answer, whatever the status."""
    request = urllib.request.Request(
        f"{service.url}{path}?{urlencode({'name': name})}",
        data=data,
        method="POST",
        headers={
            KEY_HEADER: service.key,
            USER_HEADER: _user(),
            "Content-Type": "application/octet-stream",
            "Accept-Language": "zh-CN" if current_language() == CHINESE else "en",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the service is on this machine: never through a proxy
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Answer(response.status, _json(response.read()))
    except urllib.error.HTTPError as e:
        return Answer(e.code, _json(e.read()))
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise StoreUnavailableError(_("the service holding the data directory (pid {pid}, {url}) does not answer: {reason}", pid=service.pid, url=service.url, reason=reason)) from None


def _json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def problem_of(raw: dict[str, Any]) -> Problem:
    """A problem as the service lists it."""
    return Problem(str(raw.get("where", "")), str(raw.get("field", "")), str(raw.get("reason", "")), int(raw.get("line") or 0), str(raw.get("code", "")))


def report_of(body: dict[str, Any]) -> LoadReport:
    """A load's report as the service answers it."""
    return LoadReport(
        str(body.get("source", "")),
        {str(k): int(v) for k, v in dict(body.get("nodes") or {}).items()},
        {str(k): int(v) for k, v in dict(body.get("relationships") or {}).items()},
        int(body.get("createdIfMissing") or 0),
        [problem_of(n) for n in body.get("notes") or [] if isinstance(n, dict)],
    )
