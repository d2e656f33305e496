"""Embedded terminal throughput and key-to-echo latency.

``python -m benchmarks term [--megabytes N] [--runs N] [--python-gc]`` prints, for each run and as medians:
- MB/s through ``TerminalView`` (real ``cat`` on a pty, headless Textual app, scrollback 10,000)
  until the last byte is interpreted and the final frame rendered, and the CPU time it took;
- tmux printing the same file, right after;
- key-to-echo latency (p50/p99) while the same log floods the view: key event posted to the
  app until the compositor has painted the view with the echo in it;
- pyte's ``HistoryScreen`` fed the same bytes (a slice, extrapolated: it is far slower).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.strip import Strip

from tui.cli import tune_garbage_collection
from tui.term.widget import TerminalView

COLUMNS, ROWS = 120, 40
SCROLLBACK = 10_000
PYTE_SLICE = 1 << 20
ECHO_MARKER = "ж"
ECHO_SAMPLES = 200
ECHO_MAX_GAP = 0.03
LEVEL_COLOURS = {"INFO": "32", "DEBUG": "36", "WARN": "33", "ERROR": "1;31"}
WORKER_COLOURS = (33, 39, 75, 111, 141, 177, 208, 214)


def make_log(size: int, seed: int = 7) -> bytes:
    """A log of about ``size`` bytes: half plain lines, half coloured (16, 256 and truecolour)."""
    rnd = random.Random(seed)
    lines = []
    total = 0
    number = 0
    while total < size:
        number += 1
        level = rnd.choice(tuple(LEVEL_COLOURS))
        stamp = f"2024-05-01T12:{number // 3600 % 60:02d}:{number % 60:02d}.{number % 1000:03d}Z"
        if number % 2:
            line = (
                f"{stamp} {level:5} [worker-{number % 8}] GET /api/v1/items/{rnd.randint(1, 99999)} "
                f"status=200 duration={rnd.randint(1, 999)}ms bytes={rnd.randint(100, 99999)}\n"
            )
        else:
            shade = (number % 16) * 16
            line = (
                f"\x1b[2m{stamp}\x1b[0m \x1b[{LEVEL_COLOURS[level]}m{level:5}\x1b[0m "
                f"\x1b[38;5;{WORKER_COLOURS[number % 8]}m[worker-{number % 8}]\x1b[0m request "
                f"\x1b[38;2;{shade};{255 - shade};200mid={rnd.randint(1, 10**9)}\x1b[0m "
                f"done in \x1b[1m{rnd.randint(1, 999)}ms\x1b[0m\n"
            )
        data = line.encode()
        lines.append(data)
        total += len(data)
    return b"".join(lines)


class BenchApp(App[None]):
    def __init__(self, command: list[str]) -> None:
        super().__init__()
        self.command = command
        self.exited = asyncio.Event()
        self.started = 0.0

    def compose(self) -> ComposeResult:
        yield TerminalView(self.command, scrollback=SCROLLBACK, spawn=self._timed_spawn)

    def _timed_spawn(self, *args):  # type: ignore[no-untyped-def]
        from tui.term.process import spawn_with_pexpect

        self.started = time.perf_counter()
        return spawn_with_pexpect(*args)

    def on_mount(self) -> None:
        self.query_one(TerminalView).focus()

    def on_terminal_view_exited(self, message: TerminalView.Exited) -> None:
        self.exited.set()


async def widget_throughput(path: Path) -> tuple[float, float, int, int]:
    """Seconds from spawn to the final frame, CPU seconds this process used meanwhile, bytes
    interpreted, frames drawn."""
    app = BenchApp(["cat", str(path)])
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        view = app.query_one(TerminalView)
        frames = 0
        original_frame = view._frame

        def counting_frame() -> None:
            nonlocal frames
            frames += 1
            original_frame()

        view._frame = counting_frame  # type: ignore[method-assign]
        cpu_before = 0.0
        while not app.started:
            await asyncio.sleep(0.001)
            cpu_before = time.process_time()
        await asyncio.wait_for(app.exited.wait(), 600)
        await pilot.pause()
        elapsed = time.perf_counter() - app.started
        return elapsed, time.process_time() - cpu_before, view.emulator.bytes_fed, frames


async def echo_latency(path: Path, samples_wanted: int = ECHO_SAMPLES, seed: int = 1) -> list[float]:
    """Key-to-echo times during an endless flood (the log printed over and over): from the key
    event posted to the app until the compositor has painted the view with the echo interpreted.

    Keys are spaced by random gaps of up to ``ECHO_MAX_GAP`` so they do not fall into step with
    the frame timers.
    """
    app = BenchApp(["sh", "-c", f"while :; do cat {path}; done"])
    latencies: list[float] = []
    gaps = random.Random(seed)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        view = app.query_one(TerminalView)
        while not app.started:
            await asyncio.sleep(0.005)
        painted = asyncio.Event()
        marker = ECHO_MARKER.encode()
        original_feed = view.emulator.feed
        original_render_line = view.render_line
        original_paint = app.screen._compositor_refresh
        echoed = drawn = False
        tail = b""  # the echo's bytes may be split between two feeds

        def watching_feed(data: bytes) -> None:
            nonlocal echoed, tail
            original_feed(data)
            echoed = echoed or marker in tail + data[: len(marker) - 1] or marker in data
            tail = data[1 - len(marker) :]

        def watching_render_line(y: int) -> Strip:
            nonlocal drawn
            drawn = drawn or echoed
            return original_render_line(y)

        def watching_paint() -> None:
            original_paint()
            if drawn:
                painted.set()

        view.emulator.feed = watching_feed  # type: ignore[method-assign]
        view.render_line = watching_render_line  # type: ignore[method-assign]
        app.screen._compositor_refresh = watching_paint  # type: ignore[method-assign]
        await asyncio.sleep(0.3)  # the flood is under way
        while len(latencies) < samples_wanted and not app.exited.is_set():
            echoed = drawn = False
            painted.clear()
            sent = time.perf_counter()
            app.post_message(events.Key(ECHO_MARKER, ECHO_MARKER))
            try:
                await asyncio.wait_for(painted.wait(), 5)
            except TimeoutError:
                break
            latencies.append(time.perf_counter() - sent)
            await asyncio.sleep(gaps.uniform(0.0, ECHO_MAX_GAP))
        await view.close()
        await pilot.pause()
    return latencies


def pyte_history_rate(data: bytes) -> float | None:
    """MB/s of pyte's HistoryScreen on a slice of ``data`` (None if pyte is not installed)."""
    try:
        import pyte
    except ImportError:
        return None
    screen = pyte.HistoryScreen(COLUMNS, ROWS, history=SCROLLBACK)
    stream = pyte.ByteStream(screen)
    chunk = data[:PYTE_SLICE]
    started = time.perf_counter()
    for offset in range(0, len(chunk), 4096):
        stream.feed(chunk[offset : offset + 4096])
    return len(chunk) / (time.perf_counter() - started) / 1e6


