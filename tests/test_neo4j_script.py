"""`scripts/neo4j` refuses a bad option before it starts anything, saying which and why."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--heap", "2x"], "invalid heap: 2x (a size such as 1g or 1536m)", id="heap-unit"),
        pytest.param(["--heap=0g"], "invalid heap: 0g", id="heap-zero"),
        pytest.param(["--port", "bolt"], "invalid port: bolt", id="port"),
    ],
)
def test_a_bad_option_is_refused_before_anything_starts(tmp_path: Path, args: list[str], message: str) -> None:
    state = tmp_path / "neo4j"
    done = subprocess.run([str(SCRIPT), "start", "--dir", str(state), *args], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert message in done.stderr
    assert not state.exists()  # nothing created, nothing started


def test_the_heap_comes_from_the_environment_too(tmp_path: Path) -> None:
    state = tmp_path / "neo4j"
    done = subprocess.run([str(SCRIPT), "start", "--dir", str(state)], capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "GOVGRAPH_NEO4J_HEAP": "lots"})
    assert done.returncode != 0
    assert "invalid heap: lots" in done.stderr
