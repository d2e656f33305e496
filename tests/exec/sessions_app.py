"""A small app with ExecSessionViews side by side, and helpers to watch their processes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.pilot import Pilot

from tests.app.helpers import wait_until
from tui.exec.launch import ExecLaunch
from tui.widgets.exec_session import ExecSessionView


class SessionsApp(App[None]):
    def __init__(self, launches: list[ExecLaunch], **options: float) -> None:
        super().__init__()
        self.launches = launches
        self.options = options
        self.received: list[Message] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            for launch in self.launches:
                yield ExecSessionView(launch, **self.options)

    def on_exec_session_view_state_changed(self, message: ExecSessionView.StateChanged) -> None:
        self.received.append(message)

    def on_exec_session_view_reconnect_requested(self, message: ExecSessionView.ReconnectRequested) -> None:
        self.received.append(message)

    def on_exec_session_view_closed(self, message: ExecSessionView.Closed) -> None:
        self.received.append(message)


def screen_text(view: ExecSessionView) -> str:
    return "\n".join(view.terminal.emulator.screen.display())


async def wait_for_text(pilot: Pilot, view: ExecSessionView, text: str, timeout: float = 10) -> None:
    await wait_until(pilot, lambda: text in screen_text(view), timeout, f"{text!r} on screen; got:\n{screen_text(view)}")


def at_prompt(view: ExecSessionView) -> bool:
    """The shell's prompt (``$`` or ``#``; the screen's lines come right-trimmed) is on the last used line."""
    lines = [line.rstrip() for line in view.terminal.emulator.screen.display() if line.strip()]
    return bool(lines) and lines[-1].endswith(("$", "#"))


async def wait_for_prompt(pilot: Pilot, view: ExecSessionView, timeout: float = 10) -> None:
    await wait_until(pilot, lambda: at_prompt(view), timeout, f"a prompt; got:\n{screen_text(view)}")


async def type_line(pilot: Pilot, line: str) -> None:
    await pilot.press(*line, "enter")


def client_pids(launch: ExecLaunch) -> list[int]:
    """Live processes whose command line holds this launch's unique session argument."""
    marker = launch.argv[1].encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in words and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def gone(pid: int, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False
