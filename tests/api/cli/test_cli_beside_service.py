"""The command line beside a running `govgraph serve` on the embedded store (issue 34): the reading
commands read a consistent view of the data directory the service holds, and the writing commands go
through the service, all-or-nothing as when it is stopped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.cli.test_cli import DATA, govgraph
from tests.api.conftest import free_port

pytestmark = [pytest.mark.embedded, pytest.mark.slow]


class Service:
    """A `govgraph serve --sample` process over a data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *args: str, env: dict[str, str] | None = None) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(self.data_dir), "serve", "--sample", "--port", str(self.port), *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={"PATH": "/usr/bin:/bin", **(env or {})},
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"govgraph serve ended with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"govgraph serve did not become ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    running = Service(tmp_path / "store")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_reading_commands_answer_while_the_service_runs(service: Service, tmp_path: Path) -> None:
    target = ["--data-dir", str(service.data_dir)]
    lineage = govgraph(target, "lineage", "101001/000001", "--direction", "downstream", "--depth", "1", "--format", "json")
    assert lineage.returncode == 0, lineage.stderr
    assert any(node["code"] == "101011/000001" for node in json.loads(lineage.stdout)["nodes"])  # 人口综合信息库
    impact = govgraph(target, "impact", "101001/000001", "--format", "json")
    assert impact.returncode == 0 and json.loads(impact.stdout)["derived"], impact.stderr
    stats = govgraph(target, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["labels"]["Resource"] == 509, stats.stderr
    report = govgraph(target, "report", "--year", "2025", "--out", str(tmp_path / "report.html"))
    assert report.returncode == 0 and "295 findings" in report.stdout, report.stderr
    exported = govgraph(target, "export", str(tmp_path / "graph.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert httpx.get(f"{service.url}/ready").status_code == 200  # the service never noticed