def tmux_seconds(path: Path) -> float | None:
    """Seconds for tmux to run ``cat`` of the file in a detached COLUMNS x ROWS pane."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    base = [tmux, "-L", socket, "-f", "/dev/null"]
    try:
        started = time.perf_counter()
        subprocess.run(
            [*base, "new-session", "-d", "-x", str(COLUMNS), "-y", str(ROWS), f"cat {path}; tmux -L {socket} wait-for -S done; sleep 60"],
            check=True,
        )
        subprocess.run([*base, "wait-for", "done"], check=True, timeout=600)
        return time.perf_counter() - started
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks term", description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0, help="size of the log (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="throughput and latency runs, medians reported (default 3)")
    parser.add_argument("--python-gc", action="store_true",
                        help="keep Python's default garbage collection instead of the app's (tui.cli)")
    args = parser.parse_args(argv)
    if args.megabytes <= 0 or args.runs < 1:
        parser.error("--megabytes must be positive, --runs at least 1")
    if not args.python_gc:
        tune_garbage_collection()  # as ecs-tui itself runs
    data = make_log(int(args.megabytes * 1024 * 1024))
    megabytes = len(data) / 1e6
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "flood.log"
        path.write_bytes(data)
        line_count = data.count(b"\n")
        print(f"log: {megabytes:.1f} MB, {line_count} lines (half plain, half 16/256/truecolour); "
              f"terminal {COLUMNS}x{ROWS}, scrollback {SCROLLBACK}; {args.runs} runs; gc thresholds {gc.get_threshold()}")
        ours: list[float] = []
        theirs: list[float] = []
        latencies: list[float] = []
        for run in range(1, args.runs + 1):
            seconds, cpu, fed, frames = asyncio.run(widget_throughput(path))
            ours.append(megabytes / seconds)
            print(f"run {run}: TerminalView (cat on a pty, headless app) {ours[-1]:5.1f} MB/s  ({seconds:.2f} s, "
                  f"{cpu:.2f} s CPU = {megabytes / cpu:.0f} MB per CPU second, {fed / 1e6:.1f} MB interpreted "
                  f"incl. CR, {frames} frames)")
            tmux_time = tmux_seconds(path)
            if tmux_time is not None:
                theirs.append(megabytes / tmux_time)
                print(f"run {run}: tmux (cat in a detached pane)           {theirs[-1]:5.1f} MB/s  ({tmux_time:.2f} s)")
            run_latencies = asyncio.run(echo_latency(path, seed=run))
            latencies += run_latencies
            if run_latencies:
                ms = [v * 1000 for v in run_latencies]
                print(f"run {run}: key-to-echo during a flood ({len(ms)} keys): p50 {statistics.median(ms):.1f} ms, "
                      f"p99 {percentile(ms, 0.99):.1f} ms")
        pyte_rate = pyte_history_rate(data.replace(b"\n", b"\r\n"))
    median_ours = statistics.median(ours)
    print(f"TerminalView, median of {len(ours)}: {median_ours:.1f} MB/s")
    if theirs:
        print(f"tmux, median of {len(theirs)}:         {statistics.median(theirs):.1f} MB/s")
    else:
        print("tmux: not installed")
    if pyte_rate is None:
        print("pyte HistoryScreen: not installed")
    else:
        print(f"pyte HistoryScreen (same bytes, first {PYTE_SLICE >> 20} MiB, extrapolated): {pyte_rate:.2f} MB/s "
              f"(~{megabytes / pyte_rate:.0f} s for the whole log); ours is {median_ours / pyte_rate:.0f}x")
    if latencies:
        ms = [v * 1000 for v in latencies]
        print(f"key-to-echo, all {len(ms)} keys: p50 {statistics.median(ms):.1f} ms, "
              f"p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms")
    else:
        print("key-to-echo: no echo observed")
    target_ok = median_ours >= 10 and latencies and percentile(latencies, 0.99) < 0.05
    print("targets (>= 10 MB/s, p99 < 50 ms):", "met" if target_ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
