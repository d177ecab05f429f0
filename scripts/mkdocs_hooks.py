"""mkdocs hooks for the documentation site (mkdocs.yml `hooks:`).

Several engineers add pages to docs/ at once: a page the nav does not name yet is listed under
"More" instead of left out, so that every docs/*.md is on the site until someone places it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _named(nav: Any) -> set[str]:
    """Every page file the nav names, at any depth."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_named(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(_named(value) for value in nav.values())) if nav else set()
    return set()


def on_config(config: Any) -> Any:
    docs = Path(config["docs_dir"])
    nav = config["nav"] or []
    unplaced = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in _named(nav))
    if unplaced:
        nav.append({"More": unplaced})
        config["nav"] = nav
    return config
