"""Snapshots of the browser on the demo world, frozen in time: main screen at two sizes, details, help, filter, error."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.app.helpers import fixed_clock, wait_until
from tui.app import EcsApp
from tui.startup import Connection


async def settled(pilot: Pilot) -> None:
    """Wait until no listing runs and no cursor blinks."""
    await pilot.pause(0.3)
    await wait_until(pilot, lambda: not any(worker.is_running for worker in pilot.app.workers), what="listings")
    for text_input in pilot.app.query(Input):
        text_input.cursor_blink = False
    await pilot.pause()


def drill_to_containers(pilot: Pilot):
    async def run(pilot: Pilot) -> None:
        await settled(pilot)
        for _ in range(3):
            await pilot.press("enter")
            await settled(pilot)

    return run


def test_main_screen_wide(snap_compare, demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(180, 45), run_before=drill_to_containers(None))


def test_main_screen_80x24(snap_compare, demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(80, 24), run_before=drill_to_containers(None))


def test_detail_pane_of_a_task_on_a_narrow_screen(snap_compare, demo_connection: Connection) -> None:
    async def run(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("enter", "enter")
        await settled(pilot)
        await pilot.press("i")
        await settled(pilot)

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_help_screen(snap_compare, demo_connection: Connection) -> None:
    async def run(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_filter_in_the_services_pane(snap_compare, demo_connection: Connection) -> None:
    async def run(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("slash", *"status:act api")
        await settled(pilot)

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(160, 40), run_before=run)


def test_error_state_keeps_rows_and_shows_the_error(snap_compare, demo_connection: Connection) -> None:
    async def run(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        demo_connection.simulator.inject_error(
            "DescribeServices",
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/dev/alice is not authorized to perform: ecs:DescribeServices",
            count=None,
        )
        await pilot.press("r")
        await settled(pilot)

    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    assert snap_compare(app, terminal_size=(160, 40), run_before=run)
