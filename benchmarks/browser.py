"""The browser on the simulator's 10,000-task cluster: first paint, full load, key latency, RSS.

    python -m benchmarks browser [--tasks N] [--services N] [--latency-ms MS] [--keys N] [--launches N]

Set-up: the simulator (scale world, ECS's token buckets enforced, ``--latency-ms`` per
call) runs as ``ecs-tui sim`` in its own process. ``ecs-tui`` runs in another, on a real
160x48 pty (TERM=xterm-256color); its output is read into ``tui.term.Emulator`` in this
process, which is how the benchmark knows what is on screen. Every time is from a pty
write (or a spawn) to the read that delivered the bytes showing the effect.

- Launch to first rows: spawn of ``ecs-tui`` to the first cluster row on screen. Baseline,
  same run, alternating with our launches: spawn of ``aws ecs list-clusters`` (the real AWS
  CLI) against the same endpoint to its whole list printed.
- All rows loaded: on the last launch ``a`` is pressed as soon as the clusters show; then
  until the tasks pane says "N items" for every task of the big cluster.
- Key to repaint: ``j``/``k`` in the tasks pane, timed to the cursor highlight on the
  expected row (see ``benchmarks._keys``). "While loading": ``a`` is pressed again (the
  pane empties and streams again, now at the buckets' refill rate) as often as needed.
  "After loading": once the pane says "N items"; keys sent while the app's auto-refresh
  reloads the pane in place are counted apart, and the benchmark waits for refreshes
  until it has as many of those too. Each phase stops after 60 s with the keys it has.
- Peak RSS: VmHWM of the app process at the end, and of the simulator process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks._browser_screen import Pane, Status, find_pane, pane_text, row_background, row_keys, status
from benchmarks._keys import KEY_TIMEOUT, CursorWalker, KeySample
from benchmarks._processes import (
    REGION,
    BenchmarkError,
    SimulatorProcess,
    child_environment,
    peak_rss_bytes,
    time_aws_cli_list_clusters,
)
from benchmarks._pty_screen import PtyScreen, ScreenTimeout
from tui.sim.config import SimConfig

CLUSTER = "scale"  # the scale world's big cluster
TERMINAL = (160, 48)
KEY_P99_TARGET_MS = 50.0
RSS_TARGET_MB = 200.0
MAX_KEY_GAP = 0.06
MAX_RELOADS = 20
REFRESH_TIMEOUT = 30.0  # the app refreshes shown panes every 10 s
PHASE_SECONDS = 60.0  # each key phase stops after this long, with what it has by then
START_TIMEOUT = 60.0
QUIT_TIMEOUT = 10.0
MB = 1024 * 1024


@dataclass
class MainRun:
    """What the last launch measured."""

    first_rows: float
    a_to_first_task_rows: float
    a_to_all_loaded: float
    launch_to_all_loaded: float
    while_loading: list[KeySample]
    reloads: int
    after_loading: list[KeySample]
    app_peak_rss: int | None


# -- driving the app --------------------------------------------------------------------------


def launch(endpoint_url: str, env: dict[str, str]) -> PtyScreen:
    argv = [sys.executable, "-m", "tui", "--endpoint-url", endpoint_url, "--region", REGION]
    width, height = TERMINAL
    return PtyScreen(argv, env, width=width, height=height)


def wait_for_first_rows(screen: PtyScreen) -> tuple[Pane, float]:
    """The clusters pane once it shows a row, and seconds from spawn to then."""

    def clusters_with_rows() -> Pane | None:
        pane = find_pane(screen, "Clusters")
        return pane if pane is not None and row_keys(screen, pane) else None

    pane, seen = screen.wait_for(clusters_with_rows, START_TIMEOUT, "cluster rows")
    return pane, seen - screen.started


def cursor_background(screen: PtyScreen, clusters: Pane) -> int:
    """The focused cursor's background: the clusters table has focus and its cursor on the first row."""

    def first_row_highlighted() -> int | None:
        first = clusters.row_lines.start
        keys = row_keys(screen, clusters)
        if keys.get(first) != CLUSTER:
            return None
        below = row_background(screen, clusters, first + 1)
        cursor = row_background(screen, clusters, first)
        return cursor if cursor != below else None

    bg, _ = screen.wait_for(first_row_highlighted, START_TIMEOUT, f"the cursor on cluster {CLUSTER!r}")
    return bg


