"""A service's deployments and its event log, in one dialog that can follow live refreshes.

Deployments come first (PRIMARY, then the ACTIVE ones being replaced), with their
rollout state and counts; below them ECS's events, newest first, each message
wrapped under its age. AWS text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.aws.fields import arn_resource_id
from tui.aws.models import Deployment, Service, ServiceEvent
from tui.widgets.rows import age_text, status_text

DEPLOYMENT_COLUMNS = (
    "Status", "Rollout", "Task definition", "Desired", "Running", "Pending", "Failed", "Created", "Updated",
)  # fmt: skip
_DEPLOYMENT_ORDER = {"PRIMARY": 0, "ACTIVE": 1}
AGE_WIDTH = 4
_UNDATED = datetime.min.replace(tzinfo=UTC)


def newest_first(events: tuple[ServiceEvent, ...]) -> list[ServiceEvent]:
    """Events by time, newest first; events without a time keep their place after the dated ones."""
    return sorted(events, key=lambda event: event.created_at or _UNDATED, reverse=True)


def deployment_cells(deployment: Deployment, now: datetime) -> tuple[Text, ...]:
    """One deployments-table row."""
    status = Text(deployment.status or "-", style="bold" if deployment.status == "PRIMARY" else "")
    return (
        status,
        status_text(deployment.rollout_state),
        Text(arn_resource_id(deployment.task_definition) or "-"),
        Text(str(deployment.desired_count), justify="right"),
        Text(str(deployment.running_count), justify="right"),
        Text(str(deployment.pending_count), justify="right"),
        Text(str(deployment.failed_tasks), justify="right", style="red" if deployment.failed_tasks else ""),
        Text(_age(deployment.created_at, now)),
        Text(_age(deployment.updated_at, now)),
    )


def deployment_detail(deployment: Deployment) -> Content:
    """The line under the table: the highlighted deployment's id and why it is in its rollout state."""
    reason = deployment.rollout_state_reason or "no rollout reason reported"
    return Content(f"{deployment.id or 'deployment'}: {reason}")


def event_prompt(event: ServiceEvent, now: datetime) -> Table:
    """An event as an option: its age in a narrow column, the message wrapped beside it."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=AGE_WIDTH, justify="right", style="dim")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(_age(event.created_at, now)), Text(event.message or "(no message)"))
    return grid


def _age(moment: datetime | None, now: datetime) -> str:
    """``moment``'s age as the panes write it (a naive ``now`` is taken as UTC)."""
    if moment is None:
        return "-"
    return age_text((now if now.tzinfo else now.replace(tzinfo=UTC)) - moment)


class ServiceActivityScreen(ModalScreen[None]):
    """Deployments and events of one service. Tab moves between them; Esc closes."""

    DEFAULT_CSS = """
    ServiceActivityScreen {
        align: center middle;
    }
    ServiceActivityScreen > #activity-dialog {
        width: 100%;
        height: 1fr;
        margin: 1 2 0 2;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
    }
    ServiceActivityScreen .activity-heading {
        height: 1;
        padding: 0 1;
        color: $foreground-muted;
        text-style: bold;
    }
    ServiceActivityScreen #deployments {
        height: auto;
        max-height: 8;
        margin: 0 1;
        background: $surface;
    }
    ServiceActivityScreen #deployment-detail {
        height: auto;
        max-height: 3;
        padding: 0 1;
        margin-bottom: 1;
        color: $foreground-muted;
    }
    ServiceActivityScreen #events {
        height: 1fr;
        margin: 0 1;
        border: none;
        background: $surface;
    }
    ServiceActivityScreen #events:focus, ServiceActivityScreen #deployments:focus {
        background-tint: $foreground 3%;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("c", "copy", "Copy"),
        Binding("tab", "app.focus_next", "Deployments/events"),
    ]

    def __init__(self, service: Service, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.service = service
        self._clock = clock
        self._deployments: list[Deployment] = []
        self._events: list[ServiceEvent] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="activity-dialog"):
            yield Static(Content("Deployments"), classes="activity-heading", id="deployments-heading")
            table: DataTable[Text] = DataTable(id="deployments", cursor_type="row", zebra_stripes=False)
            table.add_columns(*DEPLOYMENT_COLUMNS)
            yield table
            yield Static("", id="deployment-detail")
            yield Static(Content("Events"), classes="activity-heading", id="events-heading")
            yield OptionList(id="events", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show(self.service)
        self.query_one("#events", OptionList).focus()

    def update_service(self, service: Service) -> None:
        """Show a fresher description of the same service; the cursors stay on the same rows.

        A service with another ARN is ignored, so a refresh of any service can be passed in.
        (Not named ``refresh``: that is Textual's repaint, which Textual itself calls.)
        """
        if service.arn != self.service.arn:
            return
        self.service = service
        self._show(service)

    # Drawing ------------------------------------------------------------------

    def _show(self, service: Service) -> None:
        now = self._clock()
        dialog = self.query_one("#activity-dialog")
        dialog.border_title = Content(f"{service.name} · deployments and events")
        dialog.border_subtitle = Content(
            f"{service.cluster_name} · {service.status or '-'} · desired {service.desired_count} · "
            f"running {service.running_count} · pending {service.pending_count}"
        )
        self._show_deployments(service, now)
        self._show_events(service, now)

    def _show_deployments(self, service: Service, now: datetime) -> None:
        table: DataTable[Text] = self.query_one("#deployments", DataTable)
        kept = self._deployments[table.cursor_row].id if self._deployments and table.row_count else None
        self._deployments = sorted(service.deployments, key=lambda d: _DEPLOYMENT_ORDER.get(d.status, 2))
        table.clear()
        table.add_rows(deployment_cells(deployment, now) for deployment in self._deployments)
        ids = [deployment.id for deployment in self._deployments]
        if kept in ids:
            table.move_cursor(row=ids.index(kept), animate=False)
        self.query_one("#deployments-heading", Static).update(
            Content(f"Deployments ({len(ids)})" if ids else "Deployments: none reported")
        )
        self._show_detail(table.cursor_row)

    @on(DataTable.RowHighlighted, "#deployments")
    def _deployment_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        detail = deployment_detail(self._deployments[row]) if 0 <= row < len(self._deployments) else Content("")
        self.query_one("#deployment-detail", Static).update(detail)

    def _show_events(self, service: Service, now: datetime) -> None:
        events_list = self.query_one("#events", OptionList)
        highlighted = events_list.highlighted
        kept = self._events[highlighted].id if highlighted is not None and highlighted < len(self._events) else None
        self._events = newest_first(service.events)
        events_list.clear_options()
        events_list.add_options(Option(event_prompt(event, now)) for event in self._events)
        ids = [event.id for event in self._events]
        if ids:
            events_list.highlighted = ids.index(kept) if kept in ids else 0
        self.query_one("#events-heading", Static).update(
            Content(f"Events ({len(ids)}, newest first)" if ids else "Events: none reported")
        )

    # Actions --------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        """Copy the deployment id or the event message under the cursor of the focused list."""
        table: DataTable[Text] = self.query_one("#deployments", DataTable)
        if self.focused is table:
            if not self._deployments or not self._deployments[table.cursor_row].id:
                return
            deployment_id = self._deployments[table.cursor_row].id
            self.app.copy_to_clipboard(deployment_id)
            self.notify(f"Copied deployment id {deployment_id}", markup=False)
            return
        highlighted = self.query_one("#events", OptionList).highlighted
        if highlighted is None or highlighted >= len(self._events):
            return
        self.app.copy_to_clipboard(self._events[highlighted].message)
        self.notify("Copied the event message", markup=False)
