"""The detail pane: everything worth knowing about the selection, as aligned label/value lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.widgets.details import detail_lines


class DetailPane(VerticalScroll):
    """Shows :func:`detail_lines` of one resource; ``show(None)`` explains what to select."""

    can_focus = False

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, classes="detail-pane")
        self.border_title = "Details"
        self._body = Static(Text("Select a row to see its details.", style="dim"))
        self._lines: list[tuple[str, str | Text]] = []

    def compose(self):  # type: ignore[override]
        yield self._body

    @property
    def text(self) -> str:
        """What the pane says, as plain text lines."""
        return "\n".join(f"{label}: {value}" for label, value in self._lines)

    def show(self, resource: Any, now: datetime) -> None:
        lines = detail_lines(resource, now) if resource is not None else []
        self._lines = lines
        if not lines:
            self._body.update(Text("Select a row to see its details.", style="dim"))
            return
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in lines:
            table.add_row(label, value if isinstance(value, Text) else Text(value))
        self._body.update(table)
