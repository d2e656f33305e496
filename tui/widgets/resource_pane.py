"""A titled table of one kind of ECS resource, filled batch by batch as a listing streams in."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Generic, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from tui.filtering import RowFilter
from tui.widgets.resource_table import ResourceTable
from tui.widgets.rows import Resource, RowFormat, age_text


class ResourcePane(Vertical, Generic[Resource]):
    """One pane of the browser: a title, a row-cursor table, a filter line and a status line.

    Rows belong to an *owner* (the cluster of a services pane, say). Batches for
    any other owner are stale answers to an earlier selection and are dropped.
    Rows are keyed by resource, so updates land in place and the cursor stays put.
    """

    def __init__(self, title: str, rows: RowFormat[Resource], clock: Callable[[], datetime], *, id: str) -> None:
        super().__init__(id=id, classes="resource-pane")
        self.title = title
        self.border_title = Content(title)
        self._rows = rows
        self._clock = clock
        self._items: dict[str, Resource] = {}
        self._seen: set[str] | None = None
        self._filter = RowFilter.parse("")
        self._note: str | None = None
        self._error: tuple[str, datetime] | None = None
        self._loading = False
        self.owner: Any = None

    def compose(self) -> ComposeResult:
        table = ResourceTable()
        table.add_columns(*self._rows.columns)
        yield table
        yield Input(placeholder="filter: words or field:value  (Enter keeps, Esc clears)", classes="pane-filter")
        yield Static("", classes="pane-status")

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one(".pane-filter", Input)

    @property
    def items(self) -> list[Resource]:
        """Every resource loaded for the owner, filtered out or not."""
        return list(self._items.values())

    @property
    def selected(self) -> Resource | None:
        """The resource under the cursor, if any."""
        table = self.table
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._items.get(str(row_key.value))

    @property
    def refreshing(self) -> bool:
        """A refresh of the current rows is under way."""
        return self._seen is not None

    # Loading ---------------------------------------------------------------

    def begin(self, owner: Any, note: str = "loading…") -> None:
        """Forget the rows and expect new ones for ``owner``."""
        self.owner = owner
        self._items.clear()
        self._seen = None
        self._error = None
        self.table.clear()
        self._note = note
        self._loading = owner is not None
        self.update_status()

    def begin_refresh(self) -> None:
        """Expect a fresh listing of the same owner: rows update in place, vanished ones go at the end."""
        self._seen = set()
        self.update_status()

    def add_batch(self, owner: Any, items: Iterable[Resource]) -> None:
        """Add or update rows in place, keyed by resource."""
        if owner != self.owner:
            return
        table = self.table
        now = self._clock()
        with self.app.batch_update():
            for item in items:
                key = self._rows.key(item)
                cells = self._rows.cells(item, now)
                shown = key in table.rows
                self._items[key] = item
                if self._seen is not None:
                    self._seen.add(key)
                if not self._passes(cells):
                    if shown:
                        table.remove_row(key)
                elif shown:
                    for column, value in zip(table.columns, cells):
                        table.update_cell(key, column, value)
                else:
                    table.add_row(*cells, key=key)
        self._note = None
        self.update_status()

    def finish(self, owner: Any, error: str | None = None) -> None:
        """The listing for ``owner`` ended, completely or with ``error`` (rows already shown stay)."""
        if owner != self.owner:
            return
        self._loading = False
        if error is not None:
            self._seen = None
            self._error = (error, self._clock())
        else:
            self._error = None
            self._drop_unseen()
        self._note = None
        self.update_status()

    def _drop_unseen(self) -> None:
        if self._seen is None:
            return
        for key in [key for key in self._items if key not in self._seen]:
            del self._items[key]
            if key in self.table.rows:
                self.table.remove_row(key)
        self._seen = None

    # Filtering -------------------------------------------------------------

    def set_filter(self, query: str) -> None:
        """Show only the rows matching ``query`` (see :mod:`tui.filtering`); the cursor keeps its row if it can."""
        self._filter = RowFilter.parse(query)
        selected = self.selected
        table = self.table
        now = self._clock()
        with self.app.batch_update():
            table.clear()
            for key, item in self._items.items():
                cells = self._rows.cells(item, now)
                if self._passes(cells):
                    table.add_row(*cells, key=key)
        if selected is not None:
            self.select_key(self._rows.key(selected))
        self._show_title()
        self.update_status()

    def set_title(self, title: str) -> None:
        self.title = title
        self._show_title()

    def _show_title(self) -> None:
        # Content, never markup: a filter or a resource name may contain brackets.
        query = self.filter_input.value.strip() if self.is_mounted else ""
        self.border_title = Content(f"{self.title} [/{query}]" if query else self.title)

    def _passes(self, cells: tuple[str | Text, ...]) -> bool:
        if self._filter.is_empty:
            return True
        return self._filter.matches(self._rows.columns, [str(cell) for cell in cells])

    # Selection -------------------------------------------------------------

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row with ``key``; False when no such row is shown."""
        if key not in self.table.rows:
            return False
        self.table.move_cursor(row=self.table.get_row_index(key))
        return True

    def find(self, predicate: Callable[[Resource], bool]) -> Resource | None:
        return next((item for item in self._items.values() if predicate(item)), None)

    def key_of(self, item: Resource) -> str:
        return self._rows.key(item)

    # Status line -----------------------------------------------------------

    def update_status(self) -> None:
        """Redraw the status line: count, progress, or the last error and how long ago it happened."""
        count = len(self._items)
        shown = self.table.row_count
        counted = f"{shown} of {count}" if shown != count else str(count)
        if self._note is not None and not self._items:
            text = Text(self._note, style="dim")
        elif self._error is not None:
            message, when = self._error
            ago = age_text(self._clock() - when)
            text = Text(f"{counted} shown · ", style="dim") + Text(f"failed {ago} ago: {message}", style="bold red")
        elif self.refreshing:
            text = Text(f"{counted} · refreshing…", style="dim")
        elif self._loading:
            text = Text(f"{counted} loaded…", style="dim")
        else:
            text = Text(f"{counted} {'item' if count == 1 else 'items'}")
        # Plain Text, never markup: AWS error messages contain brackets.
        self.query_one(".pane-status", Static).update(text)
