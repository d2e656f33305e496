"""The ecs-tui Textual application."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Callable

from textual.app import App

from tui import __version__
from tui.resources import styles_dir
from tui.screens.browser import BrowserScreen
from tui.startup import Connection


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
    ) -> None:
        super().__init__()
        self.connection = connection
        self._start_cluster = start_cluster
        self._start_service = start_service
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
        )

    @property
    def version(self) -> str:
        return __version__
