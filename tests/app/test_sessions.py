"""ECS Exec through the whole app on the demo world, with the built-in session client:
two sessions, typing, hopping, Ctrl+C, resizing, exit, diagnosis, read-only, and nothing left behind."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot

from tests.app.helpers import fixed_clock, wait_until
from tests.exec.sessions_app import client_pids, gone, screen_text, type_line, wait_for_prompt, wait_for_text
from tui.app import EcsApp
from tui.aws.models import Task
from tui.exec.session_state import Phase
from tui.navigation import ResourcePath
from tui.screens.diagnosis import DiagnosisScreen
from tui.screens.main import BROWSER_TAB
from tui.sim import Simulator
from tui.startup import Connection
from tui.widgets.exec_session import ExecSessionView


async def containers_of_first_task(pilot: Pilot, app: EcsApp) -> None:
    browser = app.browser
    await wait_until(pilot, lambda: browser.pane("services").table.row_count > 0, what="services")
    await pilot.press("enter")
    await wait_until(pilot, lambda: browser.pane("tasks").table.row_count > 0, what="tasks")
    await pilot.press("enter")
    await wait_until(pilot, lambda: browser.pane("containers").table.row_count > 1, what="containers")
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.focused is browser.pane("containers").table, what="the containers pane")


async def open_session(pilot: Pilot, app: EcsApp, count: int) -> ExecSessionView:
    await pilot.press("s")
    await wait_until(pilot, lambda: len(app.main.sessions) == count, what=f"session {count}")
    view = app.main.sessions[-1]
    await wait_for_prompt(pilot, view)
    return view


def shown_tab(app: EcsApp) -> str:
    return app.main.active_tab


async def test_two_sessions_type_hop_interrupt_resize_exit_and_leave_nothing(demo_connection: Connection) -> None:
    simulator = demo_connection.simulator
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(140, 40)) as pilot:
        await containers_of_first_task(pilot, app)
        first = await open_session(pilot, app, 1)
        assert app.focused is first.terminal and shown_tab(app) != BROWSER_TAB
        await type_line(pilot, "echo first-$((6*7))")
        await wait_for_text(pilot, first, "first-42")

        # Back to the browser, the next container, a second session.
        await pilot.press("ctrl+right_square_bracket")
        await wait_until(pilot, lambda: shown_tab(app) == BROWSER_TAB, what="the browser")
        await pilot.press("down")
        second = await open_session(pilot, app, 2)
        assert second.launch.container_name != first.launch.container_name
        await type_line(pilot, "sleep 100")
        await pilot.press("ctrl+c")
        await wait_for_prompt(pilot, second)
        await type_line(pilot, "echo second-alive")
        await wait_for_text(pilot, second, "second-alive")

        # Hop to the first session with one key, even from inside a terminal.
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: app.focused is first.terminal, what="the first session")
        assert "first-42" in screen_text(first)

        # The shell follows the app's size.
        await pilot.resize_terminal(110, 34)
        await pilot.pause(0.3)
        await type_line(pilot, "stty size")
        rows, columns = first.terminal.size.height, first.terminal.size.width
        await wait_for_text(pilot, first, f"{rows} {columns}")

        # exit ends the session; x closes its tab.
        await type_line(pilot, "exit")
        await wait_until(pilot, lambda: first.state.phase is Phase.ENDED, what="the session to end")
        await wait_until(pilot, lambda: not client_pids(first.launch), what="the first client to exit")
        await pilot.press("x")
        await wait_until(pilot, lambda: len(app.main.sessions) == 1, what="the first tab to close")
        second_clients = client_pids(second.launch)
        assert second_clients
    # Quitting the app ends the second session: no client, no shell left.
    assert all(gone(pid) for pid in second_clients)
    await wait_until_no_shells(simulator)


async def wait_until_no_shells(simulator: Simulator) -> None:
    deadline = time.monotonic() + 10
    while simulator.data_channel.live_shell_pids():
        assert time.monotonic() < deadline, f"shells left: {simulator.data_channel.live_shell_pids()}"
        await asyncio.sleep(0.05)


async def test_exec_into_a_task_with_exec_disabled_shows_its_diagnosis(demo_connection: Connection) -> None:
    ecs = demo_connection.clients.ecs
    disabled = None
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_tasks(cluster=cluster)["taskArns"]
        if not arns:
            continue
        for task in ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]:
            if not task.get("enableExecuteCommand") and task.get("group", "").startswith("service:"):
                disabled = task
                break
        if disabled:
            break
    assert disabled is not None, "the demo world has a task with exec disabled"
    task = Task.from_api(disabled)
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.browser.pane("clusters").table.row_count > 0, what="clusters")
        app.reveal(ResourcePath(task.cluster_arn, task.service_name, task.arn, task.containers[0].name))
        await wait_until(
            pilot, lambda: app.focused is app.browser.pane("containers").table and app.browser.pane("containers").selected is not None, what="the container"
        )
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, DiagnosisScreen), what="the diagnosis")
        text = " ".join(f"{finding.cause} {finding.fix} {finding.command}" for finding in app.screen.diagnosis.findings)
        assert "--enable-execute-command --force-new-deployment" in text
        assert f"--service {task.service_name}" in text
        assert not app.main.sessions


async def test_read_only_refuses_exec_and_says_so_in_the_header(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0, read_only=True)
    async with app.run_test(size=(140, 40)) as pilot:
        assert app.sub_title.endswith("read-only")
        await containers_of_first_task(pilot, app)
        await pilot.press("s")
        await pilot.pause(0.3)
        assert not app.main.sessions
        assert "exec_shell" not in {active.binding.action for active in app.screen.active_bindings.values()}


async def test_read_only_with_allow_exec_still_opens_shells(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0, read_only=True, allow_exec=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await containers_of_first_task(pilot, app)
        view = await open_session(pilot, app, 1)
        await type_line(pilot, "echo allowed")
        await wait_for_text(pilot, view, "allowed")


async def test_a_reveal_of_what_is_already_shown_never_takes_the_keys_later(demo_connection: Connection) -> None:
    app = EcsApp(demo_connection, clock=fixed_clock, refresh_seconds=0)
    async with app.run_test(size=(140, 40)) as pilot:
        await containers_of_first_task(pilot, app)
        browser = app.browser
        task = browser.pane("tasks").selected
        last = task.containers[-1].name
        app.reveal(ResourcePath(task.cluster_arn, task.service_name, task.arn, last))
        await wait_until(pilot, lambda: browser.pane("containers").selected.name == last, what="the revealed container")
        view = await open_session(pilot, app, 1)
        # What auto-refresh does while the session has the keys: reload every shown pane.
        browser._refresh_shown_panes()
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers if w.group in ("services", "tasks")))
        await pilot.pause(0.3)
        assert app.focused is view.terminal
