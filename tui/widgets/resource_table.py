"""A row-cursor table with the browser's keys: vim motions, and left/right to climb the hierarchy."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class ResourceTable(DataTable[str | Text]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "scroll_top", "First row", show=False),
        Binding("G,end", "scroll_bottom", "Last row", show=False),
        Binding("l,right", "screen.drill", "Open", show=False),
        Binding("h,left", "screen.up", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, cursor_foreground_priority="renderable")
