"""ECS Exec latency: Enter on a container to a usable prompt, and key-to-echo, through the whole app.

Three chains, measured in the same run:

* **the app**: ``ecs-tui --demo`` (``tui.cli.main`` on the demo world, default settings but
  for the shell) on a real pty, its output read into our own terminal emulator. Each run
  puts the cursor on the storefront container of a prod-web task, waits a second, presses
  Enter (pre-flight DescribeTasks/DescribeTaskDefinition, ExecuteCommand, the session tab,
  ecs-tui-session, websocket, the simulator's shell pty and back), types keys, and closes
  the session. Probes installed in the app before it starts report over a Unix socket
  (``perf_counter`` is CLOCK_MONOTONIC: one clock for both processes). They give three ends:
  the bytes reaching the session's emulator ("session screen"), the terminal widget's first
  ``render_line`` after them ("painted"), and the app's output showing them on the pty
  ("on the terminal"). They also split the prompt time into steps, in the app and in the
  simulator's agent.
* **ecs-tui-session alone**: the session client on a pexpect pty against the data-channel
  server, spawn to prompt.
* **baseline**: the same shell on a bare pexpect pty.

Before each key the benchmark waits a random 0 to ``KEY_PAUSE_SECONDS``, as typing does: keys
sent in lock-step would always wait for the widget's next 60 Hz frame. Figures are medians
over the runs (the machine may be shared); "worst" and "max" are over all runs. Targets
(from the exec issue), judged on the app's "on the terminal" medians: prompt within 1 s;
echo p99 under 30 ms.

    python -m benchmarks exec [--runs N] [--keys N] [--shell CMD]
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import random
import re
import select
import shlex
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pexpect

from benchmarks._processes import BenchmarkError, child_environment
from benchmarks._pty_screen import PtyScreen
from tui.sim.datachannel_server import DataChannelServer, serve_data_channel
from tui.sim.datachannel_shell import shell_environment
from tui.ssm.launch import builtin_client, invocation_for

if TYPE_CHECKING:
    from tui.app import EcsApp
    from tui.term import TerminalView

T = TypeVar("T")
PROMPT = re.compile(rb"[#$] $")
PROMPT_TARGET_SECONDS = 1.0
ECHO_P99_TARGET_MS = 30.0
KEYS = b"abcdefghijklmnopqrstuvwxyz0123456789"
CLEAR_LINE = b"\x15"  # Ctrl-U: erase the typed line before it gets long
ERASED = b"\x08 \x08"  # what the line discipline echoes for each erased character
KEY_PAUSE_SECONDS = 0.06
TIMEOUT = 10.0
# After the cursor lands on the container the browser is busy for a few hundred ms (details,
# the next pane); a user reads the row before pressing Enter, so the benchmark waits too.
SETTLE_SECONDS = 1.0
START_TIMEOUT = 60.0
APP_SIZE = (120, 40)
CLUSTER, SERVICE, CONTAINER = "prod-web", "storefront", "storefront"
REPOSITORY = Path(__file__).resolve().parents[1]
CHILD_SOURCE = "import sys; from benchmarks.exec import app_under_test; sys.exit(app_under_test(sys.argv[1]))"


# -- figures ------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Run:
    """One session: seconds to its prompt, and seconds from each key to its echo."""

    prompt: float
    echoes: list[float]


@dataclass
class Chain:
    """One row of the report: a chain measured over several runs."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def median_prompt(self) -> float:
        return statistics.median(run.prompt for run in self.runs)

    def median_echo(self, fraction: float) -> float:
        return statistics.median(percentile(run.echoes, fraction) for run in self.runs)

    def cells(self) -> tuple[str, ...]:
        return (
            self.label,
            f"{self.median_prompt() * 1000:.0f} ms (worst {max(run.prompt for run in self.runs) * 1000:.0f})",
            f"{self.median_echo(0.50) * 1000:.2f} ms",
            f"{self.median_echo(0.99) * 1000:.2f} ms",
            f"{max(max(run.echoes) for run in self.runs) * 1000:.2f} ms",
            f"{statistics.median(run.echoes[0] for run in self.runs) * 1000:.2f} ms",
        )


# -- the bare pty and the session client alone ----------------------------------------------


