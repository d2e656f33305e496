"""``ExecSessionView``: one ECS Exec session, a header saying where and how it is, and its terminal.

The header reads ``cluster · service · task id · container`` and the session's state
(connecting, live, unresponsive, ended: reason) in the theme's colours. The terminal runs the
session client from an ``ExecLaunch`` on a pty; what the client prints, and when the user's
keys get no answer, drive a ``SessionTracker``. When the session ends or stops answering, a
banner offers **r** (reconnect: ``ReconnectRequested`` for the app, which needs a new
ExecuteCommand and then calls ``attach``) and **x** (close: the client is ended, ``Closed`` is
posted). While the session stops answering the terminal still has the keyboard: the leave
key (ctrl+]) hands it to this view, where r and x work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.exec.launch import ExecLaunch, ExecRequest
from tui.exec.session_state import Ending, Phase, SessionState, SessionTracker, SILENCE_LIMIT_SECONDS
from tui.term import TerminalView

WATCHDOG_INTERVAL = 1.0
NORMAL_ENDINGS = (Ending.CLOSED, Ending.CLOSED_HERE)


class SessionTerminal(TerminalView):
    """A TerminalView that reports the child's output bytes and the user's own input.

    Output is observed where every byte enters the emulator; replies the emulator sends on
    its own (cursor reports, device attributes) are not counted as input.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        on_output: Callable[[bytes], None],
        on_input: Callable[[], None],
    ) -> None:
        super().__init__(command, env=env)
        feed = self.emulator.feed

        def feed_and_report(data: bytes) -> None:
            feed(data)
            on_output(data)

        self.emulator.feed = feed_and_report  # type: ignore[method-assign]
        self.emulator.on_reply = lambda data: TerminalView.write(self, data)
        self._on_input = on_input

    def write(self, data: bytes) -> None:
        if self.writer is not None and data:
            self._on_input()
        super().write(data)


