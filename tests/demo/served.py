"""``ecs-tui serve`` in its own process on a free port of 127.0.0.1, stopped with SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.demo.processes import descendants, free_port, wait_until_none

ROOT = Path(__file__).resolve().parents[2]


class ServedDemo:
    def __init__(self, log: Path, *flags: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tui.serve", "--port", str(self.port), *flags],
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
        self._wait_for_page()

    def _wait_for_page(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"ecs-tui serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"ecs-tui serve did not answer on {self.url}:\n{self.log.read_text()}") from None
                time.sleep(0.05)

    def page(self) -> str:
        with urllib.request.urlopen(self.url, timeout=5) as answer:
            return answer.read().decode()

    def app_pids(self) -> set[int]:
        """The app processes serving browser pages right now (textual-serve runs one per page)."""
        return {process.pid for process in descendants(self.process.pid) if "tui" in process.argv and "-m" in process.argv}

    def stop(self) -> None:
        """SIGTERM (textual-serve's graceful exit), then check nothing it started is left."""
        children = {process.pid for process in descendants(self.process.pid)}
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        wait_until_none(lambda process: process.pid in children, "processes ecs-tui serve started")