class PtyProbe:
    """A pexpect child's pty master, read directly (no pexpect buffering)."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self._seen = bytearray()

    def send(self, data: bytes) -> float:
        """Write ``data``; return the time just before the write."""
        sent = time.perf_counter()
        os.write(self.child.child_fd, data)
        return sent

    def wait_for(self, pattern: re.Pattern[bytes] | bytes, timeout: float) -> float:
        """Read until output matching ``pattern`` has arrived since the last wait; return when it was read."""
        deadline = time.perf_counter() + timeout
        read_at = time.perf_counter()
        while True:
            found = pattern.search(self._seen) if isinstance(pattern, re.Pattern) else pattern in self._seen
            if found:
                self._seen.clear()
                return read_at
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise BenchmarkError(f"no {pattern!r} within {timeout:.0f} s; got {bytes(self._seen[-200:])!r}")
            ready, _, _ = select.select([self.child.child_fd], [], [], remaining)
            if ready:
                try:
                    self._seen += os.read(self.child.child_fd, 65536)
                except OSError as error:
                    raise BenchmarkError(f"the terminal closed while waiting for {pattern!r}") from error
                read_at = time.perf_counter()

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)


def spawn(argv: list[str], env: dict[str, str], cwd: str | None = None) -> PtyProbe:
    child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=cwd, dimensions=(40, 120), echo=True)
    return PtyProbe(child)


def typed_latencies(probe: PtyProbe, keys: int, rng: random.Random) -> list[float]:
    """Seconds from writing each key to reading its echo; the line is cleared every few dozen keys."""
    latencies = []
    for index in range(keys):
        probe.pause(rng.uniform(0, KEY_PAUSE_SECONDS))
        key = KEYS[index % len(KEYS) : index % len(KEYS) + 1]
        sent = probe.send(key)
        latencies.append(probe.wait_for(key, TIMEOUT) - sent)
        if index % len(KEYS) == len(KEYS) - 1:
            probe.send(CLEAR_LINE)
            probe.wait_for(ERASED, TIMEOUT)
            probe.pause(0.01)  # let the rest of the erasing arrive before timing the next key
    return latencies


def timed_session(start: Callable[[], PtyProbe], keys: int, rng: random.Random) -> Run:
    """Spawn, time to the prompt, type, exit."""
    started = time.perf_counter()
    probe = start()
    prompt = probe.wait_for(PROMPT, TIMEOUT) - started
    echoes = typed_latencies(probe, keys, rng)
    probe.send(CLEAR_LINE + b"exit\r")
    probe.child.expect(pexpect.EOF, timeout=TIMEOUT)
    probe.child.close()
    return Run(prompt, echoes)


def measure_bare_pty(shell: str, keys: int, runs: int, rng: random.Random) -> Chain:
    chain = Chain("baseline: bare pty")
    with tempfile.TemporaryDirectory(prefix="ecs-tui-bench-") as home:
        argv = shlex.split(shell)
        env = shell_environment(argv[0], home)
        for _ in range(runs):
            chain.runs.append(timed_session(lambda: spawn(argv, env, cwd=home), keys, rng))
    return chain


def measure_session_client(server: DataChannelServer, shell: str, keys: int, runs: int, rng: random.Random) -> Chain:
    client = builtin_client()
    if client is None:
        raise BenchmarkError("ecs-tui-session is not installed: run `pip install -e .` first")
    chain = Chain("ecs-tui-session alone")
    for _ in range(runs):
        issued = server.issue(shell)
        argv, extra = invocation_for(client, issued.as_response(), "us-east-1", None, "ecs:bench_task_runtime", "")
        chain.runs.append(timed_session(lambda: spawn(argv, {**os.environ, **extra}), keys, rng))
    return chain


# -- inside the app (the child process) ------------------------------------------------------


class EventLink:
    """JSON lines to the benchmark over a Unix socket (any thread may send), commands back."""

    def __init__(self, path: str) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.connect(path)
        self._lock = threading.Lock()

    def send(self, event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, "t": time.perf_counter(), **fields}) + "\n"
        with self._lock:
            self._socket.sendall(line.encode())

    def commands(self) -> Iterator[str]:
        with self._socket.makefile("r", encoding="utf-8") as lines:
            for line in lines:
                yield line.strip()


def announce_calls(owner: object, name: str, link: EventLink, event: str, when: Callable[..., bool] | None = None) -> None:
    """Make ``owner.name`` send ``event`` when called and ``event.done`` when it returns (if ``when(*args)``)."""
    original = getattr(owner, name)
    wanted = when or (lambda *args, **kwargs: True)

    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def announced_async(*args: Any, **kwargs: Any) -> Any:
            if not wanted(*args, **kwargs):
                return await original(*args, **kwargs)
            link.send(event)
            result = await original(*args, **kwargs)
            link.send(f"{event}.done")
            return result

        setattr(owner, name, announced_async)
        return

    @functools.wraps(original)
    def announced(*args: Any, **kwargs: Any) -> Any:
        if not wanted(*args, **kwargs):
            return original(*args, **kwargs)
        link.send(event)
        result = original(*args, **kwargs)
        link.send(f"{event}.done")
        return result

    setattr(owner, name, announced)


def session_at_prompt(terminal: TerminalView) -> bool:
    lines = [line.rstrip() for line in terminal.emulator.screen.display() if line.strip()]
    return bool(lines) and PROMPT.search((lines[-1] + " ").encode()) is not None


def watch_terminal(terminal: TerminalView, link: EventLink) -> None:
    """Report every feed of the session's emulator, its first prompt (with where the prompt
    row sits on the app's screen), and the first ``render_line`` after each feed."""
    feed, render_line = terminal.emulator.feed, terminal.render_line
    state = {"prompt_seen": False, "paint_due": False}

    def timed_feed(data: bytes) -> None:
        feed(data)
        link.send("fed", data=data.decode("latin-1"))
        state["paint_due"] = True
        if not state["prompt_seen"] and session_at_prompt(terminal):
            state["prompt_seen"] = True
            screen, region = terminal.emulator.screen, terminal.content_region
            link.send(
                "prompt", x=region.x, y=region.y + screen.y, width=region.width,
                text=screen.line_text(screen.y)[: screen.x],
            )  # fmt: skip

    def timed_render_line(y: int) -> Any:
        strip = render_line(y)
        if state["paint_due"]:
            state["paint_due"] = False
            link.send("painted")
        return strip

    terminal.emulator.feed = timed_feed  # type: ignore[method-assign]
    terminal.render_line = timed_render_line  # type: ignore[method-assign]


