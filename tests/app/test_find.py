"""The Find anywhere screen over the demo world: typing, streaming, choosing, cancelling, failing."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.app.helpers import wait_until
from tui.navigation import ResourcePath
from tui.screens import find
from tui.screens.find import FindScreen
from tui.startup import Connection


class FindTestApp(App[None]):
    """Opens the find screen at once and records what it was dismissed with."""

    def __init__(self, connection: Connection, query: str | None = None) -> None:
        super().__init__()
        self._connection = connection
        self._query = query
        self.dismissed: list[ResourcePath | None] = []

    def on_mount(self) -> None:
        self.push_screen(FindScreen(self._connection.reader, self._query), self.dismissed.append)


def finished(screen: FindScreen) -> bool:
    return screen.status.endswith(" clusters") and not screen.status.startswith("searching")


async def find_screen(pilot: Pilot[Any]) -> FindScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindScreen), what="the find screen")
    screen = pilot.app.screen
    assert isinstance(screen, FindScreen)
    screen.query_one(Input).cursor_blink = False
    return screen


def rows(screen: FindScreen) -> list[tuple[str, ...]]:
    table = screen.results
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]


def find_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("ecs-tui-find")]


async def test_typed_query_streams_sorted_matches_with_a_count(demo_connection: Connection) -> None:
    app = FindTestApp(demo_connection)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        assert screen.results.row_count == 0
        await pilot.press(*"envoy", "enter")
        await wait_until(pilot, lambda: finished(screen), what="the search to end")
        shown = rows(screen)
        assert len(shown) == len(screen.matches) >= 2
        assert screen.status == f"{len(shown)} matches in 6 clusters"
        assert shown == sorted(shown, key=lambda row: row[:4])
        assert {row[0] for row in shown} == {"prod-web", "prod-payments", "staging"}
        assert all(row[3] == "envoy" and row[6] == "container envoy" for row in shown)


async def test_enter_on_a_match_dismisses_with_its_path(demo_connection: Connection) -> None:
    app = FindTestApp(demo_connection, "log-router")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: finished(screen), what="the search to end")
        second = screen.matches[1]
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: app.dismissed != [], what="the dismissal")
        assert app.dismissed == [second.path]
        assert second.path.container_name == "log-router"
        assert second.path.task_arn == second.task.arn


async def test_a_new_query_replaces_the_matches(demo_connection: Connection) -> None:
    app = FindTestApp(demo_connection, "envoy")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: finished(screen), what="the first search")
        address = next(m.task.private_ip for m in screen.matches if m.task.private_ip)
        screen.query_one(Input).value = ""
        await pilot.press(*address, "enter")
        await wait_until(pilot, lambda: finished(screen) and screen.status.startswith("1 match"), what="the second search")
        assert [row[5] for row in rows(screen)] == [address]
        assert rows(screen)[0][6] == f"private IP {address}"


async def test_escape_cancels_the_search_and_the_screen(demo_connection: Connection) -> None:
    simulator = demo_connection.simulator
    assert simulator is not None
    simulator.set_latency(300)
    app = FindTestApp(demo_connection, "envoy")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: screen.status.startswith("searching"), what="the search to start")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.dismissed == [None], what="the dismissal")
        await wait_until(pilot, lambda: not find_threads(), what="the search threads to end")
    # Four clusters were being read at once; the fifth never was.
    assert simulator.stats.calls["ListTasks"] < 5


async def test_a_blank_query_says_what_to_type(demo_connection: Connection) -> None:
    app = FindTestApp(demo_connection)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await pilot.press("space", "enter")
        assert screen.status == "Type a task id, a container name or a private IP to search for."
        assert screen.results.row_count == 0


async def test_an_aws_error_is_one_line_under_the_query(demo_connection: Connection) -> None:
    simulator = demo_connection.simulator
    assert simulator is not None
    simulator.inject_error("ListTasks", "AccessDeniedException", "no ecs:ListTasks for you [policy]", count=None)
    app = FindTestApp(demo_connection, "envoy")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: "AccessDenied" in screen.status, what="the error")
        assert "no ecs:ListTasks for you [policy]" in screen.status
        assert "\n" not in screen.status


async def test_matches_stop_at_the_cap(demo_connection: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(find, "MAX_RESULTS", 3)
    app = FindTestApp(demo_connection, "a")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: screen.status.startswith("the first 3"), what="the cap")
        await wait_until(pilot, lambda: not find_threads(), what="the search threads to end")
        assert screen.results.row_count == 3
        assert screen.status == "the first 3 matches: type more to narrow the search"


# Snapshots -----------------------------------------------------------------------------------


def test_find_screen_with_matches_snapshot(snap_compare: Any, demo_connection: Connection) -> None:
    async def searched(pilot: Pilot[Any]) -> None:
        screen = await find_screen(pilot)
        await wait_until(pilot, lambda: finished(screen), what="the search to end")
        await pilot.pause()

    assert snap_compare(FindTestApp(demo_connection, "envoy"), terminal_size=(140, 30), run_before=searched)
