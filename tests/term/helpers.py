"""A small app hosting one TerminalView, for the widget tests."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Footer, Input

from tui.term.widget import TerminalView


class TerminalApp(App[None]):
    """A TerminalView above an Input (something else to focus) and a Footer; records messages."""

    CSS = "TerminalView { height: 1fr; } Input { height: 3; }"

    def __init__(self, command: Sequence[str] | None = None, **options: object) -> None:
        super().__init__()
        self.command = command
        self.options = options
        self.received: list[Message] = []

    def compose(self) -> ComposeResult:
        yield TerminalView(self.command, **self.options)  # type: ignore[arg-type]
        yield Input()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TerminalView).focus()

    def on_terminal_view_exited(self, message: TerminalView.Exited) -> None:
        self.received.append(message)

    def on_terminal_view_leave_requested(self, message: TerminalView.LeaveRequested) -> None:
        self.received.append(message)

    def on_terminal_view_title_changed(self, message: TerminalView.TitleChanged) -> None:
        self.received.append(message)

    def on_terminal_view_bell(self, message: TerminalView.Bell) -> None:
        self.received.append(message)

    def on_terminal_view_clipboard_write(self, message: TerminalView.ClipboardWrite) -> None:
        self.received.append(message)