def install_probes(link: EventLink, apps: list[EcsApp]) -> None:
    """Time each step from the key press to the prompt, in the app and in the simulator's agent."""
    import tui.exec.context
    import tui.exec.launch
    from tui.app import EcsApp
    from tui.sim.datachannel import _AgentSession
    from tui.ssm.protocol import PayloadType
    from tui.widgets.exec_session import SessionTerminal

    announce_calls(EcsApp, "open_exec", link, "app.exec_requested")
    # Where the app's exec flow imports them from when it first runs.
    announce_calls(tui.exec.context, "gather_context", link, "app.preflight_reads")
    announce_calls(tui.exec.launch, "start_exec", link, "app.execute_command")
    announce_calls(EcsApp, "_open_session", link, "app.session_tab")
    announce_calls(_AgentSession, "run", link, "agent.websocket")
    announce_calls(
        _AgentSession, "_handle_input", link, "agent.handshake",
        when=lambda _agent, payload_type, _payload: payload_type == PayloadType.HANDSHAKE_RESPONSE,
    )  # fmt: skip
    announce_calls(_AgentSession, "_start_shell", link, "agent.shell")

    start, init = SessionTerminal.start, EcsApp.__init__

    def watched_start(terminal: SessionTerminal) -> None:
        watch_terminal(terminal, link)
        link.send("client.start")
        start(terminal)
        link.send("client.spawned")

    def captured_init(app: EcsApp, *args: Any, **kwargs: Any) -> None:
        init(app, *args, **kwargs)
        apps.append(app)

    SessionTerminal.start = watched_start  # type: ignore[method-assign]
    EcsApp.__init__ = captured_init  # type: ignore[method-assign]


def poll(condition: Callable[[], bool], what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} within {timeout:.0f} s")
        time.sleep(0.05)


