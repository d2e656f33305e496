"""The ctrl+p palette's JumpProvider, driven through Pilot in a small app over the demo world."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import Command, CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

from tests.app.helpers import wait_until
from tui.aws.models import Task
from tui.commands import JumpProvider
from tui.index import ResourceIndex
from tui.navigation import ResourcePath
from tui.screens.find import FindScreen
from tui.startup import Connection


class JumpTestApp(App[None]):
    """The two things JumpProvider asks of the app (plus the connection, for Find anywhere)."""

    COMMANDS = {JumpProvider}

    def __init__(self, connection: Connection, index: ResourceIndex) -> None:
        super().__init__()
        self.connection = connection
        self.index = index
        self.revealed: list[ResourcePath] = []

    def reveal(self, path: ResourcePath) -> None:
        self.revealed.append(path)


def filled_index(connection: Connection) -> tuple[ResourceIndex, list[Task]]:
    """An index holding the whole demo world, as the browser would fill it, and its tasks."""
    reader = connection.reader
    index = ResourceIndex()
    tasks: list[Task] = []
    for clusters in reader.iter_clusters():
        index.add(clusters)
        for cluster in clusters:
            for services in reader.iter_services(cluster.arn):
                index.add(services)
            for batch in reader.iter_tasks(cluster.arn):
                index.add(batch)
                tasks += batch
    return index, tasks


def options(app: App[Any]) -> list[Command]:
    command_list = app.screen.query_one(CommandList)
    return [command_list.get_option_at_index(i) for i in range(command_list.option_count)]  # type: ignore[misc]


def shown(app: App[Any]) -> list[tuple[str, str]]:
    """Each option's text and help, top to bottom."""
    return [(str(option.hit.text), str(option.hit.help)) for option in options(app)]


async def palette_with(pilot: Pilot[Any], query: str) -> None:
    """Open the palette, type ``query`` and wait until every hit is listed."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), what="the palette")
    pilot.app.screen.query_one(CommandInput).cursor_blink = False
    await pilot.press(*query)
    last = f"Find anywhere: {query}"
    await wait_until(pilot, lambda: any(text == last for text, _ in shown(pilot.app)), what=f"hits for {query!r}")


async def choose(pilot: Pilot[Any], text: str, help_contains: str = "") -> None:
    """Move the highlight to the first option with that text (and help) and press Enter."""
    position = next(i for i, (t, h) in enumerate(shown(pilot.app)) if t == text and help_contains in h)
    await pilot.press(*["down"] * position, "enter")


async def test_a_service_name_jumps_to_that_service_in_the_cluster_picked(demo_connection: Connection) -> None:
    index, _ = filled_index(demo_connection)
    app = JumpTestApp(demo_connection, index)
    async with app.run_test(size=(100, 40)) as pilot:
        await palette_with(pilot, "checkout")
        listed = shown(app)
        assert [h.rpartition(" · ")[0] for t, h in listed if h.startswith("service")] == [
            "service · in prod-web",
            "service · in staging",
        ]
        assert all(t == "checkout-api" for t, _ in listed[:-1])
        assert listed[-1][0] == "Find anywhere: checkout"
        await choose(pilot, "checkout-api", "service · in staging")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        staging = next(h.path for h in index.clusters() if h.label == "staging")
        assert app.revealed == [ResourcePath(staging.cluster_arn, "checkout-api")]
        assert not isinstance(app.screen, CommandPalette)


async def test_a_task_id_prefix_jumps_to_the_task(demo_connection: Connection) -> None:
    index, tasks = filled_index(demo_connection)
    task = next(t for t in tasks if t.cluster_name == "staging" and t.service_name)
    app = JumpTestApp(demo_connection, index)
    async with app.run_test(size=(100, 40)) as pilot:
        await palette_with(pilot, task.task_id[:6])
        assert shown(app)[0][0] == task.task_id
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        assert app.revealed == [ResourcePath(task.cluster_arn, task.service_name, task.arn)]


async def test_a_private_ip_jumps_to_its_task(demo_connection: Connection) -> None:
    index, tasks = filled_index(demo_connection)
    task = next(t for t in tasks if t.private_ip and t.cluster_name == "data-pipeline")
    app = JumpTestApp(demo_connection, index)
    async with app.run_test(size=(100, 40)) as pilot:
        await palette_with(pilot, task.private_ip or "")
        assert shown(app)[0] == (task.private_ip, f"task · task {task.task_id[:12]} · {task.cluster_name}/{task.service_name} · RUNNING")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        assert app.revealed == [ResourcePath(task.cluster_arn, task.service_name, task.arn)]


async def test_a_container_name_jumps_to_that_container(demo_connection: Connection) -> None:
    index, tasks = filled_index(demo_connection)
    app = JumpTestApp(demo_connection, index)
    async with app.run_test(size=(100, 40)) as pilot:
        await palette_with(pilot, "log-router")
        first_text, first_help = shown(app)[0]
        assert first_text == "log-router" and first_help.startswith("container · in task ")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        (path,) = app.revealed
        assert path.container_name == "log-router"
        task = next(t for t in tasks if t.arn == path.task_arn)
        assert task.container("log-router") is not None
        assert path == ResourcePath(task.cluster_arn, task.service_name, task.arn, "log-router")


async def test_before_typing_the_palette_lists_every_cluster(demo_connection: Connection) -> None:
    index, _ = filled_index(demo_connection)
    app = JumpTestApp(demo_connection, index)
    clusters = index.clusters()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: len(shown(app)) == len(clusters), what="the clusters")
        assert [text for text, _ in shown(app)] == [hit.label for hit in clusters]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        assert app.revealed == [clusters[1].path]


async def test_find_anywhere_searches_the_account_and_reveals_the_match_chosen(demo_connection: Connection) -> None:
    app = JumpTestApp(demo_connection, ResourceIndex())  # nothing browsed yet: only the API knows
    async with app.run_test(size=(120, 40)) as pilot:
        await palette_with(pilot, "envoy")
        assert [text for text, _ in shown(app)] == ["Find anywhere: envoy"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FindScreen), what="the find screen")
        screen = app.screen
        assert isinstance(screen, FindScreen)
        await wait_until(pilot, lambda: str(screen.status).endswith("clusters") and screen.matches != [], what="the matches")
        first = screen.matches[0]
        assert all(match.container is not None and match.container.name == "envoy" for match in screen.matches)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.revealed != [], what="the jump")
        assert app.revealed == [first.path]
        assert not isinstance(app.screen, FindScreen)


# Snapshots -----------------------------------------------------------------------------------


def test_palette_with_a_query_snapshot(snap_compare: Any, demo_connection: Connection) -> None:
    index, _ = filled_index(demo_connection)

    async def typed(pilot: Pilot[Any]) -> None:
        await palette_with(pilot, "checkout")
        await pilot.pause()

    assert snap_compare(JumpTestApp(demo_connection, index), terminal_size=(100, 30), run_before=typed)