class ExecSessionView(Widget, can_focus=True):
    """One exec session: header, terminal, and a banner once it ends or stops answering."""

    DEFAULT_CSS = """
    ExecSessionView {
        layout: vertical;
        width: 1fr;
        height: 1fr;
    }
    ExecSessionView > #exec-header {
        height: 1;
        background: $panel;
    }
    ExecSessionView #exec-where {
        width: auto;
        color: $foreground;
        padding: 0 1;
    }
    ExecSessionView #exec-state {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    ExecSessionView #exec-state.-connecting, ExecSessionView #exec-state.-unresponsive {
        color: $warning;
    }
    ExecSessionView #exec-state.-live {
        color: $success;
    }
    ExecSessionView #exec-state.-ended {
        color: $foreground-muted;
    }
    ExecSessionView #exec-state.-failed {
        color: $error;
    }
    ExecSessionView > #exec-banner {
        display: none;
        height: auto;
        padding: 0 1;
        background: $panel;
        color: $warning;
    }
    ExecSessionView.-attention > #exec-banner {
        display: block;
    }
    ExecSessionView:focus > #exec-banner {
        background: $warning-muted;
    }
    """
    BINDINGS = [
        Binding("r", "reconnect", "Reconnect", id="exec.reconnect"),
        Binding("x", "close_session", "Close session", id="exec.close"),
    ]

    @dataclass
    class StateChanged(Message):
        view: ExecSessionView
        state: SessionState

    @dataclass
    class ReconnectRequested(Message):
        """The user wants this session again: run ExecuteCommand for ``request``, then ``view.attach``."""

        view: ExecSessionView
        request: ExecRequest

    @dataclass
    class Closed(Message):
        """The user closed the session (its client has ended): remove the view."""

        view: ExecSessionView

    def __init__(
        self,
        launch: ExecLaunch,
        *,
        silence_limit: float = SILENCE_LIMIT_SECONDS,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.silence_limit = silence_limit
        self._launch = launch
        self._tracker = self._new_tracker(launch)
        self._terminal = self._new_terminal(launch)

    # ----- public API -----

    @property
    def launch(self) -> ExecLaunch:
        return self._launch

    @property
    def state(self) -> SessionState:
        return self._tracker.state

    @property
    def terminal(self) -> SessionTerminal:
        return self._terminal

    async def close(self) -> None:
        """End the session client (HUP, TERM, KILL) and wait until it is gone."""
        self._apply(self._tracker.closed_here() if self._terminal.running else self._tracker.state)
        await self._terminal.close()

    async def attach(self, launch: ExecLaunch) -> None:
        """Replace the session with a new one (after a reconnect): the old client is ended first."""
        await self.close()
        old = self._terminal
        self._launch = launch
        self._tracker = self._new_tracker(launch)
        self._terminal = self._new_terminal(launch)
        await self.mount(self._terminal, after=old)
        await old.remove()
        self._apply(self._tracker.state, force=True)
        self._terminal.focus()

    # ----- composition -----

    def _new_tracker(self, launch: ExecLaunch) -> SessionTracker:
        return SessionTracker(launch.session_id, builtin=launch.client.builtin, silence_limit=self.silence_limit)

    def _new_terminal(self, launch: ExecLaunch) -> SessionTerminal:
        return SessionTerminal(launch.argv, env=launch.env, on_output=self._output, on_input=self._input)

    def compose(self) -> ComposeResult:
        with Horizontal(id="exec-header"):
            yield Static(self._where(), id="exec-where", markup=False)
            yield Static("", id="exec-state", markup=False)
        yield self._terminal
        yield Static("", id="exec-banner", markup=False)

    def on_mount(self) -> None:
        self.set_interval(WATCHDOG_INTERVAL, self._watchdog)
        self._apply(self._tracker.state, force=True)
        self._terminal.focus()

    def _where(self) -> str:
        launch = self._launch
        service = launch.service_name or "standalone task"
        return " · ".join((launch.cluster_name, service, launch.task_id, launch.container_name))

    # ----- state -----

    def _output(self, data: bytes) -> None:
        self._apply(self._tracker.output(data))

    def _input(self) -> None:
        self._tracker.keys_sent()

    def _watchdog(self) -> None:
        self._apply(self._tracker.tick())

    def on_terminal_view_exited(self, event: TerminalView.Exited) -> None:
        if event.view is self._terminal:
            self._apply(self._tracker.exited(event.exit_status, event.signal))

    def on_terminal_view_leave_requested(self, event: TerminalView.LeaveRequested) -> None:
        """While the session needs attention, leaving the terminal lands here, where r and x work."""
        if event.view is self._terminal and self.state.phase in (Phase.ENDED, Phase.UNRESPONSIVE):
            event.stop()
            self.focus()

    def _apply(self, state: SessionState, *, force: bool = False) -> None:
        if not (self._tracker.changed or force) or not self.is_mounted:
            return
        self._tracker.changed = False
        label = self.query_one("#exec-state", Static)
        label.update(state.label)
        failed = state.phase is Phase.ENDED and state.ending not in NORMAL_ENDINGS
        label.set_classes(f"-{state.phase.value}" + (" -failed" if failed else ""))
        attention = state.phase in (Phase.ENDED, Phase.UNRESPONSIVE)
        self.set_class(attention, "-attention")
        if attention:
            keys = "r reconnect, x close" if state.phase is Phase.ENDED else "ctrl+] then r reconnect, x close"
            self.query_one("#exec-banner", Static).update(f"{state.label} — {keys}")
        self.refresh_bindings()
        self.post_message(self.StateChanged(self, state))

    # ----- actions -----

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reconnect", "close_session"):
            return self.state.phase in (Phase.ENDED, Phase.UNRESPONSIVE)
        return True

    def action_reconnect(self) -> None:
        self.post_message(self.ReconnectRequested(self, self._launch.request))

    async def action_close_session(self) -> None:
        await self.close()
        self.post_message(self.Closed(self))
