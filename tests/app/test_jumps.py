"""Palette jumps and find-anywhere in the real app: the browser ends up on the chosen place."""

from __future__ import annotations

from textual.command import CommandPalette

from tests.app.helpers import fixed_clock, wait_until
from tests.app.test_palette import shown
from tui.app import EcsApp
from tui.screens.find import FindScreen
from tui.startup import Connection


async def test_palette_jumps_to_a_service_loaded_in_another_cluster(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    cluster_arn = ecs.list_clusters()["clusterArns"][1]
    service_name = ecs.list_services(cluster=cluster_arn, maxResults=100)["serviceArns"][-1].rpartition("/")[2]
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        browser = app.browser
        await wait_until(pilot, lambda: browser.pane("services").table.row_count > 0, what="services")
        # The palette knows what the browser has seen: look at the second cluster once.
        await pilot.press("down")
        await wait_until(pilot, lambda: browser.pane("services").owner == cluster_arn, what="its services")
        await wait_until(pilot, lambda: browser.pane("services").table.row_count > 0, what="its services listed")
        await pilot.press("up")
        await wait_until(pilot, lambda: browser.pane("services").owner != cluster_arn, what="back to the first")

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await pilot.press(*service_name)
        await wait_until(pilot, lambda: any(text == service_name for text, _ in shown(app)), what="the service as a hit")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: browser.pane("services").selected is not None and browser.pane("services").selected.name == service_name,
            what="the service selected",
        )
        assert browser.pane("clusters").selected.arn == cluster_arn


async def test_find_anywhere_reveals_a_task_by_its_private_ip(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    cluster_arn = ecs.list_clusters()["clusterArns"][2]
    task = ecs.describe_tasks(cluster=cluster_arn, tasks=ecs.list_tasks(cluster=cluster_arn)["taskArns"][:1])["tasks"][0]
    address = next(
        detail["value"]
        for attachment in task.get("attachments", [])
        for detail in attachment.get("details", [])
        if detail["name"] == "privateIPv4Address"
    )
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: app.browser.pane("clusters").table.row_count > 0, what="clusters")
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, FindScreen), what="the find screen")
        await pilot.press(*address, "enter")
        await wait_until(pilot, lambda: len(app.screen.matches) == 1, what="one match")
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: app.browser.pane("tasks").selected is not None and app.browser.pane("tasks").selected.arn == task["taskArn"],
            what="the task selected",
        )
