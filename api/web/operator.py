"""The local operator: the command line on the service's own machine, writing through the running service.

While `govgraph serve` holds an embedded data directory, no other process may write to it, so
`govgraph load` and `govgraph import` send their files to the service instead (`api.web.loads`). The
command line proves it may by a key the service makes when it starts and writes, readable by its
owner alone, into the data directory (`service.json`, with the service's address and pid), and
removes when it stops. Whoever can read that file can read and write the store's own files, so the
key grants nothing they did not have; it is accepted on the file endpoints alone (header
`X-Govgraph-Operator`), as a principal with the EIC's rights whose acts the audit trail records as
`operator:<the user the command line names>`.

    operator = Operator()
    operator.announce(settings.data_dir, "http://127.0.0.1:8000")   # when the store is open
    found = running_service(settings.data_dir)                       # in the command line
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph.access import Principal, Role

SERVICE_FILE = "service.json"
KEY_HEADER = "x-govgraph-operator"
USER_HEADER = "x-govgraph-operator-user"
MAX_USER_CHARS = 64


@dataclass(frozen=True)
class RunningService:
    """What `service.json` says: where the service listens, its process, and the operator's key."""

    url: str
    pid: int
    key: str = field(repr=False)


def local_url(host: str, port: int) -> str:
    """The address a client on this machine reaches a service listening on `host` at."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_service(data_dir: Path) -> RunningService | None:
    """The service holding `data_dir`, if one announced itself and its process still runs."""
    try:
        raw = json.loads((Path(data_dir) / SERVICE_FILE).read_text(encoding="utf-8"))
        found = RunningService(str(raw["url"]), int(raw["pid"]), str(raw["key"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if _alive(found.pid) else None


@dataclass
class Operator:
    """The service's side: its key, the file announcing it, and the principal the key stands for."""

    key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    _announced: Path | None = None

    def announce(self, data_dir: Path, url: str) -> None:
        """Write `service.json` (owner-only, replaced atomically) into the data directory the service holds."""
        path = Path(data_dir) / SERVICE_FILE
        tmp = path.with_name(SERVICE_FILE + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"url": url, "pid": os.getpid(), "key": self.key}, out)
        os.replace(tmp, path)
        self._announced = path

    def withdraw(self) -> None:
        """Remove `service.json`, if it is still this service's."""
        path, self._announced = self._announced, None
        if path is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if json.loads(path.read_text(encoding="utf-8")).get("key") == self.key:
                path.unlink()

    def principal(self, headers: Mapping[str, str]) -> Principal | None:
        """The operator, if the request carries this service's key; None if it carries none.

        Raises `PermissionError` for a key that is not this service's (a stale `service.json`)."""
        given = headers.get(KEY_HEADER)
        if given is None:
            return None
        if not hmac.compare_digest(given.encode("utf-8"), self.key.encode("utf-8")):
            raise PermissionError("not this service's operator key")
        user = "".join(c for c in headers.get(USER_HEADER, "") if c.isprintable())[:MAX_USER_CHARS] or "unknown"
        return Principal(department=None, roles=frozenset({Role.EIC}), subject=f"operator:{user}")
