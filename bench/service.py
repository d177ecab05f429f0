"""A govgraph server in a process of its own, for the benchmarks that start, stop and kill one.

`code` runs the server from another checkout of govgraph (its directory goes first on the server's
`PYTHONPATH`): how a benchmark measures the code before a change with the same script.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """`args` run by this Python with `env` added to the environment, its output appended to `log`."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path, code: Path | None = None) -> None:
        self.name = name
        self.port = free_port()
        environ = {**os.environ, **env}
        if code is not None:
            environ["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [environ.get("PYTHONPATH")])])
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, *args, "--port", str(self.port)], env=environ, cwd=code or ROOT,
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, timeout: float = 300.0) -> None:
        """Return once `/ready` answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log.name}")
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.write(b"GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                status = await reader.readline()
                writer.close()
                if b" 200 " in status:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become ready")

    def kill(self) -> None:
        """SIGKILL: as a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self, timeout: float = 120.0) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