def tasks_status(screen: PtyScreen) -> tuple[Pane, Status] | None:
    """The tasks pane and its status, once it lists the whole cluster's tasks."""
    pane = find_pane(screen, "Tasks")
    if pane is None or not pane.title.startswith("Tasks · all"):
        return None
    if "failed" in pane_text(screen, pane, pane.status_line):
        raise BenchmarkError(f"listing the tasks failed: {pane_text(screen, pane, pane.status_line)}")
    shown = status(screen, pane)
    return (pane, shown) if shown is not None else None


def when(screen: PtyScreen, test: Callable[[Pane, Status], bool]) -> Callable[[], Pane | None]:
    """A wait condition on the all-tasks pane."""

    def condition() -> Pane | None:
        found = tasks_status(screen)
        return found[0] if found is not None and test(*found) else None

    return condition


@dataclass(frozen=True)
class FullLoad:
    """Times (``perf_counter``) around the first listing of every task."""

    pressed: float
    first_rows: float
    all_loaded: float


def load_all_tasks(screen: PtyScreen, tasks: int) -> tuple[Pane, FullLoad]:
    """Press ``a`` and wait for the tasks pane to list all ``tasks`` of the cluster."""
    pressed = screen.send(b"a")
    timeout = START_TIMEOUT + tasks / 100
    pane, first = screen.wait_for(when(screen, lambda p, s: s.loaded > 0), timeout, "the first task rows")
    _, done = screen.wait_for(when(screen, lambda p, s: s.state == "done"), timeout, f"all {tasks} tasks")
    final = tasks_status(screen)
    loaded = final[1].loaded if final else 0
    if loaded != tasks:
        raise BenchmarkError(f"the tasks pane finished with {loaded} tasks; the cluster has {tasks}")
    return pane, FullLoad(pressed, first, done)


def within(seconds: float) -> Callable[[], bool]:
    deadline = time.perf_counter() + seconds
    return lambda: time.perf_counter() < deadline


def sample_while_loading(screen: PtyScreen, walker: CursorWalker, count: int) -> tuple[list[KeySample], int]:
    """Reload the tasks pane with ``a`` as often as needed to time ``count`` keys while it streams."""
    samples: list[KeySample] = []
    reloads = 0
    in_time = within(PHASE_SECONDS)
    streaming = when(screen, lambda p, s: s.state == "loading" and len(row_keys(screen, p)) >= 3)
    still_streaming = when(screen, lambda p, s: s.state == "loading")
    while len(samples) < count and reloads < MAX_RELOADS and in_time():
        screen.send(b"a")
        reloads += 1
        try:
            screen.wait_for(streaming, START_TIMEOUT, "the tasks streaming in again")
        except ScreenTimeout:
            if screen.closed:
                raise
            continue  # the listing went by faster than the screen showed it
        samples += walker.sample(count - len(samples), lambda: in_time() and still_streaming() is not None)
    return samples, reloads


def wait_all_loaded(screen: PtyScreen, tasks: int) -> None:
    complete = when(screen, lambda p, s: s.state == "done" and s.loaded == tasks)
    screen.wait_for(complete, START_TIMEOUT + tasks / 20, f"all {tasks} tasks listed again")


def sample_during_refresh(screen: PtyScreen, walker: CursorWalker, count: int) -> list[KeySample]:
    """Wait for the app's auto-refresh to reload the tasks pane, and time keys while it does."""
    samples: list[KeySample] = []
    refreshing = when(screen, lambda p, s: s.state == "refreshing")
    in_time = within(PHASE_SECONDS)
    for _ in range(MAX_RELOADS):
        if len(samples) >= count or not in_time():
            break
        try:
            screen.wait_for(refreshing, REFRESH_TIMEOUT, "an auto-refresh of the tasks pane")
        except ScreenTimeout:
            if screen.closed:
                raise
            break  # this app does not refresh on its own
        samples += walker.sample(count - len(samples), lambda: in_time() and refreshing() is not None)
    return samples


