#!/usr/bin/env python3
"""Copy the web files `govgraph serve` needs into api/web/bundle/, which the sdist and the wheel carry.

A wheel has no checkout beside it, so it carries exactly what serve reads (api/web/bundle.py):
the built web app (web/app/dist), the npm files GraphiQL and the lineage explorer load
(api/web/graphiql.ASSETS, api/web/explorer.LIBRARIES) with each package's licence and package.json,
and our own scripts (web/explorer, web/graphiql). Run by scripts/package after scripts/assets and
scripts/webapp; a file missing is an error, never a wheel without it.

    .venv/bin/python scripts/stage_bundle.py        # prints what it copied
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.web.bundle import BUNDLE  # noqa: E402
from api.web.explorer import LIBRARIES, SOURCES  # noqa: E402
from api.web.graphiql import ASSETS, SIGN_IN_SCRIPT  # noqa: E402

WEB = ROOT / "web"
STAMPS = {".govgraph-built", ".govgraph-installed"}


def package_of(relative: str) -> str:
    """The npm package a node_modules path belongs to (`@scope/name` or `name`)."""
    parts = relative.split("/")
    return "/".join(parts[:2]) if parts[0].startswith("@") else parts[0]


def copy(source: Path, target: Path) -> int:
    if not source.is_file():
        raise SystemExit(f"stage_bundle: {source} is missing (run scripts/assets and scripts/webapp first)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return source.stat().st_size


def main() -> None:
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    copied: dict[str, int] = {}
    modules = WEB / "node_modules"
    packages = set()
    for relative in [*ASSETS.values(), *LIBRARIES.values()]:
        copied[f"node_modules/{relative}"] = copy(modules / relative, BUNDLE / "node_modules" / relative)
        packages.add(package_of(relative))
    for package in sorted(packages):  # the licences travel with the files
        for extra in sorted((modules / package).iterdir()):
            if extra.is_file() and (extra.name == "package.json" or extra.name.upper().startswith(("LICENSE", "LICENCE", "NOTICE"))):
                copied[f"node_modules/{package}/{extra.name}"] = copy(extra, BUNDLE / "node_modules" / package / extra.name)
    for name in SOURCES.values():
        copied[f"explorer/{name}"] = copy(WEB / "explorer" / name, BUNDLE / "explorer" / name)
    copied[f"graphiql/{SIGN_IN_SCRIPT}"] = copy(WEB / "graphiql" / SIGN_IN_SCRIPT, BUNDLE / "graphiql" / SIGN_IN_SCRIPT)
    dist = WEB / "app" / "dist"
    if not (dist / "index.html").is_file():
        raise SystemExit(f"stage_bundle: {dist} holds no built app (run scripts/webapp first)")
    for source in sorted(dist.rglob("*")):
        if source.is_file() and source.name not in STAMPS:
            relative = source.relative_to(dist).as_posix()
            copied[f"app/{relative}"] = copy(source, BUNDLE / "app" / relative)
    total = sum(copied.values())
    print(f"stage_bundle: {len(copied)} files, {total / 2**20:.1f} MiB into {BUNDLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
