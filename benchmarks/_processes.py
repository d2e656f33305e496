"""The processes around the browser benchmark: the simulator, the AWS CLI baseline, peak RSS."""

from __future__ import annotations

import compileall
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import tui
from tui.sim.config import SimConfig

REGION = "us-east-1"
# The simulator accepts any signature; these only let botocore sign requests.
DUMMY_KEYS = {"AWS_ACCESS_KEY_ID": "sim", "AWS_SECRET_ACCESS_KEY": "sim"}
START_TIMEOUT = 60.0
_ENDPOINT = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class BenchmarkError(Exception):
    """A measurement could not be made; ``str(error)`` is the one message to show."""


def child_environment(home: Path) -> dict[str, str]:
    """This environment without any AWS_* variable, with dummy keys and empty AWS and ecs-tui config.

    Both the app and the AWS CLI get exactly this, so neither reads a real profile. The
    app's package is byte-compiled first, as an installed package (and the AWS CLI) is:
    a checkout run with PYTHONDONTWRITEBYTECODE would compile every module at every launch.
    """
    compileall.compile_dir(str(Path(tui.__file__).parent), quiet=1)
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    for name in ("config", "credentials"):
        (home / name).touch()
    env.update(DUMMY_KEYS)
    env["AWS_CONFIG_FILE"] = str(home / "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(home / "credentials")
    env["XDG_CONFIG_HOME"] = str(home)
    env["TERM"] = "xterm-256color"
    return env


def peak_rss_bytes(pid: int) -> int | None:
    """VmHWM (the resident set's high-water mark) of a running process, or None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) * 1024 if found else None


class SimulatorProcess:
    """``ecs-tui sim`` in a process of its own, so it never shares a GIL with the app or the benchmark."""

    def __init__(self, config: SimConfig, env: dict[str, str]) -> None:
        argv = [
            sys.executable, "-m", "tui", "sim", "--world", config.world,
            "--services", str(config.scale_services), "--tasks", str(config.scale_tasks),
            "--latency-ms", str(config.latency_ms), "--port", "0", "--seed", str(config.seed),
        ]  # fmt: skip
        if config.throttle:
            argv.append("--throttle")
        self._process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.endpoint_url = self._read_endpoint()

    @property
    def pid(self) -> int:
        return self._process.pid

    def _read_endpoint(self) -> str:
        assert self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        line = self._process.stdout.readline() if ready else ""
        found = _ENDPOINT.search(line)
        if found is None:
            self.stop()
            problem = (self._process.stderr.read() if self._process.stderr else "").strip().splitlines()
            raise BenchmarkError(f"the simulator did not start: {problem[-1] if problem else line.strip() or 'no output'}")
        return found[1]

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()


def time_aws_cli_list_clusters(endpoint_url: str, env: dict[str, str]) -> float:
    """Seconds from spawning ``aws ecs list-clusters`` to its whole list having been printed."""
    argv = [sys.executable, "-m", "awscli", "ecs", "list-clusters", "--endpoint-url", endpoint_url, "--region", REGION]
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    output = b""
    printed_at: float | None = None
    deadline = started + START_TIMEOUT
    while printed_at is None and (remaining := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(process.stdout.fileno(), 1 << 16)
        read_at = time.perf_counter()
        if not chunk:
            break
        output += chunk
        if _is_cluster_list(output):
            printed_at = read_at
    process.stdout.close()
    try:
        process.wait(START_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    error = process.stderr.read().decode(errors="replace").strip()
    process.stderr.close()
    if process.returncode != 0 or printed_at is None:
        if "No module named awscli" in error:
            raise BenchmarkError("the AWS CLI is not installed here: pip install awscli (it is in the test extra)")
        raise BenchmarkError(f"aws ecs list-clusters failed: {error.splitlines()[-1] if error else 'no list printed'}")
    return printed_at - started


def _is_cluster_list(output: bytes) -> bool:
    try:
        return "clusterArns" in json.loads(output)
    except ValueError:
        return False