def measure_main_run(screen: PtyScreen, tasks: int, keys: int) -> MainRun:
    clusters, first_rows = wait_for_first_rows(screen)
    cursor_bg = cursor_background(screen, clusters)
    pane, load = load_all_tasks(screen, tasks)
    walker = CursorWalker(screen, pane, cursor_bg, max_gap=MAX_KEY_GAP)
    while_loading, reloads = sample_while_loading(screen, walker, keys)
    wait_all_loaded(screen, tasks)
    after_loading = walker.sample(keys, within(PHASE_SECONDS))
    refreshed = sum(sample.state == "refreshing" for sample in after_loading)
    after_loading += sample_during_refresh(screen, walker, keys - refreshed)
    return MainRun(
        first_rows=first_rows,
        a_to_first_task_rows=load.first_rows - load.pressed,
        a_to_all_loaded=load.all_loaded - load.pressed,
        launch_to_all_loaded=load.all_loaded - screen.started,
        while_loading=while_loading,
        reloads=reloads,
        after_loading=after_loading,
        app_peak_rss=peak_rss_bytes(screen.pid),
    )


def quit_app(screen: PtyScreen) -> None:
    """``q``, then make sure the process is gone."""
    if not screen.closed:
        screen.send(b"q")
        screen.wait_exit(QUIT_TIMEOUT)
    screen.close()


def first_rows_only(endpoint_url: str, env: dict[str, str]) -> float:
    screen = launch(endpoint_url, env)
    try:
        return wait_for_first_rows(screen)[1]
    finally:
        quit_app(screen)


# -- the run ----------------------------------------------------------------------------------


@dataclass
class Results:
    ours_first_rows: list[float]
    cli_list: list[float]
    main: MainRun
    simulator_peak_rss: int | None


def run(config: SimConfig, keys: int, launches: int) -> Results:
    with tempfile.TemporaryDirectory(prefix="ecs-tui-bench-") as home:
        env = child_environment(Path(home))
        simulator = SimulatorProcess(config, env)
        try:
            ours: list[float] = []
            cli: list[float] = []
            for _ in range(launches - 1):
                cli.append(time_aws_cli_list_clusters(simulator.endpoint_url, env))
                ours.append(first_rows_only(simulator.endpoint_url, env))
            cli.append(time_aws_cli_list_clusters(simulator.endpoint_url, env))
            screen = launch(simulator.endpoint_url, env)
            try:
                main = measure_main_run(screen, config.scale_tasks, keys)
            finally:
                quit_app(screen)
            ours.append(main.first_rows)
            return Results(ours, cli, main, peak_rss_bytes(simulator.pid))
        finally:
            simulator.stop()


# -- the report -------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Latency:
    """Key latencies in milliseconds; a key whose effect did not show in time counts as infinitely slow."""

    samples: int
    lost: int
    p50: float
    p99: float
    worst: float

    @classmethod
    def of(cls, samples: Sequence[KeySample]) -> Latency | None:
        if not samples:
            return None
        values = [s.seconds * 1000 if s.seconds is not None else float("inf") for s in samples]
        lost = sum(s.seconds is None for s in samples)
        return cls(len(values), lost, percentile(values, 0.50), percentile(values, 0.99), max(values))

    def cells(self) -> tuple[str, ...]:
        return (str(self.samples), _ms(self.p50), _ms(self.p99), _ms(self.worst), str(self.lost))


def _ms(value: float) -> str:
    return f"> {KEY_TIMEOUT * 1000:.0f} ms" if value == float("inf") else f"{value:.1f} ms"


