"""A row-cursor table on Textual's line API, for tens of thousands of rows that keep streaming in.

Rows are :class:`TableRow` objects measured once when made. Each drawn line is cached
as a Strip keyed by the row object (a changed row is a new object) and whether the
cursor is on it; the cache is dropped only when something every line depends on
changes (column widths, horizontal scroll, width, focus, theme). So appending rows
below the fold costs no drawing, and updating one row redraws only its line.
Rows keep their arrival order; the cursor stays on its row's key across updates,
additions and removals.
"""

from __future__ import annotations

from typing import ClassVar, Iterable, NamedTuple, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.scroll_size import set_scroll_size
from tui.widgets.table_columns import CELL_PADDING, ColumnWidths
from tui.widgets.table_row import Cell, TableRow, cell_segments, fit

MAX_COLUMN_WIDTH = 48
STRIP_CACHE_SIZE = 2048
HEADER_LINES = 1


class _RowMessage(Message):
    """Something happened to one row of a table."""

    def __init__(self, table: VirtualTable, cursor_row: int, row_key: str) -> None:
        super().__init__()
        self.table = table
        self.cursor_row = cursor_row
        self.row_key = row_key

    @property
    def control(self) -> VirtualTable:
        return self.table


class VirtualTable(ScrollView, can_focus=True):
    """A table of keyed rows with a sticky header and a row cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-table--header", "virtual-table--cursor"}

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        & > .virtual-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--header {
                background-tint: $foreground 5%;
            }
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
    ]

    class RowHighlighted(_RowMessage):
        """The cursor moved onto another row (or onto the first row to arrive)."""

    class RowSelected(_RowMessage):
        """Enter, or a click on the row under the cursor."""

    def __init__(
        self,
        columns: Sequence[str] = (),
        *,
        max_column_width: int = MAX_COLUMN_WIDTH,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns = ColumnWidths(columns, max_column_width)
        self._heading_row = TableRow.of("", tuple(columns))
        self._keys: list[str] = []
        self._positions: dict[str, int] = {}
        self._rows: dict[str, TableRow] = {}
        self._cursor = 0
        self._cursor_key: str | None = None
        self._widths: tuple[int, ...] = self._columns.resolve(0)
        self._strips: LRUCache[tuple[TableRow, bool], Strip] = LRUCache(STRIP_CACHE_SIZE)
        self._drawn_for: tuple[object, ...] = ()
        self._header: Strip | None = None
        self._styles = _LineStyles(Style.null(), Style.null(), Style.null())

    # Reading --------------------------------------------------------------

    @property
    def columns(self) -> tuple[str, ...]:
        """The column headings."""
        return self._columns.headings

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_row(self) -> int:
        """Index of the row under the cursor (0 when there are no rows)."""
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        """Key of the row under the cursor, None when there are no rows."""
        return self._cursor_key

    def has_row(self, key: str) -> bool:
        return key in self._rows

    def get_row_index(self, key: str) -> int:
        """Index of the row with ``key``; KeyError when there is none."""
        return self._positions[key]

    def row_key_at(self, index: int) -> str:
        """Key of the row at ``index``. (Not ``key_at``: Textual would call that for the "@" key.)"""
        return self._keys[index]

    def get_row_at(self, index: int) -> list[Cell]:
        return list(self._rows[self._keys[index]].cells)

    # Changing rows --------------------------------------------------------

    def add_row(self, *cells: Cell, key: str) -> None:
        self.add_rows([TableRow.of(key, cells)])

    def add_rows(self, rows: Iterable[TableRow]) -> None:
        """Append ``rows`` after the last row; ValueError if a key is already in the table."""
        new = _unique(rows, self._rows)
        if not new:
            return
        first = len(self._keys)
        self._append(new)
        if not (self._columns.observe(new) and self._relayout()):
            self._set_virtual_size()
            self._refresh_rows(first, len(self._keys))
        if self._cursor_key is None:
            self._settle_cursor()

    def replace_rows(self, rows: Iterable[TableRow]) -> None:
        """Show exactly ``rows``, in their order; the cursor keeps its key if it is among them, else goes to the top.

        Columns stay at least as wide as they were, so that typing a filter does not make them jump.
        """
        new = _unique(rows, {})
        self._keys, self._positions, self._rows = [], {}, {}
        self._append(new)
        self._columns.observe(new)
        self._relayout()
        self._set_virtual_size()
        kept = self._cursor_key
        self._cursor = self._positions.get(kept, 0) if kept is not None else 0
        self._settle_cursor()
        self._scroll_to_cursor()
        self.refresh()

    def _append(self, rows: list[TableRow]) -> None:
        for row in rows:
            self._rows[row.key] = row
            self._positions[row.key] = len(self._keys)
            self._keys.append(row.key)

    def update_row(self, key: str, cells: Sequence[Cell]) -> None:
        self.update_rows([TableRow.of(key, cells)])

    def update_rows(self, rows: Iterable[TableRow]) -> None:
        """Replace rows by key (KeyError for a key not in the table); unchanged rows are not redrawn."""
        new = list(rows)
        missing = [row.key for row in new if row.key not in self._rows]
        if missing:
            raise KeyError(missing[0])
        changed: list[TableRow] = []
        for row in new:
            if not self._rows[row.key].same_cells(row):
                self._rows[row.key] = row
                changed.append(row)
        if changed and not (self._columns.observe(changed) and self._relayout()):
            for row in changed:
                index = self._positions[row.key]
                self._refresh_rows(index, index + 1)

    def remove_row(self, key: str) -> None:
        """Remove the row with ``key``; KeyError when there is none."""
        if key not in self._rows:
            raise KeyError(key)
        self.remove_rows([key])

    def remove_rows(self, keys: Iterable[str]) -> None:
        """Remove the rows with these keys (keys not in the table are ignored) in one pass."""
        gone = {key for key in keys if key in self._rows}
        if not gone:
            return
        for key in gone:
            del self._rows[key]
        self._keys = [key for key in self._keys if key not in gone]
        self._positions = {key: index for index, key in enumerate(self._keys)}
        if self._cursor_key in self._positions:
            self._cursor = self._positions[self._cursor_key]
        self._settle_cursor()
        self._set_virtual_size()
        self.refresh()

    def clear(self) -> None:
        """Remove every row; the columns stay, narrowed back to their headings."""
        self._keys = []
        self._positions = {}
        self._rows = {}
        self._cursor = 0
        self._cursor_key = None
        self._strips.clear()
        self._columns.reset()
        self._relayout()
        self._set_virtual_size()
        self.scroll_to(0, 0, animate=False, force=True)
        self.refresh()

    # The cursor -----------------------------------------------------------

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on row index ``row`` (clamped to the rows there are)."""
        if not self._keys:
            return
        index = max(0, min(row, len(self._keys) - 1))
        if index != self._cursor:
            self._refresh_rows(self._cursor, self._cursor + 1)
            self._cursor = index
            self._refresh_rows(index, index + 1)
        self._settle_cursor()
        if scroll:
            self._scroll_to_cursor()

    def _settle_cursor(self) -> None:
        """Keep the cursor on an existing row and announce it when it lands on a different key."""
        if not self._keys:
            self._cursor, self._cursor_key = 0, None
            return
        self._cursor = max(0, min(self._cursor, len(self._keys) - 1))
        key = self._keys[self._cursor]
        if key != self._cursor_key:
            self._cursor_key = key
            self._refresh_rows(self._cursor, self._cursor + 1)
            self.post_message(self.RowHighlighted(self, self._cursor, key))

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def _scroll_to_cursor(self) -> None:
        if not self.scrollable_content_region.height:
            self.call_after_refresh(self._scroll_to_cursor)
            return
        top = self.scroll_offset.y
        page = self._page_rows
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, force=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - self._page_rows)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + self._page_rows)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        if self._cursor_key is not None:
            self.post_message(self.RowSelected(self, self._cursor, self._cursor_key))

    async def _on_key(self, event: events.Key) -> None:
        """Run the key's binding (j, k, the arrows, …) as soon as the table has the key.

        Textual runs a focused widget's bindings only after the key has bubbled through every
        container up to the app: ten trips through the event loop, and each may wait for the
        GIL while listings parse their answers in threads. The bindings and their order are
        the app's own (keymap included); a key no binding takes goes on bubbling as before.
        """
        if self.has_focus and await self.app._check_bindings(event.key):
            event.stop()
            return
        await super()._on_key(event)

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to the row; a click on the cursor's row selects it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES:
            return
        index = self.scroll_offset.y + offset.y - HEADER_LINES
        if index >= len(self._keys):
            return
        event.stop()
        again = index == self._cursor
        self.move_cursor(row=index)
        if again:
            self.action_select_cursor()

    # Layout ---------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def watch_show_vertical_scrollbar(self) -> None:
        self._relayout()

    def _relayout(self) -> bool:
        """Fit the columns to the width there is; True when that changed them (and redrew everything)."""
        widths = self._columns.resolve(self.scrollable_content_region.width)
        if widths == self._widths:
            return False
        self._widths = widths
        self._set_virtual_size()
        self.refresh()
        return True

    def _set_virtual_size(self) -> None:
        """Set the scrollable size. Unless the table's height follows its rows, only the scrollbars
        follow: a re-layout of the whole screen for every batch of rows would cost more than the rows."""
        width = sum(self._widths) + 2 * CELL_PADDING * len(self._widths)
        size = Size(width, len(self._keys) + HEADER_LINES)
        if size == self.virtual_size:
            return
        height = self.styles.height
        if height is None or height.is_auto or not self.container_size:
            self.virtual_size = size
        else:
            set_scroll_size(self, size)

    def _refresh_rows(self, start: int, end: int) -> None:
        """Redraw the lines of rows ``start``..``end`` that are on screen."""
        top = self.scroll_offset.y
        first, last = max(start, top), min(end, top + self._page_rows)
        if first < last:
            self.refresh(Region(0, first - top + HEADER_LINES, self.size.width, last - first))

    # Drawing --------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = ()

    def render_lines(self, crop: Region) -> list[Strip]:
        drawn_for = (self.get_pseudo_class_state(), self.scroll_offset.x, self.size.width, self._widths)
        if drawn_for != self._drawn_for:
            self._drawn_for = drawn_for
            self._strips.clear()
            self._header = None
            base = self.rich_style
            self._styles = _LineStyles(
                base,
                base + self.get_component_rich_style("virtual-table--cursor"),
                base + self.get_component_rich_style("virtual-table--header"),
            )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if y < HEADER_LINES:
            if self._header is None:
                self._header = self._draw(self._heading_row, self._styles.header)
            return self._header
        index = self.scroll_offset.y + y - HEADER_LINES
        if index >= len(self._keys):
            return Strip.blank(self.size.width, self._styles.base)
        row = self._rows[self._keys[index]]
        highlighted = index == self._cursor
        strip = self._strips.get((row, highlighted))
        if strip is None:
            strip = self._draw(row, self._styles.cursor if highlighted else self._styles.base)
            self._strips.set((row, highlighted), strip)
        return strip

    def _draw(self, row: TableRow, style: Style) -> Strip:
        pad = Segment(" " * CELL_PADDING)
        console = self.app.console
        segments: list[Segment] = []
        for index, width in enumerate(self._widths):
            segments.append(pad)
            if index < len(row.cells):
                segments += fit(cell_segments(row.cells[index], console), row.widths[index], width)
            else:
                segments.append(Segment(" " * width))
            segments.append(pad)
        scroll_x, width = self.scroll_offset.x, self.size.width
        line = Strip(Segment.apply_style(segments, style))
        return line.crop(scroll_x, scroll_x + width).adjust_cell_length(width, style).simplify()


def _unique(rows: Iterable[TableRow], present: dict[str, TableRow]) -> list[TableRow]:
    """``rows`` as a list; ValueError when two share a key or one is already ``present``."""
    new = list(rows)
    keys = {row.key for row in new}
    if len(keys) != len(new) or not present.keys().isdisjoint(keys):  # iterates the smaller of the two
        raise ValueError("a row key is already in the table")
    return new


class _LineStyles(NamedTuple):
    """The three ways a line is styled: a plain row, the cursor's row, the header."""

    base: Style
    cursor: Style
    header: Style
