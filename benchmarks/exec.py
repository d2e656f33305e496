"""ECS Exec latency: spawn-to-prompt and key-to-echo through the built-in session client.

Chain measured: pexpect pty -> ecs-tui-session -> websocket (loopback) -> simulator agent
-> shell pty, and back. Baseline, same run: the same shell on a bare pty under pexpect.
Targets (from the exec issue): prompt within 1 s; echo p99 under 30 ms.

    python -m benchmarks exec [--keys N] [--runs N] [--shell CMD]

The probes are reusable: anything that can send bytes and wait for bytes (an EchoProbe)
can be timed with ``time_to_prompt`` and ``key_to_echo_latencies``.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import pexpect

from tui.sim.datachannel_server import DataChannelServer, serve_data_channel
from tui.sim.datachannel_shell import shell_environment
from tui.ssm.launch import builtin_client, invocation_for

PROMPT = re.compile(rb"[#$] $")
PROMPT_TARGET_SECONDS = 1.0
ECHO_P99_TARGET_MS = 30.0
KEYS = b"abcdefghijklmnopqrstuvwxyz0123456789"
CLEAR_LINE = b"\x15"  # Ctrl-U: erase the typed line before it gets long
ERASED = b"\x08 \x08"  # what the line discipline echoes for each erased character
TIMEOUT = 10.0


class EchoProbe(Protocol):
    """Something with a terminal on the far side."""

    def send(self, data: bytes) -> None: ...

    def wait_for(self, pattern: re.Pattern[bytes] | bytes, timeout: float) -> None:
        """Return once output matching ``pattern`` has arrived since the last wait; raise TimeoutError."""


class PtyProbe:
    """An EchoProbe over a pexpect child's pty master, read directly (no pexpect buffering)."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self._seen = bytearray()

    def send(self, data: bytes) -> None:
        os.write(self.child.child_fd, data)

    def wait_for(self, pattern: re.Pattern[bytes] | bytes, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while True:
            found = pattern.search(self._seen) if isinstance(pattern, re.Pattern) else None
            if found or (isinstance(pattern, bytes) and pattern in self._seen):
                self._seen.clear()
                return
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no {pattern!r} within {timeout} s; got {bytes(self._seen[-200:])!r}")
            ready, _, _ = select.select([self.child.child_fd], [], [], remaining)
            if ready:
                try:
                    self._seen += os.read(self.child.child_fd, 65536)
                except OSError as error:
                    raise TimeoutError(f"the terminal closed while waiting for {pattern!r}") from error


def time_to_prompt(start: Callable[[], PtyProbe], prompt: re.Pattern[bytes] = PROMPT) -> tuple[PtyProbe, float]:
    """Start something and time until its prompt shows."""
    started = time.perf_counter()
    probe = start()
    probe.wait_for(prompt, TIMEOUT)
    return probe, time.perf_counter() - started


def key_to_echo_latencies(probe: EchoProbe, keys: int) -> list[float]:
    """Seconds from writing each key to seeing it echoed; the line is cleared every few dozen keys."""
    latencies = []
    for index in range(keys):
        key = KEYS[index % len(KEYS) : index % len(KEYS) + 1]
        started = time.perf_counter()
        probe.send(key)
        probe.wait_for(key, TIMEOUT)
        latencies.append(time.perf_counter() - started)
        if index % len(KEYS) == len(KEYS) - 1:
            probe.send(CLEAR_LINE)
            probe.wait_for(ERASED, TIMEOUT)
            time.sleep(0.01)  # let the rest of the erasing arrive before timing the next key
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Figures:
    prompt_seconds: list[float]
    echo_seconds: list[float]

    def row(self) -> tuple[str, str, str, str]:
        return (
            f"{statistics.median(self.prompt_seconds) * 1000:.0f} ms (max {max(self.prompt_seconds) * 1000:.0f})",
            f"{percentile(self.echo_seconds, 0.50) * 1000:.2f} ms",
            f"{percentile(self.echo_seconds, 0.99) * 1000:.2f} ms",
            f"{max(self.echo_seconds) * 1000:.2f} ms",
        )


def spawn(argv: list[str], env: dict[str, str], cwd: str | None = None) -> PtyProbe:
    child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=cwd, dimensions=(40, 120), echo=True)
    return PtyProbe(child)


def end(probe: PtyProbe) -> None:
    probe.send(b"\x15exit\r")
    probe.child.expect(pexpect.EOF, timeout=TIMEOUT)
    probe.child.close()


def measure_session_client(server: DataChannelServer, shell: str, keys: int, runs: int) -> Figures:
    client = builtin_client()
    if client is None:
        raise SystemExit("ecs-tui-session is not installed: run `pip install -e .` first")
    prompts, echoes = [], []
    for run in range(runs):
        issued = server.issue(shell)
        argv, extra = invocation_for(client, issued.as_response(), "us-east-1", None, "ecs:bench_task_runtime", "")
        probe, seconds = time_to_prompt(lambda: spawn(argv, {**os.environ, **extra}))
        prompts.append(seconds)
        if run == 0:
            echoes = key_to_echo_latencies(probe, keys)
        end(probe)
    return Figures(prompts, echoes)


def measure_bare_pty(shell: str, keys: int, runs: int) -> Figures:
    prompts, echoes = [], []
    with tempfile.TemporaryDirectory(prefix="ecs-tui-bench-") as home:
        argv = shlex.split(shell)
        env = shell_environment(argv[0], home)
        for run in range(runs):
            probe, seconds = time_to_prompt(lambda: spawn(argv, env, cwd=home))
            prompts.append(seconds)
            if run == 0:
                echoes = key_to_echo_latencies(probe, keys)
            end(probe)
    return Figures(prompts, echoes)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks exec", description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=300, help="keys to time for echo latency (default 300)")
    parser.add_argument("--runs", type=int, default=5, help="sessions to time to the prompt (default 5)")
    parser.add_argument("--shell", default="/bin/sh", help="shell command on both sides (default /bin/sh)")
    options = parser.parse_args(argv)
    if options.keys < 1 or options.runs < 1:
        parser.error("--keys and --runs must be at least 1")

    baseline = measure_bare_pty(options.shell, options.keys, options.runs)
    with serve_data_channel() as server:
        ours = measure_session_client(server, options.shell, options.keys, options.runs)

    print(f"exec: {options.shell}, {options.runs} sessions to prompt, {options.keys} keys to echo (loopback)")
    header = ("", "spawn to prompt", "echo p50", "echo p99", "echo max")
    rows = [
        ("ecs-tui-session chain", *ours.row()),
        ("baseline: bare pty", *baseline.row()),
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
    prompt_ok = max(ours.prompt_seconds) < PROMPT_TARGET_SECONDS
    echo_ok = percentile(ours.echo_seconds, 0.99) * 1000 < ECHO_P99_TARGET_MS
    print(f"target prompt < {PROMPT_TARGET_SECONDS:.0f} s: {'met' if prompt_ok else 'MISSED'}; "
          f"target echo p99 < {ECHO_P99_TARGET_MS:.0f} ms: {'met' if echo_ok else 'MISSED'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