class AppDriver:
    """Runs in a thread of the app's process: puts the cursor on the container, closes sessions."""

    def __init__(self, apps: list[EcsApp]) -> None:
        self._apps = apps
        self._task: Any = None

    @property
    def app(self) -> EcsApp:
        poll(lambda: bool(self._apps), "app")
        return self._apps[0]

    def _on_app(self, check: Callable[[], bool]) -> bool:
        try:
            return bool(self.app.call_from_thread(check))
        except RuntimeError:  # not running yet
            return False

    def make_ready(self) -> None:
        """The browser shown, the keyboard on the target container, as after moving there with keys.

        Each pane's row is picked once the pane lists it (``Browser.reveal`` is not used: it
        leaves a pending selection for a pane that already shows its rows, and takes the
        keyboard when that pane reloads, even from a session's terminal).
        """
        from textual.css.query import NoMatches

        from tui.screens.main import MainScreen

        app = self.app

        def listed() -> bool:
            stack = app.screen_stack
            try:
                return bool(stack) and isinstance(stack[0], MainScreen) and app.browser.pane("clusters").table.row_count > 0
            except NoMatches:  # the browser is not mounted yet
                return False

        poll(lambda: self._on_app(listed), "cluster list")
        if self._task is None:
            self._task = next(
                (t for batch in app.connection.reader.iter_tasks(CLUSTER, service=SERVICE) for t in batch
                 if t.last_status == "RUNNING" and t.enable_execute_command and t.container(CONTAINER)),
                None,
            )  # fmt: skip
            if self._task is None:
                raise LookupError(f"the demo world has no running {SERVICE} task with exec on")
        task = self._task
        self._pick("clusters", lambda pane, c: c.arn == task.cluster_arn)
        self._pick("services", lambda pane, s: s.cluster_arn == task.cluster_arn and s.name == SERVICE)
        self._pick("tasks", lambda pane, t: t.arn == task.arn)
        self._pick("containers", lambda pane, c: pane.owner == task.arn and c.name == CONTAINER)

    def _pick(self, name: str, wanted: Callable[[Any, Any], bool]) -> None:
        """Wait until pane ``name`` lists a wanted row; put the cursor and the keyboard on it."""
        app = self.app

        def pick() -> bool:
            app.main.show_browser()
            pane = app.browser.pane(name)
            item = pane.find(lambda row: wanted(pane, row))
            if item is None:
                return False
            if pane.selected is None or not wanted(pane, pane.selected):
                pane.select_key(pane.key_of(item))
            pane.table.focus()
            return pane.selected is not None and wanted(pane, pane.selected) and app.focused is pane.table

        poll(lambda: self._on_app(pick), f"{name} row to pick")

    def close_newest_session(self) -> None:
        app = self.app

        async def close() -> None:
            await app.main.remove_session(app.main.sessions[-1])

        app.call_from_thread(close)
        simulator = app.connection.simulator
        if simulator is not None:
            poll(lambda: not simulator.data_channel.live_shell_pids(), "end of the session's shell", TIMEOUT)

    def obey(self, link: EventLink) -> None:
        for command in link.commands():
            try:
                if command == "ready":
                    self.make_ready()
                    link.send("ready")
                elif command == "close":
                    self.close_newest_session()
                    link.send("closed")
                elif command == "quit":
                    self.app.call_from_thread(self.app.exit)
                    return
            except Exception as error:  # one line for the benchmark, which stops
                link.send("error", message=f"{type(error).__name__}: {error}")


def app_under_test(socket_path: str) -> int:
    """The child process: ``ecs-tui --demo`` with probes, obeying the benchmark's commands."""
    from tui import cli

    link = EventLink(socket_path)
    apps: list[EcsApp] = []
    install_probes(link, apps)
    threading.Thread(target=AppDriver(apps).obey, args=(link,), daemon=True).start()
    return cli.main(["--demo"])


# -- the app on a pty (the benchmark's side) --------------------------------------------------


@dataclass(frozen=True)
class Event:
    name: str
    t: float
    fields: dict[str, Any]


