"""The clusters pane while start-up's first clusters are on their way: names first, then details, or the reason."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from tests.app.helpers import fixed_clock, wait_until
from tui.app import EcsApp
from tui.aws.errors import AwsSetupError
from tui.aws.first_clusters import FirstClusters
from tui.aws.models import ListPage
from tui.startup import Connection
from tui.widgets.browser import Browser

FAILURE = "Your AWS session token has expired: get new credentials (aws sso login, aws-vault, ...) and try again."


def pending(connection: Connection) -> tuple[Connection, Future[ListPage], Future[FirstClusters]]:
    """A connection to the same world whose first page and clusters this test hands over when it likes."""
    page: Future[ListPage] = Future()
    first: Future[FirstClusters] = Future()
    return Connection(connection.settings, first, first_page=page, clients=connection.clients), page, first


def row_cells(screen: Browser, pane: str) -> list[list[str]]:
    table = screen.pane(pane).table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status(screen: Browser, pane: str) -> str:
    return str(screen.pane(pane).query_one(".pane-status").render())


async def test_names_show_when_listed_and_counts_when_described(demo_connection: Connection) -> None:
    read = demo_connection.first_clusters.result()
    connection, page, first = pending(demo_connection)
    app = EcsApp(connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await pilot.pause()
        assert screen.pane("clusters").table.row_count == 0
        assert "connecting…" in status(screen, "clusters")

        page.set_result(read.page)
        await wait_until(pilot, lambda: screen.pane("clusters").table.row_count == len(read.page.arns), what="names")
        assert row_cells(screen, "clusters")[0] == ["prod-web", "…", "…", "…", "…"]
        assert "reading…" in screen.query_one("#detail").text  # type: ignore[attr-defined]

        first.set_result(read)
        await wait_until(pilot, lambda: row_cells(screen, "clusters")[0][1] != "…", what="described clusters")
        assert [row[0] for row in row_cells(screen, "clusters")] == [c.name for c in read.clusters or ()]
        await wait_until(pilot, lambda: screen.pane("services").table.row_count > 0, what="the first cluster's services")


async def test_a_failed_start_shows_in_the_pane_and_refresh_retries(demo_connection: Connection) -> None:
    connection, page, first = pending(demo_connection)
    app = EcsApp(connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        for future in (page, first):
            future.set_exception(AwsSetupError(FAILURE))
        await wait_until(pilot, lambda: "failed" in status(screen, "clusters"), what="the error in the pane")
        assert "expired" in status(screen, "clusters")
        assert any(FAILURE == notification.message for notification in app._notifications)

        await pilot.press("r")  # the credentials are fine again: the app's own clients list the clusters
        await wait_until(pilot, lambda: screen.pane("clusters").table.row_count > 0, what="clusters after retrying")
        assert "failed" not in status(screen, "clusters")


async def test_clusters_read_before_the_first_frame_are_in_it(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen: Any = app.browser
        assert screen.pane("clusters").table.row_count == len(demo_connection.first_clusters.result().page.arns)
        assert not any(worker.description == "list clusters" for worker in screen.workers)
        await pilot.pause()
