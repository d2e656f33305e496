"""`?`: every key the app answers to, grouped by where it works, read from the bindings themselves."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KeySection = tuple[str, Sequence[BindingType]]


def _rows(app: App[object], bindings: Iterable[BindingType]) -> Iterable[tuple[str, str]]:
    for binding in bindings:
        if isinstance(binding, Binding):
            # Each key as the footer shows it (^] for ctrl+right_square_bracket, / for slash).
            keys = " ".join(app.get_key_display(replace(binding, key=key.strip())) for key in binding.key.split(","))
            yield keys, binding.tooltip or binding.description


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; Esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, sections: Sequence[KeySection]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in self._sections:
            table.add_row(Text(title, style="bold underline"), "")
            for keys, description in _rows(self.app, bindings):
                table.add_row(keys, Text(description))
            table.add_row("", "")
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc to close"
            yield Static(table)
