"""The first screen on the demo world: clusters, then Enter down to containers, Escape back up."""

from __future__ import annotations

from tests.app.helpers import fixed_clock, wait_until
from tui.app import EcsApp
from tui.widgets.browser import Browser, TaskScope
from tui.startup import Connection


def loaded(screen: Browser, pane: str) -> bool:
    target = screen.pane(pane)
    return target.owner is not None and target.table.row_count > 0


async def test_enter_drills_from_clusters_to_containers_and_escape_climbs_back(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await wait_until(pilot, lambda: loaded(screen, "clusters"), what="clusters")
        cluster = screen.pane("clusters").selected
        assert cluster is not None

        await pilot.press("enter")
        await wait_until(pilot, lambda: loaded(screen, "services"), what="services")
        assert app.focused is screen.pane("services").table
        assert screen.pane("services").owner == cluster.arn

        service = screen.pane("services").selected
        await pilot.press("enter")
        await wait_until(pilot, lambda: loaded(screen, "tasks"), what="tasks")
        assert app.focused is screen.pane("tasks").table
        task = screen.pane("tasks").selected
        assert task is not None and task.service_name == service.name

        await pilot.press("enter")
        await wait_until(pilot, lambda: loaded(screen, "containers"), what="containers")
        shown = [screen.pane("containers").table.get_row_at(i)[0] for i in range(screen.pane("containers").table.row_count)]
        assert shown == [container.name for container in task.containers]
        assert len(shown) >= 2

        await pilot.press("escape")
        assert app.focused is screen.pane("tasks").table
        await pilot.press("escape", "escape")
        assert app.focused is screen.pane("clusters").table


async def test_moving_the_cursor_follows_into_the_next_pane(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await wait_until(pilot, lambda: screen.pane("clusters").table.row_count >= 2, what="clusters")
        await wait_until(pilot, lambda: loaded(screen, "services"), what="first cluster's services")
        await pilot.press("down")
        second = screen.pane("clusters").selected
        await wait_until(pilot, lambda: screen.pane("services").owner == second.arn, what="second cluster's services")


async def test_start_deep_with_cluster_and_service(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    cluster_arn = ecs.list_clusters()["clusterArns"][1]
    service_arn = ecs.list_services(cluster=cluster_arn, maxResults=100)["serviceArns"][-1]
    cluster_name = cluster_arn.rpartition("/")[2]
    service_name = service_arn.rpartition("/")[2]

    app = EcsApp(demo_connection, clock=fixed_clock, start_cluster=cluster_name, start_service=service_name)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await wait_until(pilot, lambda: screen.pane("tasks").owner == TaskScope(cluster_arn, service_name), what="tasks of the service")
        assert screen.pane("clusters").selected.name == cluster_name
        assert screen.pane("services").selected.name == service_name


async def test_refresh_keeps_the_cursor_on_the_same_row(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.browser
        await wait_until(pilot, lambda: screen.pane("clusters").table.row_count >= 3, what="clusters")
        await pilot.press("down", "down")
        before = screen.pane("clusters").selected
        listed = demo_connection.simulator.stats.calls.get("ListClusters", 0)
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: demo_connection.simulator.stats.calls.get("ListClusters", 0) > listed
            and not screen.pane("clusters").refreshing,
            what="refresh",
        )
        assert screen.pane("clusters").selected.arn == before.arn
        assert screen.pane("clusters").table.cursor_row == 2
