"""ECS Exec latency: spawn-to-prompt and key-to-echo through the built-in session client.

Chain measured: pexpect pty -> ecs-tui-session -> websocket (loopback) -> simulator agent
-> shell pty, and back. Baseline, same run: the same shell on a bare pty under pexpect.
The full app chain adds the front: start_exec (ExecuteCommand and DescribeTasks against the
demo simulator) and an ExecSessionView in a headless app; its prompt time runs from
start_exec to the prompt in the widget's screen, its echo from a key event delivered to the
app to the echoed character in the widget's screen ("to screen") and painted ("painted").
Targets (from the exec issue): prompt within 1 s; echo p99 under 30 ms.

    python -m benchmarks exec [--keys N] [--runs N] [--shell CMD]

The probes are reusable: anything that can send bytes and wait for bytes (an EchoProbe)
can be timed with ``time_to_prompt`` and ``key_to_echo_latencies``.
"""

from __future__ import annotations

import argparse
import asyncio
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

from textual import events
from textual.app import App
from textual.strip import Strip

from tui.aws.actions import EcsActions
from tui.aws.clients import AwsClients
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings
from tui.exec.launch import ExecRequest, start_exec
from tui.sim import SimConfig, Simulator
from tui.sim.datachannel_server import DataChannelServer, serve_data_channel
from tui.sim.datachannel_shell import shell_environment
from tui.ssm.launch import builtin_client, invocation_for
from tui.widgets.exec_session import ExecSessionView

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


class WidgetProbe:
    """Timestamps of the widget's output: when bytes reach its screen, when its rows are painted."""

    def __init__(self, view: ExecSessionView) -> None:
        self.view = view
        self.fed: list[tuple[float, bytes]] = []
        self.painted_at = 0.0
        self._news = asyncio.Event()  # set whenever something was fed or painted: no busy polling
        terminal = view.terminal
        feed, render_line = terminal.emulator.feed, terminal.render_line

        def timed_feed(data: bytes) -> None:
            feed(data)
            self.fed.append((time.perf_counter(), data))
            self._news.set()

        def timed_render_line(y: int) -> Strip:
            strip = render_line(y)
            self.painted_at = time.perf_counter()
            self._news.set()
            return strip

        terminal.emulator.feed = timed_feed  # type: ignore[method-assign]
        terminal.render_line = timed_render_line  # type: ignore[method-assign]

    def at_prompt(self) -> bool:
        lines = [line.rstrip() for line in self.view.terminal.emulator.screen.display() if line.strip()]
        return bool(lines) and PROMPT.search((lines[-1] + " ").encode()) is not None

    async def until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while not condition():
            self._news.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no {what} within {TIMEOUT} s")
            try:
                await asyncio.wait_for(self._news.wait(), remaining)
            except TimeoutError:
                pass


class SessionsHost(App[None]):
    """An empty app the benchmark mounts sessions into."""


def demo_clients(simulator: Simulator) -> tuple[EcsActions, EcsReader, ConnectionSettings]:
    settings = ConnectionSettings(None, "us-east-1", simulator.endpoint_url, "benchmark")
    ecs = AwsClients(settings, static_credentials=("bench", "bench")).ecs
    return EcsActions(ecs), EcsReader(ecs), settings


async def measure_widget_chain(simulator: Simulator, shell: str, keys: int, runs: int) -> tuple[Figures, list[float]]:
    """Prompt times (start_exec to prompt on the widget's screen), and echo times to the screen
    and to the painted row, for keys sent as key events to a headless app."""
    client = builtin_client()
    if client is None:
        raise SystemExit("ecs-tui-session is not installed: run `pip install -e .` first")
    actions, reader, settings = demo_clients(simulator)
    cluster_arn, task_arn = storefront_task(reader)
    request = ExecRequest(cluster_arn, task_arn, "storefront", command=shell)
    prompts, echoes, painted = [], [], []
    app = SessionsHost()
    async with app.run_test(size=(120, 40)):
        for run in range(runs):
            started = time.perf_counter()
            launch = await asyncio.to_thread(start_exec, actions, reader, settings, request, client)
            view = ExecSessionView(launch)
            probe = WidgetProbe(view)
            await app.screen.mount(view)
            await probe.until(probe.at_prompt, "prompt")
            prompts.append(time.perf_counter() - started)
            if run == 0:
                echoes, painted = await widget_echo_latencies(app, probe, keys)
            await view.close()
            await view.remove()
    return Figures(prompts, echoes), painted


def storefront_task(reader: EcsReader) -> tuple[str, str]:
    """The cluster ARN and a RUNNING storefront task of the demo world."""
    task = next(
        t
        for batch in reader.iter_tasks("prod-web", service="storefront")
        for t in batch
        if t.last_status == "RUNNING" and t.enable_execute_command
    )
    return task.cluster_arn, task.arn


async def widget_echo_latencies(app: App[None], probe: WidgetProbe, keys: int) -> tuple[list[float], list[float]]:
    driver = app._driver
    assert driver is not None
    probe.view.terminal.focus()
    to_screen, to_paint = [], []
    for index in range(keys):
        key = chr(KEYS[index % len(KEYS)])
        seen = len(probe.fed)
        started = time.perf_counter()
        driver.send_message(events.Key(key, key))
        await probe.until(lambda: any(key.encode() in data for _, data in probe.fed[seen:]), f"echo of {key!r}")
        arrived = next(at for at, data in probe.fed[seen:] if key.encode() in data)
        to_screen.append(arrived - started)
        await probe.until(lambda: probe.painted_at > arrived, f"paint of {key!r}")
        to_paint.append(probe.painted_at - started)
        if index % len(KEYS) == len(KEYS) - 1:
            driver.send_message(events.Key("ctrl+u", None))
            await asyncio.sleep(0.05)
    return to_screen, to_paint


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
    with Simulator(SimConfig(world="demo", region="us-east-1")) as simulator:
        app_chain, painted = asyncio.run(measure_widget_chain(simulator, options.shell, options.keys, options.runs))

    print(f"exec: {options.shell}, {options.runs} sessions to prompt, {options.keys} keys to echo (loopback)")
    header = ("", "spawn to prompt", "echo p50", "echo p99", "echo max")
    painted_figures = Figures(app_chain.prompt_seconds, painted)
    rows = [
        ("app chain, to screen", *app_chain.row()),
        ("app chain, painted", *painted_figures.row()),
        ("ecs-tui-session chain", *ours.row()),
        ("baseline: bare pty", *baseline.row()),
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
    prompt_ok = max(app_chain.prompt_seconds) < PROMPT_TARGET_SECONDS
    echo_ok = percentile(painted, 0.99) * 1000 < ECHO_P99_TARGET_MS
    print(f"target prompt < {PROMPT_TARGET_SECONDS:.0f} s (app chain): {'met' if prompt_ok else 'MISSED'}; "
          f"target echo p99 < {ECHO_P99_TARGET_MS:.0f} ms (app chain, painted): {'met' if echo_ok else 'MISSED'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
