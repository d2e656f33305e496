"""A titled table of one kind of ECS resource, filled batch by batch as a listing streams in."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Generic, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tui.widgets.rows import Resource, RowFormat


class ResourcePane(Vertical, Generic[Resource]):
    """One pane of the browser: a title, a row-cursor table and a status line.

    Rows belong to an *owner* (the cluster of a services pane, say). Batches for
    any other owner are stale answers to an earlier selection and are dropped.
    """

    def __init__(self, title: str, rows: RowFormat[Resource], clock: Callable[[], datetime], *, id: str) -> None:
        super().__init__(id=id, classes="resource-pane")
        self.border_title = title
        self._rows = rows
        self._clock = clock
        self._items: dict[str, Resource] = {}
        self._seen: set[str] | None = None
        self.owner: Any = None

    def compose(self) -> ComposeResult:
        table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=False)
        table.add_columns(*self._rows.columns)
        yield table
        yield Static("", classes="pane-status")

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one(DataTable)

    @property
    def selected(self) -> Resource | None:
        """The resource under the cursor, if any."""
        table = self.table
        if not self._items or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._items.get(str(row_key.value))

    @property
    def refreshing(self) -> bool:
        """A refresh of the current rows is under way."""
        return self._seen is not None

    def begin(self, owner: Any, note: str = "loading…") -> None:
        """Forget the rows and expect new ones for ``owner``."""
        self.owner = owner
        self._items.clear()
        self._seen = None
        self.table.clear()
        self._set_status(note)

    def begin_refresh(self) -> None:
        """Expect a fresh listing of the same owner: rows update in place, vanished ones go at the end."""
        self._seen = set()
        self._set_status(f"{len(self._items)} shown, refreshing…")

    def add_batch(self, owner: Any, items: Iterable[Resource]) -> None:
        """Add or update rows in place, keyed by resource, so the cursor stays where it was."""
        if owner != self.owner:
            return
        table = self.table
        now = self._clock()
        with self.app.batch_update():
            for item in items:
                key = self._rows.key(item)
                cells = self._rows.cells(item, now)
                if key in self._items:
                    for column, value in zip(table.columns, cells):
                        table.update_cell(key, column, value)
                else:
                    table.add_row(*cells, key=key)
                self._items[key] = item
                if self._seen is not None:
                    self._seen.add(key)
        self._set_status(f"{len(self._items)} loaded…")

    def finish(self, owner: Any, error: str | None = None) -> None:
        """The listing for ``owner`` ended, completely or with ``error``."""
        if owner != self.owner:
            return
        if error is not None:
            self._seen = None
            self._set_status(Text(error, style="bold red"))
        else:
            self._drop_unseen()
            count = len(self._items)
            self._set_status(f"{count} {'item' if count == 1 else 'items'}")

    def _drop_unseen(self) -> None:
        if self._seen is None:
            return
        for key in [key for key in self._items if key not in self._seen]:
            del self._items[key]
            self.table.remove_row(key)
        self._seen = None

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row with ``key``; False when there is no such row."""
        if key not in self._items:
            return False
        self.table.move_cursor(row=self.table.get_row_index(key))
        return True

    def find(self, predicate: Callable[[Resource], bool]) -> Resource | None:
        return next((item for item in self._items.values() if predicate(item)), None)

    def key_of(self, item: Resource) -> str:
        return self._rows.key(item)

    def _set_status(self, text: str | Text) -> None:
        # Plain Text, never markup: AWS error messages contain brackets.
        self.query_one(".pane-status", Static).update(text if isinstance(text, Text) else Text(text))
