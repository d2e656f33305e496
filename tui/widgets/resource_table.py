"""A row-cursor table with the browser's keys: vim motions, and left/right to climb the hierarchy."""

from __future__ import annotations

from textual.binding import Binding

from tui.widgets.virtual_table import VirtualTable


class ResourceTable(VirtualTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "first_row", "First row", show=False),
        Binding("G,end", "last_row", "Last row", show=False),
        Binding("l,right", "screen.drill", "Open", show=False),
        Binding("h,left", "screen.up", "Back", show=False),
    ]