class AppOnPty(PtyScreen):
    """The instrumented app on a pty; its probes' events arrive over a Unix socket."""

    def __init__(self, home: Path, shell: str) -> None:
        config = home / "ecs-tui.toml"
        config.write_text(f"default_shell = {json.dumps(shell)}\n")
        env = child_environment(home)
        env["ECS_TUI_CONFIG"] = str(config)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
        path = str(home / "events.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(1)
        self.events: list[Event] = []
        self.failure: str | None = None
        self.last_read_at = 0.0
        self._link: socket.socket | None = None
        self._partial = b""
        width, height = APP_SIZE
        super().__init__([sys.executable, "-c", CHILD_SOURCE, path], env, width=width, height=height)
        try:
            self._link = self._accept(listener)
        finally:
            listener.close()

    def _accept(self, listener: socket.socket) -> socket.socket:
        deadline = time.perf_counter() + START_TIMEOUT
        while (remaining := deadline - time.perf_counter()) > 0 and not self.closed:
            ready, _, _ = select.select([listener, self._child.child_fd], [], [], remaining)
            if listener in ready:
                link, _ = listener.accept()
                link.setblocking(False)
                return link
            if ready:
                super().pump(0)
        raise BenchmarkError(f"the app did not start its probes{': ' + self.text().strip() if self.text().strip() else ''}")

    def pump(self, timeout: float) -> float | None:
        """Read the probes' events, then the pty (the probes report before the app writes what they saw)."""
        if self._link is None or self.closed:
            return super().pump(timeout)
        ready, _, _ = select.select([self._link, self._child.child_fd], [], [], max(0.0, timeout))
        if ready:
            self._read_events()
        if self._child.child_fd not in ready:
            return None
        read_at = super().pump(0)
        if read_at is not None:
            self.last_read_at = read_at
        return read_at

    def _read_events(self) -> None:
        assert self._link is not None
        while True:
            try:
                chunk = self._link.recv(1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                self._link.close()
                self._link = None
                return
            lines = (self._partial + chunk).split(b"\n")
            self._partial = lines.pop()
            for line in lines:
                record = json.loads(line)
                event = Event(record.pop("event"), record.pop("t"), record)
                self.events.append(event)
                if event.name == "error":
                    self.failure = event.fields["message"]

    def command(self, name: str) -> None:
        if self._link is None:
            raise BenchmarkError(f"the app stopped listening before {name!r}{self._screen_note()}")
        self._link.sendall(f"{name}\n".encode())

    def find(self, name: str, since: int, after: float = 0.0, data: str | None = None) -> Event | None:
        """The first event called ``name`` from index ``since`` on, not before ``after``, holding ``data``."""
        for event in self.events[since:]:
            if event.name == name and event.t >= after and (data is None or data in event.fields.get("data", "")):
                return event
        return None

    def row(self, where: Event, width: int | None = None) -> str:
        """The app's screen where the session's prompt row is, right-trimmed."""
        x, y = where.fields["x"], where.fields["y"]
        return self.line(y)[x : x + (width or where.fields["width"])].rstrip()

    def wait_until(self, condition: Callable[[], T | None], what: str, timeout: float = TIMEOUT) -> tuple[T, float]:
        """Pump until ``condition()`` returns something other than None; return it, and when the
        last pty read returned (the screen changes only then)."""
        deadline = time.perf_counter() + timeout
        while (found := condition()) is None:
            if self.failure is not None:
                raise BenchmarkError(f"the app's driver failed: {self.failure}")
            remaining = deadline - time.perf_counter()
            if self.closed:
                raise BenchmarkError(f"the app exited while waiting for {what}{self._screen_note()}")
            if remaining <= 0:
                raise BenchmarkError(f"no {what} within {timeout:.0f} s{self._screen_note()}")
            self.pump(remaining)
        return found, self.last_read_at

    def ask(self, command: str, answer: str, timeout: float = START_TIMEOUT) -> None:
        since = len(self.events)
        self.command(command)
        self.wait_until(lambda: self.find(answer, since), f"{answer!r} from the app", timeout)

    def _screen_note(self) -> str:
        text = self.text().strip()
        return f"; the screen showed:\n{text}" if text else ""

    def close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None
        super().close()


# The prompt's steps, in order: (event, what the time up to it was spent on).
PROMPT_STEPS = [
    ("app.exec_requested", "Enter read and handled, up to ExecRequested at the app"),
    ("app.preflight_reads", "to the worker's pre-flight reads"),
    ("app.preflight_reads.done", "pre-flight reads (DescribeTasks, DescribeTaskDefinition)"),
    ("app.execute_command", "pre-flight checks"),
    ("app.execute_command.done", "ExecuteCommand"),
    ("app.session_tab", "worker to the UI thread"),
    ("client.start", "session tab mounted and refreshed, up to the client's start"),
    ("client.spawned", "spawning the client on its pty (pexpect)"),
    ("fed", "client start-up to its first line (Python, imports)"),
    ("agent.websocket", "to the websocket at the agent (asyncio, aiohttp import, connect)"),
    ("agent.handshake", "OpenDataChannel, handshake request and answer"),
    ("agent.shell", "to the first Size frame"),
    ("agent.shell.done", "shell spawned (trampoline, pty)"),
    ("prompt", "shell start-up, relay, frame: prompt on the session screen"),
    ("painted", "painted (render_line)"),
    ("terminal", "written out: on the terminal"),
]


@dataclass
class AppRuns:
    screen: Chain
    painted: Chain
    terminal: Chain
    steps: list[dict[str, float]]  # per run: step event -> seconds since the previous step


def prompt_steps(app: AppOnPty, since: int, pressed: float, terminal_at: float) -> dict[str, float]:
    steps, previous = {}, pressed
    for name, _ in PROMPT_STEPS:
        if name == "terminal":
            at: float | None = terminal_at
        else:
            event = app.find(name, since, after=previous if name in ("fed", "painted") else 0.0)
            at = event.t if event is not None else None
        if at is not None:
            steps[name] = at - previous
            previous = at
    return steps


def time_echo(app: AppOnPty, prompt: Event, key: str, line: str) -> tuple[float, float, float]:
    """Send ``key``; seconds until its echo reached the session's screen, was painted, and was on the
    terminal (the prompt's row reading ``line``)."""
    since = len(app.events)
    sent = app.send(key.encode())

    def echoed() -> tuple[Event, Event] | None:
        fed = app.find("fed", since, data=key)
        drawn = app.find("painted", since, after=fed.t) if fed is not None else None
        return (fed, drawn) if fed is not None and drawn is not None and app.row(prompt) == line else None

    (fed, drawn), seen = app.wait_until(echoed, f"echo of {key!r}")
    return fed.t - sent, drawn.t - sent, seen - sent


def app_session(app: AppOnPty, keys: int, rng: random.Random, runs: AppRuns) -> None:
    """One run: Enter on the container, the prompt, typed keys, then the session closed."""
    app.ask("ready", "ready")
    app.pump_for(SETTLE_SECONDS)
    since = len(app.events)
    pressed = app.send(b"\r")

    def prompt_shown() -> tuple[Event, Event] | None:
        prompt = app.find("prompt", since)
        painted = app.find("painted", since, after=prompt.t) if prompt is not None else None
        if prompt is None or painted is None or app.row(prompt) != prompt.fields["text"].rstrip():
            return None
        return prompt, painted

    (prompt, painted), terminal_at = app.wait_until(prompt_shown, "shell prompt in the session tab", START_TIMEOUT)
    runs.steps.append(prompt_steps(app, since, pressed, terminal_at))
    runs.screen.runs.append(Run(prompt.t - pressed, []))
    runs.painted.runs.append(Run(painted.t - pressed, []))
    runs.terminal.runs.append(Run(terminal_at - pressed, []))

    typed = ""
    for index in range(keys):
        app.pump_for(rng.uniform(0, KEY_PAUSE_SECONDS))
        key = chr(KEYS[index % len(KEYS)])
        typed += key
        latencies = time_echo(app, prompt, key, (prompt.fields["text"] + typed).rstrip())
        for chain, seconds in zip((runs.screen, runs.painted, runs.terminal), latencies):
            chain.runs[-1].echoes.append(seconds)
        if index % len(KEYS) == len(KEYS) - 1:
            app.send(CLEAR_LINE)
            typed = ""
            app.wait_until(lambda: app.row(prompt) == prompt.fields["text"].rstrip() or None, "the erased line")
    app.ask("close", "closed")


def measure_app(shell: str, keys: int, runs: int, rng: random.Random) -> AppRuns:
    if builtin_client() is None:
        raise BenchmarkError("ecs-tui-session is not installed: run `pip install -e .` first")
    results = AppRuns(Chain("app: session screen"), Chain("app: painted"), Chain("app: on the terminal"), [])
    with tempfile.TemporaryDirectory(prefix="ecs-tui-bench-") as home:
        app = AppOnPty(Path(home), shell)
        try:
            for _ in range(runs):
                app_session(app, keys, rng, results)
            app.command("quit")
            app.wait_exit(TIMEOUT)
        finally:
            app.close()
    return results


# -- the report ------------------------------------------------------------------------------


@dataclass
class Results:
    shell: str
    keys: int
    app: AppRuns
    client: Chain
    baseline: Chain

    @property
    def chains(self) -> list[Chain]:
        return [self.app.screen, self.app.painted, self.app.terminal, self.client, self.baseline]


def run(shell: str, keys: int, runs: int, seed: int = 1) -> Results:
    rng = random.Random(seed)
    baseline = measure_bare_pty(shell, keys, runs, rng)
    with serve_data_channel() as server:
        client = measure_session_client(server, shell, keys, runs, rng)
    app = measure_app(shell, keys, runs, rng)
    return Results(shell, keys, app, client, baseline)


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def report(results: Results) -> list[str]:
    runs = len(results.baseline.runs)
    lines = [
        f"exec: {results.shell}; {runs} runs, each a new session (closed after), {results.keys} keys per run, "
        f"a random 0-{KEY_PAUSE_SECONDS * 1000:.0f} ms pause before each key; loopback",
        f"figures are medians over the {runs} runs (a shared machine: single runs vary); worst and max over all runs",
        "the app's prompt runs from Enter on the container, the others' from spawning their process; "
        "1st key: the first key after the prompt showed",
    ]
    header = ("", "to prompt", "echo p50", "echo p99", "echo max", "1st key")
    lines += table([header, *(chain.cells() for chain in results.chains)])

    lines.append(f"where the app's prompt time goes (median per step over {runs} runs; medians need not add up):")
    step_rows = []
    for name, label in PROMPT_STEPS:
        values = [steps[name] for steps in results.app.steps if name in steps]
        if values:
            step_rows.append((f"  {label}", f"{statistics.median(values) * 1000:.1f} ms"))
    lines += table(step_rows)

    terminal = results.app.terminal
    prompt, echo = terminal.median_prompt(), terminal.median_echo(0.99) * 1000
    lines.append("targets (app, on the terminal; medians over runs):")
    lines.append(
        f"  prompt within {PROMPT_TARGET_SECONDS:.0f} s: {prompt * 1000:.0f} ms  "
        + ("PASS" if prompt < PROMPT_TARGET_SECONDS else "MISSED")
    )
    lines.append(
        f"  echo p99 under {ECHO_P99_TARGET_MS:.0f} ms: {echo:.2f} ms  " + ("PASS" if echo < ECHO_P99_TARGET_MS else "MISSED")
    )
    return lines


def shell_problem(shell: str) -> str | None:
    """Why ``shell`` cannot run here, or None."""
    try:
        words = shlex.split(shell)
    except ValueError as error:
        return f"it does not split into words ({error})"
    if not words:
        return "it is empty"
    if shutil.which(words[0]) is None:
        return f"no program {words[0]!r} here"
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks exec", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="sessions per chain, each timed to its prompt (default 5)")
    parser.add_argument("--keys", type=int, default=60, help="keys typed and timed to their echo per run (default 60)")
    parser.add_argument("--shell", default="/bin/sh", help="shell command on every chain (default /bin/sh)")
    options = parser.parse_args(argv)
    if options.keys < 1 or options.runs < 1:
        parser.error("--keys and --runs must be at least 1")
    problem = shell_problem(options.shell)
    if problem:
        parser.error(f"--shell {options.shell!r}: {problem}")
    try:
        results = run(options.shell, options.keys, options.runs)
    except BenchmarkError as error:
        print(f"exec benchmark: {error}", file=sys.stderr)
        return 1
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
