"""The browser: clusters, services, tasks and containers side by side, plus details.

Highlighting a row loads the next pane (after a short pause, so that running the
cursor down a list does not spend the account's API budget); Enter moves into
it and Escape moves back. Listings run in thread workers and stream in batches;
auto-refresh reloads the shown panes in place.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from tui.aws.console_urls import ConsoleUrlError, console_url, copy_arn, copy_id
from tui.aws.errors import AwsSetupError, explain
from tui.aws.first_clusters import FirstClusters
from tui.aws.models import Cluster, ListPage, Service, Task
from tui.aws.reader import EcsReader
from tui.messages import ExecRequested, ListingEnded, RowsArrived
from tui.navigation import ResourcePath
from tui.screens.prompt import ChoiceScreen, PromptScreen
from tui.widgets.console_link import show_console_link
from tui.widgets.detail_pane import DetailPane
from tui.widgets.resource_pane import ResourcePane
from tui.widgets.rows import CLUSTER_ROWS, CONTAINER_ROWS, SERVICE_ROWS, TASK_ROWS
from tui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from tui.screens.service_activity import ServiceActivityScreen

PANE_ORDER = ("clusters", "services", "tasks", "containers")
FOLLOW_DELAY = 0.2
# Auto-refresh waits this many times as long as a pane's last listing took: a 10,000-task
# pane (200 calls, several seconds) reloads every half minute or so, not every interval,
# which would spend the account's whole ListTasks budget on one pane.
REFRESH_COST_FACTOR = 5
NARROW_WIDTH = 130
ACCOUNT = "account"
_HINTS = {"services": "select a cluster", "tasks": "select a service, or press a for all tasks", "containers": "select a task"}

Listing = Callable[[], Iterator[Sequence[Any]]]


def auto_refresh_delay(interval: float, last_listing_seconds: float) -> float:
    """How long after a listing starts auto-refresh may run it again: the interval, or more for a costly listing."""
    return max(interval, REFRESH_COST_FACTOR * last_listing_seconds)


@dataclass(frozen=True)
class TaskScope:
    """Which tasks the tasks pane lists: one service's or the whole cluster's, running or stopped."""

    cluster_arn: str
    service_name: str | None
    desired_status: str = "RUNNING"

    @property
    def label(self) -> str:
        where = self.service_name or f"all in {self.cluster_arn.rpartition('/')[2]}"
        return f"Tasks · {where} · {self.desired_status.lower()}"


class Browser(Horizontal):
    """Everything of one account and Region that the browser shows; a new connection gets a new Browser."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", tooltip="Every key"),
        Binding("enter", "drill", "Open", show=False),
        Binding("escape", "up", "Back", show=False, tooltip="Back to the previous pane; clears a filter"),
        Binding("slash", "filter", "Filter", tooltip="Filter the focused pane: words or field:value"),
        Binding("r", "refresh", "Refresh", tooltip="Reload the focused pane in place"),
        Binding("a", "all_tasks", "All tasks", tooltip="List every task of the selected cluster"),
        Binding("t", "toggle_stopped", "Stopped", tooltip="Switch the tasks pane between running and stopped"),
        Binding("s", "exec_shell", "Shell", tooltip="ECS Exec: a shell in the selected container (on a task: pick one)"),
        Binding("S", "exec_shell_as", "Shell as", show=False, tooltip="ECS Exec with a shell you type, for this once"),
        Binding("exclamation_mark", "exec_command", "Run", show=False, tooltip="ECS Exec: run one command and keep its output"),
        Binding("d", "show_json", "JSON", tooltip="The raw API JSON of the selection"),
        Binding("e", "service_activity", "Events", tooltip="Deployments and events of the selected service"),
        Binding("c", "copy_id", "Copy", tooltip="Copy the selection's name or id to the clipboard"),
        Binding("C", "copy_arn", "Copy ARN", show=False, tooltip="Copy the selection's ARN to the clipboard"),
        Binding("o", "open_console", "Console", show=False, tooltip="Open the selection in the AWS console"),
        Binding("i", "toggle_details", "Details", tooltip="Show or hide the detail pane"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        reader: EcsReader,
        clock: Callable[[], datetime],
        *,
        first_clusters: Future[FirstClusters] | None = None,
        first_page: Future[ListPage] | None = None,
        start_cluster: str | None = None,
        start_service: str | None = None,
        refresh_seconds: float = 0.0,
        on_rows: Callable[[Sequence[Any]], None] | None = None,
        region: str = "",
    ) -> None:
        super().__init__(id="browser")
        self._region = region
        self._reader = reader
        self._clock = clock
        self._first_clusters = first_clusters
        self._first_page = first_page
        self._refresh_seconds = refresh_seconds
        self._listing_started: dict[str, float] = {}  # pane name -> when its last listing started
        self._next_refresh: dict[str, float] = {}  # pane name -> when auto-refresh may reload it
        self._on_rows = on_rows
        self._follow_timer: Timer | None = None
        self._activity: ServiceActivityScreen | None = None
        self._last_pane = "clusters"
        self._details_forced = False
        # What to select in each pane once it streams in (from flags, the palette or a search).
        self._wanted: dict[str, Callable[[Any], bool]] = {}
        self._wanted_names: dict[str, str] = {}
        if start_cluster:
            self._want("clusters", lambda c: c.name == start_cluster, start_cluster)
        if start_service:
            self._want("services", lambda s: s.name == start_service, start_service)

    def compose(self) -> ComposeResult:
        with Vertical(id="panes"):
            with Horizontal(id="upper-panes"):
                yield ResourcePane("Clusters", CLUSTER_ROWS, self._clock, id="clusters")
                yield ResourcePane("Services", SERVICE_ROWS, self._clock, id="services")
            with Horizontal(id="lower-panes"):
                yield ResourcePane("Tasks", TASK_ROWS, self._clock, id="tasks")
                yield ResourcePane("Containers", CONTAINER_ROWS, self._clock, id="containers")
        yield DetailPane(id="detail")

    def on_mount(self) -> None:
        self._clear_from("services")
        self._load_first_clusters()
        self.pane("clusters").table.focus()
        self.set_interval(1.0, self._tick_status)
        if self._refresh_seconds > 0:
            self.set_interval(self._refresh_seconds, self._refresh_shown_panes)

    def _load_first_clusters(self) -> None:
        """The clusters start-up read: at once when they are here (so they are in the first frame),
        else as they arrive; then the account's other clusters."""
        first = self._first_clusters
        if first is None:
            self._load("clusters", ACCOUNT, self._reader.iter_clusters)
        elif first.done() and first.exception() is None:
            found = first.result()
            pane = self.pane("clusters")
            pane.begin(ACCOUNT)
            if found.clusters:
                self._rows_arrived(RowsArrived("clusters", ACCOUNT, list(found.clusters)))
            rest = self._rest_of(found)
            if rest is None:
                pane.finish(ACCOUNT)
            else:
                self._run_listing("clusters", ACCOUNT, rest)
        else:
            self.pane("clusters").begin(ACCOUNT, "connecting…")
            self._run_listing("clusters", ACCOUNT, partial(self._clusters_when_read, first))

    def _rest_of(self, found: FirstClusters) -> Listing | None:
        unread = found.unread()
        return None if unread is None else partial(self._reader.iter_clusters, start=unread)

    def _clusters_when_read(self, first: Future[FirstClusters]) -> Iterator[Sequence[Cluster]]:
        """In a thread: the first page's names once listed, the clusters once described, then the rest.

        A failed start is this listing's error, and a notification with the whole line.
        """
        try:
            if self._first_page is not None and (arns := self._first_page.result().arns):
                yield [Cluster.listed(arn) for arn in arns]
            found = first.result()
        except AwsSetupError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Cannot reach ECS", severity="error", timeout=30, markup=False
            )
            raise
        if found.clusters:
            yield list(found.clusters)
        rest = self._rest_of(found)
        if rest is not None:
            yield from rest()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def pane(self, name: str) -> ResourcePane[Any]:
        return self.query_one(f"#{name}", ResourcePane)

    # Loading ---------------------------------------------------------------

    def _load(self, pane: str, owner: Any, listing: Listing, refresh: bool = False) -> None:
        target = self.pane(pane)
        if refresh:
            target.begin_refresh()
        else:
            target.begin(owner)
        self._run_listing(pane, owner, listing)

    def _run_listing(self, pane: str, owner: Any, listing: Listing) -> None:
        self._listing_started[pane] = time.monotonic()
        self.run_worker(
            partial(self._stream, pane, owner, listing),
            thread=True,
            exclusive=True,
            group=pane,
            exit_on_error=False,
            description=f"list {pane}",
        )

    def _stream(self, pane: str, owner: Any, listing: Listing) -> None:
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
        message.stop()  # nothing above the browser wants it: spare it the trip up to the app
        pane = self.pane(message.pane)
        if message.owner != pane.owner:
            return
        held = pane.add_batch(message.owner, message.items)  # unchanged resources stay the objects held before
        if self._activity is not None and message.pane == "services":
            for service in held:
                self._activity.update_service(service)
        if self._on_rows is not None:
            self._on_rows(held)
        self._select_wanted(pane)
        # Only a batch carrying the selection itself changes the details; the rest leave them be.
        selected = pane.selected
        if pane.has_focus_within and any(item is selected for item in held):
            self._show_details(pane)

    @on(ListingEnded)
    def _listing_ended(self, message: ListingEnded) -> None:
        pane = self.pane(message.pane)
        if message.owner != pane.owner:
            return
        pane.finish(message.owner, message.error)
        started = self._listing_started.get(message.pane, 0.0)
        self._next_refresh[message.pane] = started + auto_refresh_delay(self._refresh_seconds, time.monotonic() - started)
        name = self._wanted_names.pop(message.pane, None)
        if self._wanted.pop(message.pane, None) is not None and message.error is None:
            self.notify(f"No {message.pane[:-1]} {name!r} here.", severity="warning", markup=False)

    # Selecting what was asked for ------------------------------------------

    def _want(self, pane: str, predicate: Callable[[Any], bool], name: str) -> None:
        self._wanted[pane] = predicate
        self._wanted_names[pane] = name

    def _select_wanted(self, pane: ResourcePane[Any]) -> None:
        name = pane.id or ""
        predicate = self._wanted.get(name)
        if predicate is None:
            return
        item = pane.find(predicate)
        if item is None:
            return
        del self._wanted[name]
        self._wanted_names.pop(name, None)
        if not pane.select_key(pane.key_of(item)):
            pane.clear_filter()
            pane.select_key(pane.key_of(item))
        focused = self.screen.focused
        if focused is None or self in focused.ancestors:
            pane.table.focus()  # never take the keys from a session terminal
        if name != "containers":
            self._follow(name)

    def reveal(self, path: ResourcePath) -> None:
        """Select the cluster, service, task and container of ``path``, loading panes as needed."""
        self._want("clusters", lambda c: c.arn == path.cluster_arn, path.cluster_arn.rpartition("/")[2])
        if path.service_name is not None:
            self._want("services", lambda s: s.name == path.service_name, path.service_name)
        if path.task_arn is not None:
            self._want("tasks", lambda t: t.arn == path.task_arn, path.task_arn.rpartition("/")[2])
        if path.container_name is not None:
            self._want("containers", lambda c: c.name == path.container_name, path.container_name)
        clusters = self.pane("clusters")
        self._select_wanted(clusters)
        if path.service_name is None and path.task_arn is not None and clusters.selected is not None:
            self._load_tasks(TaskScope(path.cluster_arn, None))
            self.pane("tasks").table.focus()

    # Following the selection ----------------------------------------------

    @on(VirtualTable.RowHighlighted)
    def _row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        event.stop()
        pane = event.table.parent
        if not isinstance(pane, ResourcePane):
            return
        if pane.has_focus_within:
            self._show_details(pane)
        if pane.id == "containers":
            return
        self._cancel_follow()
        self._follow_timer = self.set_timer(FOLLOW_DELAY, partial(self._follow, pane.id or ""))

    @on(VirtualTable.RowSelected)
    def _row_selected(self, event: VirtualTable.RowSelected) -> None:
        self.action_drill()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = event.widget.parent
        if isinstance(pane, ResourcePane):
            self._last_pane = pane.id or "clusters"
            self._show_details(pane)

    def focus_current_pane(self) -> None:
        """Give the keyboard back to the pane that last had it."""
        self.pane(self._last_pane).table.focus()

    def _show_details(self, pane: ResourcePane[Any]) -> None:
        self.query_one(DetailPane).show(pane.selected, self._clock())

    def _follow(self, pane_name: str) -> None:
        """Load the pane after ``pane_name`` for its selected row, unless it already shows it."""
        selected = self.pane(pane_name).selected
        if selected is None:
            return
        if pane_name == "clusters":
            cluster: Cluster = selected
            if self.pane("services").owner != cluster.arn:
                self._clear_from("tasks")
                self._load("services", cluster.arn, partial(self._reader.iter_services, cluster.arn))
        elif pane_name == "services":
            service: Service = selected
            scope = TaskScope(service.cluster_arn, service.name)
            current = self.pane("tasks").owner
            if not (isinstance(current, TaskScope) and replace(current, desired_status="RUNNING") == scope):
                self._load_tasks(scope)
        elif pane_name == "tasks":
            task: Task = selected
            containers = self.pane("containers")
            if containers.owner != task.arn:
                containers.begin(task.arn)
                containers.add_batch(task.arn, task.containers)
                containers.finish(task.arn)
        # A pane that already shows what is asked for gets its selection now, not at a later reload.
        self._select_wanted(self.pane(PANE_ORDER[PANE_ORDER.index(pane_name) + 1]))

    def _cancel_follow(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None

    def _load_tasks(self, scope: TaskScope) -> None:
        self._clear_from("containers")
        self.pane("tasks").set_title(scope.label)
        self._load(
            "tasks",
            scope,
            partial(
                self._reader.iter_tasks, scope.cluster_arn, service=scope.service_name, desired_status=scope.desired_status
            ),
        )

    def _clear_from(self, pane_name: str) -> None:
        """Empty ``pane_name`` and every pane after it."""
        for name in PANE_ORDER[PANE_ORDER.index(pane_name) :]:
            self.workers.cancel_group(self, name)
            pane = self.pane(name)
            if name == "tasks":
                pane.set_title("Tasks")
            pane.begin(None, _HINTS[name])

    # Auto-refresh ----------------------------------------------------------

    def _tick_status(self) -> None:
        for name in PANE_ORDER:
            self.pane(name).update_status()

    def _refresh_shown_panes(self) -> None:
        """Reload every shown pane that is due, in place, unless a dialog is open or its listing still runs."""
        if self.app.screen is not self.screen or not self.display:
            return
        busy = {worker.group for worker in self.workers if worker.is_running}
        # Half an interval of slack: a tick may come a little early.
        now = time.monotonic() + self._refresh_seconds / 2
        for name in ("clusters", "services", "tasks"):
            due = now >= self._next_refresh.get(name, 0.0)
            if due and name not in busy and self.pane(name).owner is not None:
                self._refresh_pane(name)

    def _refresh_pane(self, name: str) -> None:
        pane = self.pane(name)
        owner = pane.owner
        if name == "clusters":
            self._load(name, ACCOUNT, self._reader.iter_clusters, refresh=True)
        elif name == "services":
            self._load(name, owner, partial(self._reader.iter_services, owner), refresh=True)
        elif name == "tasks":
            scope: TaskScope = owner
            listing = partial(
                self._reader.iter_tasks, scope.cluster_arn, service=scope.service_name, desired_status=scope.desired_status
            )
            self._load(name, scope, listing, refresh=True)

    # Actions ---------------------------------------------------------------

    def focused_pane(self) -> ResourcePane[Any] | None:
        focused = self.screen.focused
        parent = focused.parent if focused is not None else None
        return parent if isinstance(parent, ResourcePane) else None

    def action_drill(self) -> None:
        pane = self.focused_pane()
        if pane is not None and pane.id == "containers":
            self.action_exec_shell()
            return
        if pane is None or pane.selected is None:
            return
        self._follow(pane.id or "")
        self.pane(PANE_ORDER[PANE_ORDER.index(pane.id or "") + 1]).table.focus()

    def action_up(self) -> None:
        focused = self.screen.focused
        if isinstance(focused, Input):
            pane = focused.parent
            if isinstance(pane, ResourcePane):
                pane.clear_filter()
                pane.table.focus()
            return
        pane = self.focused_pane()
        if pane is not None and pane.id != "clusters":
            self.pane(PANE_ORDER[PANE_ORDER.index(pane.id or "") - 1]).table.focus()

    async def action_filter(self) -> None:
        pane = self.focused_pane()
        if pane is not None:
            await pane.open_filter()

    @on(Input.Changed, ".pane-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        pane = event.input.parent
        if isinstance(pane, ResourcePane):
            pane.set_filter(event.value)

    @on(Input.Submitted, ".pane-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        pane = event.input.parent
        if isinstance(pane, ResourcePane):
            if not event.value.strip():
                pane.remove_class("-filtering")
            pane.table.focus()

    def action_refresh(self) -> None:
        """Reload the focused pane in place: cursor, scroll and filter stay."""
        pane = self.focused_pane()
        if pane is not None and pane.owner is not None and pane.id != "containers":
            self._refresh_pane(pane.id or "")

    def action_all_tasks(self) -> None:
        cluster = self.pane("clusters").selected
        if cluster is None:
            return
        self._cancel_follow()
        self._load_tasks(TaskScope(cluster.arn, None))
        self.pane("tasks").table.focus()

    def action_toggle_stopped(self) -> None:
        scope = self.pane("tasks").owner
        if not isinstance(scope, TaskScope):
            return
        status = "STOPPED" if scope.desired_status == "RUNNING" else "RUNNING"
        self._cancel_follow()
        self._load_tasks(replace(scope, desired_status=status))
        self.pane("tasks").table.focus()

    def action_toggle_details(self) -> None:
        """Narrow screens hide the detail pane until asked; wide ones show it until asked not to."""
        self.toggle_class("-details-shown" if self.has_class("-narrow") else "-details-hidden")

    # Inspecting -------------------------------------------------------------

    def selection(self) -> Any:
        """The resource under the cursor of the focused pane."""
        pane = self.focused_pane()
        return pane.selected if pane is not None else None

    def action_show_json(self) -> None:
        item = self.selection()
        if item is None:
            return
        if item.raw:
            self._show_json(item, item.raw)
            return
        task = self.pane("tasks").selected
        if task is not None:
            # Listed tasks carry no API dicts (memory): read this one task's whole JSON now.
            self.run_worker(
                partial(self._show_fresh_json, task, item), thread=True, group="json", exit_on_error=False
            )

    def _show_fresh_json(self, task: Task, item: Any) -> None:
        try:
            fresh = self._reader.describe_tasks(task.cluster_arn, [task.arn])
        except Exception as error:  # one line, the browser keeps working
            self.app.call_from_thread(self.notify, explain(error), severity="error", markup=False)
            return
        if not fresh:
            self.app.call_from_thread(self.notify, "The task is gone.", severity="warning", markup=False)
            return
        found = fresh[0] if isinstance(item, Task) else fresh[0].container(item.name)
        if found is not None:
            self.app.call_from_thread(self._show_json, item, found.raw)

    def _show_json(self, item: Any, raw: Mapping[str, Any]) -> None:
        from tui.screens.json_view import JsonViewScreen  # like every inspect screen: loaded on first use

        self.app.push_screen(JsonViewScreen(f"{type(item).__name__} {copy_id(item)}", raw))

    def action_service_activity(self) -> None:
        service = self.pane("services").selected
        if service is None:
            self.notify("Select a service first.", markup=False)
            return
        from tui.screens.service_activity import ServiceActivityScreen

        self._activity = ServiceActivityScreen(service, self._clock)
        self.app.push_screen(self._activity, lambda _: setattr(self, "_activity", None))

    def _copy(self, text: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {text}", markup=False)

    def action_copy_id(self) -> None:
        item = self.selection()
        if item is not None:
            self._copy(copy_id(item))

    def action_copy_arn(self) -> None:
        item = self.selection()
        if item is not None:
            self._copy(copy_arn(item))

    def action_open_console(self) -> None:
        item = self.selection()
        if item is None:
            return
        try:
            url = console_url(item, self._region, task=self.pane("tasks").selected)
        except ConsoleUrlError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        show_console_link(self.app, url)

    # ECS Exec ---------------------------------------------------------------------------

    def _exec_target(self, then: Callable[[Task, str], None]) -> None:
        """Call ``then(task, container)`` for the selected container, or a container picked from the selected task."""
        pane = self.focused_pane()
        task = self.pane("tasks").selected
        if pane is not None and pane.id == "containers" and pane.selected is not None and task is not None:
            then(task, pane.selected.name)
            return
        if pane is None or pane.id != "tasks" or task is None:
            self.notify("Select a task or a container to exec into.", markup=False)
            return
        names = [container.name for container in task.containers]
        if len(names) == 1:
            then(task, names[0])
            return
        choices = [(name, f"{name}  ({container.image})") for name, container in zip(names, task.containers)]
        self.app.push_screen(
            ChoiceScreen(f"Exec into task {task.task_id}", "Which container?", choices),
            lambda name: then(task, name) if name else None,
        )

    EXEC_ACTIONS = frozenset({"exec_shell", "exec_shell_as", "exec_command"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Exec keys are hidden when the app refuses exec (read-only without --allow-exec)."""
        if action in self.EXEC_ACTIONS:
            return getattr(self.app, "exec_allowed", True)
        return True

    def action_exec_shell(self) -> None:
        self._exec_target(lambda task, name: self.post_message(ExecRequested(task, name, None, True)))

    def action_exec_shell_as(self) -> None:
        def ask(task: Task, name: str) -> None:
            self.app.push_screen(
                PromptScreen(f"Shell in {name}", "The shell to run, this once (e.g. /bin/bash):", "/bin/bash"),
                lambda shell: self.post_message(ExecRequested(task, name, shell, True)) if shell else None,
            )

        self._exec_target(ask)

    def action_exec_command(self) -> None:
        def ask(task: Task, name: str) -> None:
            self.app.push_screen(
                PromptScreen(f"Run in {name}", "A command line; its output stays in a tab:"),
                lambda line: self.post_message(ExecRequested(task, name, line, False)) if line else None,
            )

        self._exec_target(ask)
