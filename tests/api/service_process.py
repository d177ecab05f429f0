"""`govgraph serve` as a real process (its own command line, its own workers), for the tests that
need the service as an operator runs it: beside the command line, several workers, from a wheel."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import free_port


class Service:
    """A `govgraph serve` process over a data directory (and Neo4j, if the arguments say so)."""

    def __init__(self, data_dir: Path, command: list[str] | None = None) -> None:
        self.data_dir = data_dir
        self.command = command or [sys.executable, "-c", "from api.cli import main; main()"]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *args: str, env: dict[str, str] | None = None, options: tuple[str, ...] = (), timeout: float = 90) -> None:
        """Start `govgraph [options] serve [args]` and wait until /ready answers 200."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*self.command, "--data-dir", str(self.data_dir), *options, "serve", "--port", str(self.port), *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={"PATH": "/usr/bin:/bin", **(env or {})},
                cwd=self.data_dir.parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"govgraph serve ended with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"govgraph serve did not become ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
