"""A titled table of one kind of ECS resource, filled batch by batch as a listing streams in."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Callable, Generic, Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.filtering import RowFilter
from tui.widgets.resource_table import ResourceTable
from tui.widgets.rows import Resource, RowFormat, age_text
from tui.widgets.table_row import TableRow

# Seconds: while a listing streams, its rows reach the table at most this often. Each flush
# repaints the count and the scrollbar (a frame of the whole screen's widgets); four a second
# still read as streaming, and leave the keys most of the event loop.
FLUSH_INTERVAL = 0.25


class ResourcePane(Vertical, Generic[Resource]):
    """One pane of the browser: a title, a row-cursor table, a filter line and a status line.

    Rows belong to an *owner* (the cluster of a services pane, say). Batches for
    any other owner are stale answers to an earlier selection and are dropped.
    Rows are keyed by resource, so updates land in place and the cursor stays put.
    Each resource's row is formatted once when it arrives and kept, filtered out or
    not, so a new filter only re-matches text. Batches arriving in quick succession
    reach the table together, at most every ``FLUSH_INTERVAL``.
    """

    def __init__(self, title: str, rows: RowFormat[Resource], clock: Callable[[], datetime], *, id: str) -> None:
        super().__init__(id=id, classes="resource-pane")
        self.title = title
        self.border_title = Content(title)
        self._format = rows
        self._clock = clock
        self._items: dict[str, Resource] = {}
        self._previous: dict[str, Resource] = {}  # the last listing's resources, while the next one streams
        self._rows: dict[str, TableRow] = {}
        self._pending: dict[str, None] = {}  # keys whose row the table has not seen yet, in arrival order
        self._flush_timer: Timer | None = None
        self._last_flush = 0.0
        self._seen: set[str] | None = None
        self._filter = RowFilter.parse("")
        self._query = ""
        self._note: str | None = None
        self._error: tuple[str, datetime] | None = None
        self._loading = False
        self._status = Static("", classes="pane-status")
        self.owner: Any = None

    def compose(self) -> ComposeResult:
        # The filter line is mounted when first opened: four Inputs cost the first frame a fifth of its time.
        yield ResourceTable(self._format.columns)
        yield self._status

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    @property
    def filter_input(self) -> Input | None:
        """The filter line, once it has been opened."""
        found = self.query(".pane-filter").results(Input)
        return next(found, None)

    async def open_filter(self) -> None:
        """Show the filter line (mounting it the first time) and give it the keyboard."""
        line = self.filter_input
        if line is None:
            line = Input(
                self._query, placeholder="filter: words or field:value  (Enter keeps, Esc clears)", classes="pane-filter"
            )
            await self.mount(line, before=self._status)
        self.add_class("-filtering")
        line.focus()

    def clear_filter(self) -> None:
        """No filter: every row, the filter line emptied and hidden."""
        line = self.filter_input
        if line is not None:
            with line.prevent(Input.Changed):
                line.value = ""
        self.remove_class("-filtering")
        self.set_filter("")

    @property
    def items(self) -> list[Resource]:
        """Every resource loaded for the owner, filtered out or not."""
        return list(self._items.values())

    @property
    def selected(self) -> Resource | None:
        """The resource under the cursor, if any (its newest version, even before the table shows it)."""
        key = self.table.cursor_key
        return self._items.get(key) if key is not None else None

    @property
    def refreshing(self) -> bool:
        """A refresh of the current rows is under way."""
        return self._seen is not None

    # Loading ---------------------------------------------------------------

    def begin(self, owner: Any, note: str = "loading…") -> None:
        """Forget the rows and expect new ones for ``owner``.

        Listing the same owner again keeps its resources aside until the new listing ends, so
        that the unchanged ones are kept rather than held twice (see :meth:`add_batch`).
        """
        self._previous = self._items if owner is not None and owner == self.owner else {}
        self.owner = owner
        self._items = {}
        self._rows.clear()
        self._pending.clear()
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

    def add_batch(self, owner: Any, items: Iterable[Resource]) -> list[Resource]:
        """Add or update rows in place, keyed by resource; the table gets the changed rows with the next flush.

        A resource equal to one held already, or to one of the same owner's listing before (a
        refresh, or the same pane loaded again), keeps the object held, and a row that reads as before
        keeps the row shown: the fresh copies are dropped at once, so listing 10,000 unchanged
        tasks again neither doubles them in memory nor hands them to the garbage collector.
        Returns the resources as now held, in order (nothing for a stale ``owner``).
        """
        if owner != self.owner:
            return []
        now = self._clock()
        key_of, cells_of = self._format.key, self._format.cells
        held: list[Resource] = []
        for item in items:
            key = key_of(item)
            known = self._items.get(key)
            if known is None:
                known = self._previous.get(key)
            if known is not None and _same_resource(known, item):
                item = known
            self._items[key] = item
            held.append(item)
            row = TableRow.of(key, cells_of(item, now))
            shown = self._rows.get(key)
            if shown is None or not shown.same_cells(row):
                self._rows[key] = row
                self._pending[key] = None
            if self._seen is not None:
                self._seen.add(key)
        self._note = None
        self._schedule_flush()
        return held

    def finish(self, owner: Any, error: str | None = None) -> None:
        """The listing for ``owner`` ended, completely or with ``error`` (rows already shown stay)."""
        if owner != self.owner:
            return
        self._flush_rows()
        self._loading = False
        self._previous = {}
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
        gone = [key for key in self._items if key not in self._seen]
        for key in gone:
            del self._items[key]
            del self._rows[key]
        self.table.remove_rows(gone)
        self._seen = None

    def _schedule_flush(self) -> None:
        """Flush now if the last flush is long enough ago, else once it is."""
        if self._flush_timer is not None:
            return
        wait = self._last_flush + FLUSH_INTERVAL - time.monotonic()
        if wait <= 0:
            self.update_status()
        else:
            self._flush_timer = self.set_timer(wait, self.update_status)

    def _flush_rows(self) -> None:
        """Bring the table up to date with the rows that arrived since the last flush."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if not self._pending:
            return
        self._last_flush = time.monotonic()
        table = self.table
        added: list[TableRow] = []
        updated: list[TableRow] = []
        hidden: list[str] = []
        for key in self._pending:
            row = self._rows[key]
            if self._passes(row):
                (updated if table.has_row(key) else added).append(row)
            elif table.has_row(key):
                hidden.append(key)
        self._pending.clear()
        table.remove_rows(hidden)
        table.update_rows(updated)
        table.add_rows(added)

    # Filtering -------------------------------------------------------------

    def set_filter(self, query: str) -> None:
        """Show only the rows matching ``query`` (see :mod:`tui.filtering`); the cursor keeps its row if it can."""
        self._filter = RowFilter.parse(query)
        self._query = query
        self._pending.clear()
        self.table.replace_rows(row for row in self._rows.values() if self._passes(row))
        self._show_title()
        self.update_status()

    def set_title(self, title: str) -> None:
        self.title = title
        self._show_title()

    def _show_title(self) -> None:
        # Content, never markup: a filter or a resource name may contain brackets.
        query = self._query.strip()
        self.border_title = Content(f"{self.title} [/{query}]" if query else self.title)

    def _passes(self, row: TableRow) -> bool:
        return self._filter.is_empty or self._filter.matches(self._format.columns, row.plain)

    # Selection -------------------------------------------------------------

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row with ``key``; False when no such row is shown."""
        self._flush_rows()
        table = self.table
        if not table.has_row(key):
            return False
        table.move_cursor(row=table.get_row_index(key))
        return True

    def find(self, predicate: Callable[[Resource], bool]) -> Resource | None:
        return next((item for item in self._items.values() if predicate(item)), None)

    def key_of(self, item: Resource) -> str:
        return self._format.key(item)

    # Status line -----------------------------------------------------------

    def update_status(self) -> None:
        """Bring the table up to date, then redraw the status line: count, progress, or the last error and its age."""
        self._flush_rows()
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
        self._show_status(text)

    def _show_status(self, text: Text) -> None:
        """Show ``text`` (plain Text, never markup: AWS error messages contain brackets) on the status line.

        A re-layout of the screen is asked for only when the line may change height (a long
        text wraps), not for every count that changes while rows stream in.
        """
        shown = self._status.content
        if isinstance(shown, Text) and shown == text and shown.style == text.style:
            return
        width = self._status.content_region.width
        wraps = any(not isinstance(t, Text) or cell_len(t.plain) > width for t in (shown, text))
        self._status.update(text, layout=wraps)


def _same_resource(a: Any, b: Any) -> bool:
    """Equal models with equal API dicts (``raw`` takes no part in a model's equality, but the JSON view shows it)."""
    return bool(a == b) and getattr(a, "raw", None) == getattr(b, "raw", None)
