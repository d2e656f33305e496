"""The sessions list: every open exec session with its state; Enter shows one, x closes it."""

from __future__ import annotations

from typing import Sequence

from textual.binding import Binding
from textual.widgets import OptionList

from tui.screens.prompt import ChoiceScreen

CLOSE_PREFIX = "close:"


class SessionsScreen(ChoiceScreen):
    """Answers a session's key to show it, ``close:<key>`` to close it, or None."""

    BINDINGS = [Binding("x", "close_highlighted", "Close session")]

    def __init__(self, sessions: Sequence[tuple[str, str]]) -> None:
        super().__init__("Sessions", "Enter shows a session (ctrl+] comes back to the browser); x closes it.", sessions)

    def action_close_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(f"{CLOSE_PREFIX}{options.get_option_at_index(options.highlighted).id}")
