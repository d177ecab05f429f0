"""Reproducible installs (issue 34): the lockfiles pin every dependency pyproject.toml asks for, within its
ranges, each with the hashes of its files; this environment was installed from them (scripts/bootstrap);
and a library whose internals the code relies on has an upper bound."""

from __future__ import annotations

import os
import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]
# Libraries whose private parts or exact behaviour the code builds on, and where.
INTERNALS = {
    "strawberry-graphql": "api/engine/internals.py: strawberry's private execution parts",
    "graphql-core": "api/engine/executor.py: graphql-core's execution context",
    "pyyaml": "loaders/bounded_yaml.py: documents built from libyaml's events with the loader's constructors",
    "neo4j-rust-ext": "graph/neo4j: the driver's values taken as they come (6.x)",
    "pydantic": "graph/validation.py: pydantic 2's models",
}
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ \\]+)((?:\s*\\\s*--hash=sha256:[0-9a-f]{64})+)", re.M)


def pins(name: str) -> dict[str, tuple[str, int]]:
    """Each pinned package of a lockfile: its version and how many file hashes it lists."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found = {canonicalize_name(m.group(1)): (m.group(2), m.group(3).count("--hash=")) for m in PIN.finditer(text)}
    listed = {canonicalize_name(line.split("==")[0]) for line in text.splitlines() if re.match(r"^[A-Za-z0-9_.-]+==", line)}
    assert listed == set(found), f"{name}: a pin without a hash: {listed - set(found)}"
    return found


@pytest.mark.parametrize(("lockfile", "requirements"), [
    pytest.param("main.txt", RUNTIME, id="runtime"),
    pytest.param("dev.txt", RUNTIME + DEV, id="development"),
])
def test_every_requirement_is_pinned_within_its_range_with_hashes(lockfile: str, requirements: list[Requirement]) -> None:
    locked = pins(lockfile)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in requirements/{lockfile}: run scripts/lock"
        pinned, hashes = locked[name]
        assert requirement.specifier.contains(pinned, prereleases=True), f"{name}=={pinned} is outside {requirement}: run scripts/lock"
        assert hashes >= 1


def test_the_runtime_lock_is_the_development_lock_s_subset() -> None:
    runtime, development = pins("main.txt"), pins("dev.txt")
    assert {name: v for name, (v, _h) in runtime.items()} == {name: development[name][0] for name in runtime}


def installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def test_this_environment_holds_the_locked_versions() -> None:
    """What scripts/bootstrap installed: the lock's versions (scripts/newest: the newest within the ranges)."""
    if os.environ.get("GOVGRAPH_DEPENDENCIES") == "newest":
        outside = {str(r): installed(r.name) for r in RUNTIME + DEV if not r.specifier.contains(installed(r.name) or "0", prereleases=True)}
        assert outside == {}
        return
    wrong = {name: (pinned, installed(name)) for name, (pinned, _hashes) in pins("dev.txt").items() if installed(name) != pinned}
    assert wrong == {}, "installed differently from requirements/dev.txt (run scripts/bootstrap)"


def test_libraries_whose_internals_the_code_uses_have_an_upper_bound() -> None:
    for requirement in RUNTIME:
        name = canonicalize_name(requirement.name)
        if name in INTERNALS:
            bounded = any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier)
            assert bounded, f"{requirement} needs an upper bound: {INTERNALS[name]}"
    assert set(INTERNALS) <= {canonicalize_name(r.name) for r in RUNTIME}