def _table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(config: SimConfig, results: Results) -> list[str]:
    main = results.main
    tasks = config.scale_tasks
    ours, cli = statistics.median(results.ours_first_rows), statistics.median(results.cli_list)
    runs = len(results.ours_first_rows)
    lines = [
        f"browser: {tasks} tasks in {config.scale_services} services, {config.latency_ms:g} ms per call, "
        f"ECS throttling enforced; ecs-tui on a {TERMINAL[0]}x{TERMINAL[1]} pty, the simulator in its own process",
        "",
        f"launch to first rows ({runs} launch{'es' if runs > 1 else ''} each, alternating)",
        *_table([
            ("", "median", "runs"),
            ("ecs-tui: spawn to first cluster rows painted", f"{ours:.2f} s", " ".join(f"{v:.2f}" for v in results.ours_first_rows)),
            ("baseline: aws ecs list-clusters, spawn to list printed", f"{cli:.2f} s", " ".join(f"{v:.2f}" for v in results.cli_list)),
        ]),
        "",
        f"all {tasks} tasks of cluster {CLUSTER!r} (a pressed as soon as the clusters showed)",
        *_table([
            ("launch to all rows loaded", f"{main.launch_to_all_loaded:.2f} s"),
            ("a to first task rows", f"{main.a_to_first_task_rows:.2f} s"),
            ("a to all rows loaded", f"{main.a_to_all_loaded:.2f} s"),
        ]),
        "",
        "key to repaint: j/k in the tasks pane, pty write to the read bringing the moved cursor row",
    ]
    loading = Latency.of(main.while_loading)
    rows: list[tuple[str, ...]] = [("", "keys", "p50", "p99", "max", "lost")]
    groups = [
        (f"while loading ({main.reloads} listings)", main.while_loading),
        ("after loading, idle", [s for s in main.after_loading if s.state == "done"]),
        ("after loading, during auto-refresh", [s for s in main.after_loading if s.state == "refreshing"]),
    ]
    for label, samples in groups:
        latency = Latency.of(samples)
        rows.append((label, *latency.cells()) if latency else (label, "0", "-", "-", "-", "-"))
    lines += _table(rows)
    app_rss, sim_rss = main.app_peak_rss, results.simulator_peak_rss
    lines += [
        "",
        f"peak RSS (VmHWM): ecs-tui {_mb(app_rss)}; simulator {_mb(sim_rss)}",
        "",
        "targets",
        *_table([
            ("first rows on screen before the AWS CLI printed its list", _verdict(ours < cli), f"{ours:.2f} s vs {cli:.2f} s (medians)"),
            (f"key p99 while {tasks} tasks stream in < {KEY_P99_TARGET_MS:.0f} ms",
             _verdict(loading is not None and loading.p99 < KEY_P99_TARGET_MS), _ms(loading.p99) if loading else "no samples"),
            (f"peak RSS < {RSS_TARGET_MB:.0f} MB", _verdict(app_rss is not None and app_rss < RSS_TARGET_MB * MB), _mb(app_rss)),
        ]),
    ]  # fmt: skip
    if any(sample.seconds is None for sample in main.while_loading + main.after_loading):
        lines.append(f"lost: keys whose cursor move had not shown after {KEY_TIMEOUT:g} s (counted as slower than that)")
    return lines


def _mb(value: int | None) -> str:
    return "unknown" if value is None else f"{value / MB:.0f} MB"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks browser", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the big cluster (default 10000)")
    parser.add_argument("--services", type=int, default=200, help="services in the big cluster (default 200)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="simulated latency of every call (default 50)")
    parser.add_argument("--keys", type=int, default=200, help="keys to time while loading, and again after (default 200)")
    parser.add_argument("--launches", type=int, default=3, help="launches of each, ecs-tui and the AWS CLI (default 3)")
    options = parser.parse_args(argv)
    if options.tasks < 3:
        parser.error("--tasks must be at least 3 (the cursor needs rows to move between)")
    if options.services < 1 or options.keys < 1 or options.launches < 1:
        parser.error("--services, --keys and --launches must be at least 1")
    if options.latency_ms < 0:
        parser.error("--latency-ms must not be negative")
    config = SimConfig(
        world="scale",
        scale_services=options.services,
        scale_tasks=options.tasks,
        latency_ms=options.latency_ms,
        throttle=True,
    )
    try:
        results = run(config, options.keys, options.launches)
    except (BenchmarkError, ScreenTimeout) as error:
        print(f"browser benchmark: {error}", file=sys.stderr)
        return 1
    print("\n".join(report(config, results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
