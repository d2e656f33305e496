"""Find anywhere: a task id, container name or private IP searched across every cluster.

The search runs in a thread worker and its matches stream into the table as they
are found, sorted by cluster, service, task and container. Enter on a match
dismisses the screen with its path; Escape cancels the search and the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from tui.aws.errors import explain
from tui.aws.reader import EcsReader
from tui.aws.search import Match, SearchProgress, find_anywhere
from tui.navigation import ResourcePath

MAX_RESULTS = 500
COLUMNS = (("Cluster", "cluster"), ("Service", "service"), ("Task", "task"), ("Container", "container"), ("Status", "status"), ("IP", "ip"), ("Match", "why"))
HINT = "enter: search, or open the highlighted match · ↓: to the matches · esc: close"


@dataclass
class _Found(Message):
    search: int
    matches: list[Match]


@dataclass
class _Progressed(Message):
    search: int
    progress: SearchProgress


@dataclass
class _Ended(Message):
    search: int
    error: str | None


class FindScreen(ModalScreen[ResourcePath | None]):
    """Search every cluster for a query; dismissed with the chosen match's path, or None."""

    DEFAULT_CSS = """
    FindScreen {
        align: center middle;
    }
    FindScreen #find-dialog {
        width: 90%;
        height: 80%;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    FindScreen #find-query {
        margin-bottom: 1;
    }
    FindScreen #find-status {
        height: 1;
        padding: 0 1;
        color: $foreground-muted;
    }
    FindScreen #find-results {
        height: 1fr;
        background: $surface;
    }
    FindScreen #find-hint {
        height: 1;
        padding: 0 1;
        color: $foreground-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "to_results", "Matches", show=False),
    ]

    def __init__(self, reader: EcsReader, query: str | None = None) -> None:
        super().__init__()
        self._reader = reader
        self._initial_query = query or ""
        self._search = 0  # which search the table shows; messages of older ones are dropped
        self._cancel = threading.Event()
        self._matches: dict[str, Match] = {}
        self._progress: SearchProgress | None = None
        self._status = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="find-dialog") as dialog:
            dialog.border_title = "Find anywhere"
            yield Input(self._initial_query, placeholder="task id (or its start), container name or private IP", id="find-query")
            yield Static("", id="find-status")
            table: DataTable[str] = DataTable(cursor_type="row", id="find-results")
            for label, key in COLUMNS:
                table.add_column(label, key=key)
            yield table
            yield Static(HINT, id="find-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self._initial_query.strip():
            self.start(self._initial_query)

    @property
    def results(self) -> DataTable[str]:
        return self.query_one("#find-results", DataTable)

    @property
    def matches(self) -> list[Match]:
        """The matches shown, top to bottom."""
        return [self._matches[str(row.key.value)] for row in self.results.ordered_rows]

    # Searching ------------------------------------------------------------------------------

    def start(self, query: str) -> None:
        """Forget the shown matches and search for ``query``."""
        self._stop_search()
        self._search += 1
        self._matches.clear()
        self._progress = None
        self.results.clear()
        try:
            batches = find_anywhere(self._reader, query, progress=self._progress_poster(self._search), cancel=self._cancel)
        except ValueError as error:
            self._set_status(Text(str(error), style="bold red"))
            return
        self._set_status("listing clusters…")
        search = self._search
        self.run_worker(
            lambda: self._run(search, batches),
            thread=True,
            exclusive=True,
            group="find",
            exit_on_error=False,
            description="find anywhere",
        )

    def _progress_poster(self, search: int) -> Callable[[SearchProgress], None]:
        def post(progress: SearchProgress) -> None:
            self.post_message(_Progressed(search, progress))

        return post

    def _run(self, search: int, batches: Generator[list[Match], None, None]) -> None:
        """Runs in a thread: post the matches as they come, then how the search ended."""
        worker = get_current_worker()
        try:
            for matches in batches:
                if worker.is_cancelled:
                    return
                self.post_message(_Found(search, matches))
        except Exception as error:  # every failure becomes one line under the query
            self.post_message(_Ended(search, explain(error)))
            return
        finally:
            batches.close()
        self.post_message(_Ended(search, None))

    def _stop_search(self) -> None:
        self._cancel.set()
        self.workers.cancel_group(self, "find")
        self._cancel = threading.Event()

    @on(_Found)
    def _found(self, message: _Found) -> None:
        if message.search != self._search:
            return
        table = self.results
        # While the user moves through the matches, the cursor stays on theirs; else on the first.
        highlighted = self._highlighted_key() if table.has_focus else None
        for match in message.matches:
            if len(self._matches) < MAX_RESULTS:
                self._matches.setdefault(_key(match), match)
        rows = [(key, _cells(match)) for key, match in sorted(self._matches.items(), key=lambda item: _order(item[1]))]
        # Rebuilt in order with columns sized here: sorting in place and Textual's own
        # (deferred) column sizing can leave a column drawn too narrow.
        widths = [max(cell_len(label), *(cell_len(cells[i]) for _, cells in rows)) for i, (label, _) in enumerate(COLUMNS)]
        with self.app.batch_update():
            table.clear(columns=True)
            for (label, column), width in zip(COLUMNS, widths):
                table.add_column(label, key=column, width=width)
            for key, cells in rows:
                table.add_row(*cells, key=key)
            table.move_cursor(row=table.get_row_index(highlighted) if highlighted is not None else 0)
        if len(self._matches) >= MAX_RESULTS:
            self._stop_search()
        self._show_progress(searching=len(self._matches) < MAX_RESULTS)

    @on(_Progressed)
    def _progressed(self, message: _Progressed) -> None:
        if message.search == self._search and len(self._matches) < MAX_RESULTS:
            self._progress = message.progress
            self._show_progress(searching=True)

    @on(_Ended)
    def _ended(self, message: _Ended) -> None:
        if message.search != self._search:
            return
        if message.error is not None:
            self._set_status(Text(message.error, style="bold red"))
        else:
            self._show_progress(searching=False)

    def _show_progress(self, *, searching: bool) -> None:
        count = len(self._matches)
        found = f"{count} {'match' if count == 1 else 'matches'}"
        progress = self._progress
        if count >= MAX_RESULTS:
            self._set_status(f"the first {MAX_RESULTS} matches: type more to narrow the search")
        elif progress is None:
            self._set_status("listing clusters…")
        elif searching:
            self._set_status(f"searching {progress.clusters_searched}/{progress.clusters_total} clusters… · {found}")
        else:
            clusters = f"{progress.clusters_total} {'cluster' if progress.clusters_total == 1 else 'clusters'}"
            self._set_status(f"{found} in {clusters}" if count else f"no match in {clusters}")

    @property
    def status(self) -> str:
        """The line under the query: progress, the count of matches, or what went wrong."""
        return self._status

    def _set_status(self, text: str | Text) -> None:
        self._status = str(text)
        # Plain Text, never markup: AWS error messages contain brackets.
        self.query_one("#find-status", Static).update(text if isinstance(text, Text) else Text(text))

    def _highlighted_key(self) -> str | None:
        table = self.results
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # Keys -----------------------------------------------------------------------------------

    @on(Input.Submitted, "#find-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start(event.value)

    def action_to_results(self) -> None:
        """Down from the query moves into the matches."""
        if self.results.row_count:
            self.results.focus()

    @on(DataTable.RowSelected, "#find-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        match = self._matches.get(str(event.row_key.value))
        if match is not None:
            self._stop_search()
            self.dismiss(match.path)

    def action_close(self) -> None:
        self._stop_search()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._stop_search()


def _key(match: Match) -> str:
    return f"{match.task.arn}|{match.container.name if match.container else ''}"


def _order(match: Match) -> tuple[str, str, str, str]:
    """Matches read by cluster, then service, task and container."""
    task = match.task
    return task.cluster_name, task.service_name or "", task.task_id, match.container.name if match.container else ""


def _cells(match: Match) -> tuple[str, ...]:
    task = match.task
    container = match.container
    status = container.last_status if container else task.last_status
    ip = (container.private_ip if container else None) or task.private_ip
    return (
        task.cluster_name,
        task.service_name or "-",
        task.task_id,
        container.name if container else "-",
        status or "-",
        ip or "-",
        match.why,
    )
