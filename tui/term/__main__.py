"""Try the terminal widget: ``python -m tui.term [command ...]`` (default: your $SHELL).

ctrl+] leaves the terminal; then ``enter`` goes back in and ``ctrl+q`` quits.
"""

from __future__ import annotations

import os
import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tui.term.widget import TerminalView


class TerminalDemo(App[int]):
    """One full-screen TerminalView."""

    BINDINGS = [Binding("enter", "enter_terminal", "Back to terminal")]

    def __init__(self, command: list[str]) -> None:
        super().__init__()
        self.command = command

    def compose(self) -> ComposeResult:
        yield TerminalView(self.command)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TerminalView).focus()
        self.title = " ".join(self.command)

    def action_enter_terminal(self) -> None:
        self.query_one(TerminalView).focus()

    def on_terminal_view_title_changed(self, message: TerminalView.TitleChanged) -> None:
        self.title = message.title or " ".join(self.command)

    def on_terminal_view_bell(self, message: TerminalView.Bell) -> None:
        self.bell()

    def on_terminal_view_exited(self, message: TerminalView.Exited) -> None:
        how = f"signal {message.signal}" if message.signal else f"status {message.exit_status}"
        self.notify(f"{self.command[0]} exited with {how}; ctrl+q quits", markup=False)


def main(argv: list[str]) -> int:
    command = argv or [os.environ.get("SHELL", "/bin/sh")]
    TerminalDemo(command).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
