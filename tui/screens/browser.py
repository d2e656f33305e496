"""The main screen: clusters, services, tasks and containers side by side.

Highlighting a row loads the next pane (after a short pause, so that running the
cursor down a list does not spend the account's API budget); Enter moves into
it and Escape moves back. Listings run in thread workers and stream in batches.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, Callable, Iterator, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header
from textual.worker import get_current_worker

from tui.aws.errors import explain
from tui.aws.models import Cluster, ListPage, Service, Task
from tui.aws.reader import EcsReader
from tui.messages import ListingEnded, RowsArrived
from tui.widgets.resource_pane import ResourcePane
from tui.widgets.rows import CLUSTER_ROWS, CONTAINER_ROWS, SERVICE_ROWS, TASK_ROWS

PANE_ORDER = ("clusters", "services", "tasks", "containers")
FOLLOW_DELAY = 0.2
ACCOUNT = "account"


class BrowserScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "up", "Back"),
        Binding("r", "refresh", "Refresh"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        reader: EcsReader,
        clock: Callable[[], datetime],
        *,
        first_clusters_page: ListPage | None = None,
        start_cluster: str | None = None,
        start_service: str | None = None,
    ) -> None:
        super().__init__()
        self._reader = reader
        self._clock = clock
        self._first_clusters_page = first_clusters_page
        self._follow_timer: Timer | None = None
        # Names to select once they stream in (from --cluster / --service).
        self._wanted: dict[str, str] = {}
        if start_cluster:
            self._wanted["clusters"] = start_cluster
        if start_service:
            self._wanted["services"] = start_service

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="panes"):
            yield ResourcePane("Clusters", CLUSTER_ROWS, self._clock, id="clusters")
            yield ResourcePane("Services", SERVICE_ROWS, self._clock, id="services")
            yield ResourcePane("Tasks", TASK_ROWS, self._clock, id="tasks")
            yield ResourcePane("Containers", CONTAINER_ROWS, self._clock, id="containers")
        yield Footer()

    def on_mount(self) -> None:
        self._clear_from("services")
        # The page read at start-up to check the connection is the first page here.
        self._load("clusters", ACCOUNT, partial(self._reader.iter_clusters, start=self._first_clusters_page))
        self.pane("clusters").table.focus()

    def pane(self, name: str) -> ResourcePane[Any]:
        return self.query_one(f"#{name}", ResourcePane)

    # Loading -------------------------------------------------------------

    def _load(self, pane: str, owner: Any, listing: Callable[[], Iterator[Sequence[Any]]], refresh: bool = False) -> None:
        target = self.pane(pane)
        if refresh:
            target.begin_refresh()
        else:
            target.begin(owner)
        self.run_worker(
            partial(self._stream, pane, owner, listing),
            thread=True,
            exclusive=True,
            group=pane,
            exit_on_error=False,
            description=f"list {pane}",
        )

    def _stream(self, pane: str, owner: Any, listing: Callable[[], Iterator[Sequence[Any]]]) -> None:
        """Runs in a thread: post each batch as it arrives, then how the listing ended."""
        worker = get_current_worker()
        batches = listing()
        try:
            for batch in batches:
                if worker.is_cancelled:
                    return
                self.post_message(RowsArrived(pane, owner, list(batch)))
        except Exception as error:  # every failure becomes one line in the pane
            self.post_message(ListingEnded(pane, owner, explain(error)))
            return
        finally:
            batches.close()
        self.post_message(ListingEnded(pane, owner))

    @on(RowsArrived)
    def _rows_arrived(self, message: RowsArrived) -> None:
        pane = self.pane(message.pane)
        pane.add_batch(message.owner, message.items)
        self._select_wanted(pane)

    @on(ListingEnded)
    def _listing_ended(self, message: ListingEnded) -> None:
        pane = self.pane(message.pane)
        pane.finish(message.owner, message.error)
        wanted = self._wanted.pop(message.pane, None)
        if wanted is not None and message.owner == pane.owner and message.error is None:
            self.notify(f"No {message.pane[:-1]} named {wanted!r} here.", severity="warning", markup=False)

    def _select_wanted(self, pane: ResourcePane[Any]) -> None:
        name = self._wanted.get(pane.id or "")
        if name is None:
            return
        item = pane.find(lambda resource: getattr(resource, "name", None) == name)
        if item is not None:
            del self._wanted[pane.id or ""]
            pane.select_key(pane.key_of(item))
            self._follow(pane.id or "")

    # Following the selection ----------------------------------------------

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        pane = event.data_table.parent
        if not isinstance(pane, ResourcePane) or pane.id == "containers":
            return
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_DELAY, partial(self._follow, pane.id or ""))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        pane = event.data_table.parent
        if isinstance(pane, ResourcePane) and pane.id != "containers":
            self._follow(pane.id or "")
            self.pane(PANE_ORDER[PANE_ORDER.index(pane.id or "") + 1]).table.focus()

    def _follow(self, pane_name: str) -> None:
        """Load the pane after ``pane_name`` for its selected row, unless it already shows it."""
        selected = self.pane(pane_name).selected
        next_name = PANE_ORDER[PANE_ORDER.index(pane_name) + 1]
        if selected is None:
            return
        owner, listing = self._listing_for(next_name, selected)
        if self.pane(next_name).owner == owner:
            return
        self._clear_from(PANE_ORDER[PANE_ORDER.index(next_name) + 1] if next_name != "containers" else None)
        if listing is None:
            target = self.pane(next_name)
            target.begin(owner)
            target.add_batch(owner, selected.containers)
            target.finish(owner)
        else:
            self._load(next_name, owner, listing)

    def _listing_for(self, pane: str, parent: Any) -> tuple[Any, Callable[[], Iterator[Sequence[Any]]] | None]:
        """The owner key and the listing that fill ``pane`` for the selected ``parent``."""
        if pane == "services":
            cluster: Cluster = parent
            return cluster.arn, partial(self._reader.iter_services, cluster.arn)
        if pane == "tasks":
            service: Service = parent
            return (service.cluster_arn, service.name), partial(
                self._reader.iter_tasks, service.cluster_arn, service=service.name
            )
        task: Task = parent
        return task.arn, None

    def _clear_from(self, pane_name: str | None) -> None:
        """Empty ``pane_name`` and every pane after it."""
        if pane_name is None:
            return
        hints = {"services": "select a cluster", "tasks": "select a service", "containers": "select a task"}
        for name in PANE_ORDER[PANE_ORDER.index(pane_name) :]:
            self.workers.cancel_group(self, name)
            self.pane(name).begin(None, hints[name])

    # Actions ---------------------------------------------------------------

    def _focused_pane(self) -> ResourcePane[Any] | None:
        focused = self.focused
        parent = focused.parent if focused is not None else None
        return parent if isinstance(parent, ResourcePane) else None

    def action_up(self) -> None:
        pane = self._focused_pane()
        if pane is not None and pane.id != "clusters":
            self.pane(PANE_ORDER[PANE_ORDER.index(pane.id or "") - 1]).table.focus()

    def action_refresh(self) -> None:
        """Reload the focused pane in place: cursor and scroll stay."""
        pane = self._focused_pane()
        if pane is None or pane.owner is None:
            return
        if pane.id == "clusters":
            self._load("clusters", ACCOUNT, self._reader.iter_clusters, refresh=True)
            return
        parent_name = PANE_ORDER[PANE_ORDER.index(pane.id or "") - 1]
        parent = self.pane(parent_name).selected
        if parent is None:
            return
        owner, listing = self._listing_for(pane.id or "", parent)
        if listing is not None and owner == pane.owner:
            self._load(pane.id or "", owner, listing, refresh=True)
