"""How a serving process runs: the cyclic garbage collector tuned for serving, and the app each worker
process builds from the settings its parent passed on (`govgraph serve --workers N`).

With one worker `govgraph serve` runs the app in its own process. With several (Neo4j only: the
embedded store lives in one process's memory), uvicorn's supervisor starts N processes that each
import `worker_app` and build the same app over their own connection to Neo4j; the kernel spreads
connections between them. They share nothing but Neo4j, which is what keeps them correct together:
optimistic locking checks the version in the write's own statement, the audit trail is written to
the store, deadlines are read from the store's calendar on every request.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import fields
from pathlib import Path

from typing import TYPE_CHECKING

from graph.settings import Settings

if TYPE_CHECKING:
    from starlette.applications import Starlette

# The cyclic collector's thresholds while serving: a young collection every 200,000 objects (Python's
# default is 700), an older one every 20 of those, a full one every 20 older ones. A large answer makes
# a million objects, nearly all freed by their reference counts, and a young collection walks every
# list still alive (an S=10 migration plan reads ~156,000 walks). Measured a request: S=10 plan, 79-104
# ms in the collector at the default (2 full collections), 54 ms at 50,000, 14 ms at 200,000 (its CPU
# 298 -> 270 ms); S=1, 2.6 -> 0 ms. Garbage in reference cycles waits a little longer to be freed.
GC_THRESHOLDS = (200_000, 20, 20)
# Where a worker process finds its parent's settings (flags included), as JSON: not a setting of its own.
SETTINGS_VARIABLE = "GOVGRAPH_SERVE_SETTINGS"


def settle_for_serving() -> None:
    """What exists now (modules, the schema) lives as long as the process: moved out of the cyclic
    collector's sight, so that its full collections walk only what requests made. Without this a
    request that makes many objects pays for walking all of it again (the S=1 migration plan spent
    about a third of its time there). The embedded graph is frozen as it loads. And the collector
    runs less often (`GC_THRESHOLDS`)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def pass_on(settings: Settings) -> None:
    """Put `settings` where the worker processes started from this one read them (`worker_app`)."""
    values = {f.name: getattr(settings, f.name) for f in fields(settings)}
    os.environ[SETTINGS_VARIABLE] = json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in values.items()})


def worker_app() -> Starlette:
    """The app of one worker process (uvicorn's factory), from the settings its parent passed on."""
    from api.web.app import create_app
    from graph.stores import store_for

    settings = Settings().with_overrides(**json.loads(os.environ[SETTINGS_VARIABLE]))
    application = create_app(settings, store_for(settings))
    settle_for_serving()
    return application
