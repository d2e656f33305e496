"""`?`: every key the app answers to, grouped by where it works, read from the bindings themselves."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KeySection = tuple[str, Sequence[BindingType]]


def _keys(binding: Binding) -> str:
    names = [name.strip() for name in binding.key.split(",")]
    display = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter"}
    return " ".join(display.get(name, name.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+")) for name in names)


def _rows(bindings: Iterable[BindingType]) -> Iterable[tuple[str, str]]:
    for binding in bindings:
        if isinstance(binding, Binding):
            yield _keys(binding), binding.tooltip or binding.description


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
            for keys, description in _rows(bindings):
                table.add_row(keys, Text(description))
            table.add_row("", "")
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc to close"
            yield Static(table)
