"""Real children on real ptys: environment, resize, exit reporting and shutdown without leftovers."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.term.helpers import TerminalApp
from tui.term.process import session_members
from tui.term.widget import TerminalView

pytestmark = pytest.mark.slow

STUBBORN = (
    "import signal, time\n"
    "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('stubborn ready', flush=True)\n"
    "time.sleep(60)\n"
)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)


def screen_text(view: TerminalView) -> str:
    return "\n".join(line.rstrip() for line in view.emulator.screen.display())


def exited(app: TerminalApp) -> list[TerminalView.Exited]:
    return [m for m in app.received if isinstance(m, TerminalView.Exited)]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


async def test_environment_size_and_exit_status(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INHERITED_BY_CHILD", "yes")
    command = ["sh", "-c", 'echo "$TERM $INHERITED_BY_CHILD $EXTRA_VAR"; stty size; exit 3']
    app = TerminalApp(command, env={"EXTRA_VAR": "extra"})
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: bool(exited(app)))
        assert (exited(app)[0].exit_status, exited(app)[0].signal) == (3, None)
        assert view.exit_status == 3
        rows, columns = view.emulator.screen.height, view.emulator.screen.width
        await pilot.pause(0.1)
        assert screen_text(view).splitlines()[:2] == ["xterm-256color yes extra", f"{rows} {columns}"]


async def test_resize_reaches_the_child() -> None:
    app = TerminalApp(["sh"])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: "$" in screen_text(view) or "#" in screen_text(view))
        await pilot.resize_terminal(70, 20)
        await pilot.pause(0.1)
        rows, columns = view.emulator.screen.height, view.emulator.screen.width
        assert columns == 70
        await pilot.press(*"stty size", "enter")
        await wait_until(pilot, lambda: f"{rows} {columns}" in screen_text(view))
        await view.close()


async def test_close_hangs_up_the_child_and_its_jobs() -> None:
    app = TerminalApp(["sh", "-c", "sleep 60 & sleep 60"])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: view._child is not None and len(session_members(view._child.pid)) >= 2)
        pid = view._child.pid  # type: ignore[union-attr]
        started = time.monotonic()
        await view.close()
        assert time.monotonic() - started < 3.5
        assert not alive(pid) and session_members(pid) == []
        await wait_until(pilot, lambda: bool(exited(app)))
        assert exited(app)[0].signal is not None or exited(app)[0].exit_status is not None


async def test_child_ignoring_hup_and_term_dies_by_kill() -> None:
    app = TerminalApp([sys.executable, "-c", STUBBORN])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: "stubborn ready" in screen_text(view))
        pid = view._child.pid  # type: ignore[union-attr]
        started = time.monotonic()
        await view.close(timeouts=(0.3, 0.3, 2.0))
        assert time.monotonic() - started < 2.6
        assert not alive(pid)
        await wait_until(pilot, lambda: bool(exited(app)))
        assert exited(app)[0].signal == 9


async def test_last_screen_stays_after_exit_and_keys_go_to_the_app() -> None:
    app = TerminalApp(["sh", "-c", "printf 'goodbye\\n'"])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: bool(exited(app)))
        await pilot.pause(0.1)
        assert screen_text(view).startswith("goodbye")
        assert view.render_line(0).text.startswith("goodbye")
        assert exited(app)[0].exit_status == 0
        await pilot.press("a")  # no child: the key is not swallowed, nothing raises


async def test_app_quit_leaves_no_process() -> None:
    app = TerminalApp(["sh", "-c", "sleep 60 & sleep 60"])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: view._child is not None and len(session_members(view._child.pid)) >= 2)
        pid = view._child.pid  # type: ignore[union-attr]
        members = session_members(pid)
        await app.action_quit()
    assert not any(alive(p) for p in members)
    assert session_members(pid) == []


async def test_command_that_cannot_run_is_reported() -> None:
    app = TerminalApp(["/nonexistent/program-xyz"])
    async with app.run_test(size=(60, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: bool(exited(app)))
        assert exited(app)[0].exit_status == 127
        assert "cannot run /nonexistent/program-xyz" in screen_text(view)


async def test_pty_child_is_reaped_no_zombie() -> None:
    app = TerminalApp(["true"])
    async with app.run_test(size=(50, 16)) as pilot:
        view = app.query_one(TerminalView)
        await wait_until(pilot, lambda: bool(exited(app)))
        pid = view._child.pid  # type: ignore[union-attr]
    assert not os.path.exists(f"/proc/{pid}")
