"""Where the web files govgraph serves come from: a checkout's `web/`, or the copy an installed wheel carries.

In a checkout, `scripts/assets` installs the npm assets into `web/node_modules`, `scripts/webapp`
builds the web app into `web/app/dist`, and our own scripts live in `web/explorer` and `web/graphiql`.
A wheel has no `web/`: `scripts/package` copies exactly the files `serve` needs (the built app, the
npm files GraphiQL and the explorer load, with their licences, and our scripts) into `api/web/bundle/`,
which the sdist and the wheel carry as package data. Each location below is the checkout's when it
is there (so edits show at once), else the bundle's; `GOVGRAPH_ASSETS_DIR` and `GOVGRAPH_APP_DIR`
name others.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE = Path(__file__).resolve().parent / "bundle"
CHECKOUT = Path(__file__).resolve().parents[2] / "web"  # api/web/bundle.py -> the repository's web/


def _found(checkout: Path, bundled: Path) -> Path:
    return checkout if checkout.exists() else bundled


def assets_dir() -> Path:
    """The npm assets (GraphiQL, React, cytoscape…), laid out as in node_modules."""
    return _found(CHECKOUT / "node_modules", BUNDLE / "node_modules")


def app_dir() -> Path:
    """The built web app served at `/`."""
    return _found(CHECKOUT / "app" / "dist", BUNDLE / "app")


def explorer_dir() -> Path:
    """Our own JS and CSS of the lineage explorer and GraphiQL's Lineage panel."""
    return _found(CHECKOUT / "explorer", BUNDLE / "explorer")


def graphiql_dir() -> Path:
    """Our own script of GraphiQL's sign-in."""
    return _found(CHECKOUT / "graphiql", BUNDLE / "graphiql")
