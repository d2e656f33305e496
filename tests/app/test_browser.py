"""The browser as a keyboard user drives it: filter, help, details, all and stopped tasks, errors, jumps, live refresh."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.app.helpers import fixed_clock, wait_until
from tui.app import EcsApp
from tui.navigation import ResourcePath
from tui.widgets.browser import Browser, TaskScope
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.startup import Connection
from tui.widgets.detail_pane import DetailPane


def shown_names(screen: Browser, pane: str) -> list[str]:
    table = screen.pane(pane).table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def detail_text(screen: Browser) -> str:
    return screen.query_one(DetailPane).text


async def ready(pilot: Any, screen: Browser, pane: str = "services") -> None:
    await wait_until(pilot, lambda: screen.pane(pane).owner is not None and screen.pane(pane).table.row_count > 0, what=pane)
    await wait_until(pilot, lambda: not any(w.is_running for w in screen.workers), what="listings to finish")


async def test_filter_narrows_rows_by_word_and_field_and_esc_clears_it(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        await pilot.press("enter")
        everything = shown_names(screen, "services")
        assert len(everything) >= 3

        assert all(screen.pane(name).filter_input is None for name in ("clusters", "services", "tasks", "containers"))
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused is screen.pane("services").filter_input
        await pilot.press(*"service:check")
        assert shown_names(screen, "services") == [name for name in everything if "check" in name]
        await pilot.press("enter")
        assert app.focused is screen.pane("services").table
        assert "/service:check" in str(screen.pane("services").border_title)

        await pilot.press("slash")
        assert app.focused.value == "service:check"  # type: ignore[union-attr]
        await pilot.press("escape")
        assert shown_names(screen, "services") == everything
        assert app.focused is screen.pane("services").table
        assert "/" not in str(screen.pane("services").border_title)


async def test_filter_with_no_match_shows_an_empty_pane_and_its_count(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen, "clusters")
        await pilot.press("slash", *"zzz-no-such")
        assert screen.pane("clusters").table.row_count == 0
        status = str(screen.pane("clusters").query_one(".pane-status").render())
        assert status.startswith("0 of ")


async def test_help_lists_every_browser_key_and_closes_with_escape(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_detail_pane_follows_the_focused_selection(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        assert "Cluster" in detail_text(screen) and screen.pane("clusters").selected.name in detail_text(screen)
        await pilot.press("enter", "enter")
        await ready(pilot, screen, "tasks")
        task = screen.pane("tasks").selected
        assert task.task_id in detail_text(screen)
        await pilot.press("enter")
        container = screen.pane("containers").selected
        text = detail_text(screen)
        assert container.image.split("/")[0] in text and (container.runtime_id or "")[:20] in text


async def test_all_tasks_then_stopped_tasks_of_the_cluster(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        cluster = screen.pane("clusters").selected
        await pilot.press("a")
        assert screen.pane("tasks").owner == TaskScope(cluster.arn, None)
        await ready(pilot, screen, "tasks")
        running = ecs.get_paginator("list_tasks").paginate(cluster=cluster.arn).build_full_result()["taskArns"]
        assert sorted(task.arn for task in screen.pane("tasks").items) == sorted(running)

        await pilot.press("t")
        assert screen.pane("tasks").owner == TaskScope(cluster.arn, None, "STOPPED")
        await wait_until(pilot, lambda: not any(w.is_running for w in screen.workers), what="stopped tasks")
        assert all(task.desired_status == "STOPPED" for task in screen.pane("tasks").items)
        assert "stopped" in str(screen.pane("tasks").border_title)


async def test_a_failed_refresh_keeps_the_rows_and_shows_the_error(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        await pilot.press("enter")
        before = shown_names(screen, "services")
        demo_connection.simulator.inject_error("DescribeServices", "AccessDeniedException", "User is not authorized to perform: ecs:DescribeServices", count=None)
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.pane("services").refreshing, what="failed refresh")
        assert shown_names(screen, "services") == before
        status = str(screen.pane("services").query_one(".pane-status").render())
        assert "failed" in status and "ecs:DescribeServices" in status


async def test_reveal_selects_a_container_in_another_cluster(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    cluster_arn = ecs.list_clusters()["clusterArns"][1]
    service_arn = ecs.list_services(cluster=cluster_arn, maxResults=100)["serviceArns"][0]
    service_name = service_arn.rpartition("/")[2]
    task_arn = ecs.list_tasks(cluster=cluster_arn, serviceName=service_name)["taskArns"][-1]
    task = ecs.describe_tasks(cluster=cluster_arn, tasks=[task_arn])["tasks"][0]
    container = task["containers"][-1]["name"]

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        screen.reveal(ResourcePath(cluster_arn, service_name, task_arn, container))
        await wait_until(
            pilot,
            lambda: screen.pane("containers").owner == task_arn and screen.pane("containers").selected is not None,
            what="the container",
        )
        assert screen.pane("containers").selected.name == container
        assert screen.pane("tasks").selected.arn == task_arn
        await wait_until(pilot, lambda: app.focused is screen.pane("containers").table, what="focus on the container")


async def test_auto_refresh_updates_rows_in_place_and_keeps_the_cursor(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0.5)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        await pilot.press("enter", "down")
        services = screen.pane("services")
        chosen = services.selected
        cursor = services.table.cursor_row
        ecs.update_service(cluster=chosen.cluster_arn, service=chosen.name, desiredCount=chosen.desired_count + 3)
        await wait_until(
            pilot,
            lambda: services.selected is not None and services.selected.desired_count == chosen.desired_count + 3,
            what="the new desired count",
        )
        assert services.table.cursor_row == cursor
        assert services.selected.arn == chosen.arn


async def test_json_of_a_listed_task_is_read_when_asked(demo_connection: Connection) -> None:
    from tui.screens.json_view import JsonViewScreen

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        await pilot.press("enter", "enter")
        await ready(pilot, screen, "tasks")
        task = screen.pane("tasks").selected
        assert task.raw == {}, "listed tasks keep no API dicts"
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonViewScreen), what="the JSON view")
        await pilot.press("c")
        assert f'"taskArn": "{task.arn}"' in app.clipboard
        await pilot.press("escape", "enter", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonViewScreen), what="the container's JSON")
        await pilot.press("c")
        assert f'"name": "{task.containers[0].name}"' in app.clipboard


def test_a_costly_listing_is_refreshed_less_often() -> None:
    from tui.widgets.browser import REFRESH_COST_FACTOR, auto_refresh_delay

    assert auto_refresh_delay(10, 0.3) == 10
    assert auto_refresh_delay(10, 6.0) == 6.0 * REFRESH_COST_FACTOR
    assert auto_refresh_delay(0.5, 0) == 0.5


async def test_auto_refresh_waits_longer_after_a_slow_listing(demo_connection: Connection) -> None:
    """Every call takes 150 ms: a listing takes about 0.3 s, so auto-refresh every 0.3 s would
    reload each pane as soon as its last listing ended; it waits five times as long instead."""
    simulator = demo_connection.simulator
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0.3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await ready(pilot, screen)
        simulator.set_latency(150)
        simulator.reset_stats()
        await pilot.pause(3.0)
        listed = simulator.stats.calls.get("ListServices", 0)
        assert 1 <= listed <= 3, simulator.stats.calls
