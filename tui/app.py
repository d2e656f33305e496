"""The ecs-tui Textual application."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Callable

from textual.app import App
from textual.binding import Binding

from tui.resources import styles_dir
from tui.screens.browser import BrowserScreen
from tui.screens.help import HelpScreen
from tui.startup import Connection
from tui.widgets.resource_table import ResourceTable

# Keys that Textual itself answers to, listed in the help screen beside ours.
_BUILT_IN_KEYS = [
    Binding("up,down", "", "Move in a pane"),
    Binding("pageup,pagedown", "", "A page up or down"),
    Binding("tab,shift+tab", "", "Next or previous pane"),
    Binding("ctrl+p", "", "Command palette"),
    Binding("ctrl+q", "", "Quit"),
]


def utc_now() -> datetime:
    return datetime.now(UTC)


class EcsApp(App[None]):
    """Browse ECS with keys; one app instance per account, Region and boto3 Session."""

    CSS_PATH = [str(styles_dir() / "app.tcss")]
    TITLE = "ecs-tui"

    def __init__(
        self,
        connection: Connection,
        *,
        start_cluster: str | None = None,
        start_service: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        refresh_seconds: float = 10.0,
    ) -> None:
        super().__init__()
        self.connection = connection
        self._start_cluster = start_cluster
        self._start_service = start_service
        self._refresh_seconds = refresh_seconds
        self.clock = clock
        settings = connection.settings
        where = "demo world" if connection.demo else f"profile {settings.profile or 'default'}"
        self.sub_title = f"{where} · {settings.region}"

    def get_default_screen(self) -> BrowserScreen:
        return BrowserScreen(
            self.connection.reader,
            self.clock,
            first_clusters_page=self.connection.first_clusters_page,
            start_cluster=self._start_cluster,
            start_service=self._start_service,
            refresh_seconds=self._refresh_seconds,
        )

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Browser", BrowserScreen.BINDINGS),
                    ("In a pane", ResourceTable.BINDINGS),
                    ("Everywhere", _BUILT_IN_KEYS),
                ]
            )
        )
