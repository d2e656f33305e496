"""ExecSessionView end to end: the built-in client into the demo simulator's real shells."""

from __future__ import annotations

import dataclasses
import time

import pytest

from tests.app.helpers import wait_until
from tests.exec.conftest import DemoWorld
from tests.exec.sessions_app import SessionsApp, client_pids, gone, screen_text, type_line, wait_for_prompt, wait_for_text
from tui.exec.launch import ExecLaunch, ExecRequest, start_exec
from tui.exec.session_state import Ending, Phase
from tui.sim.datachannel_faults import Faults
from tui.ssm.launch import builtin_client
from tui.widgets.exec_session import ExecSessionView


def launch_into(demo: DemoWorld, service: str, container: str) -> ExecLaunch:
    task = demo.service_task(demo_cluster(service), service, lambda t: t.last_status == "RUNNING" and t.enable_execute_command)
    request = ExecRequest(task.cluster_arn, task.arn, container)
    client = builtin_client()
    assert client is not None
    return start_exec(demo.actions, demo.reader, demo.settings, request, client)


def demo_cluster(service: str) -> str:
    return {"storefront": "prod-web", "checkout-api": "prod-web"}[service]


def no_shell_left(demo: DemoWorld, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while demo.simulator.data_channel.live_shell_pids() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not demo.simulator.data_channel.live_shell_pids()


async def test_a_session_goes_live_echoes_resizes_interrupts_and_ends(demo):
    launch = launch_into(demo, "storefront", "storefront")
    app = SessionsApp([launch])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_until(pilot, lambda: view.state.phase is Phase.LIVE, 10, "live")
        await wait_for_prompt(pilot, view)
        header = str(view.query_one("#exec-where").render())
        assert header == f"prod-web · storefront · {launch.task_id} · storefront"
        assert str(view.query_one("#exec-state").render()) == "live"
        assert view.terminal.has_focus
        assert launch.argv[1] not in screen_text(view)  # the client never prints its session or token

        await type_line(pilot, "echo hi-$((40+2))")
        await wait_for_text(pilot, view, "hi-42")

        columns, rows = view.terminal.content_size
        await type_line(pilot, "stty size")
        await wait_for_text(pilot, view, f"{rows} {columns}")
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: view.terminal.content_size != (columns, rows), 5, "resize")
        columns, rows = view.terminal.content_size
        await type_line(pilot, "stty size")
        await wait_for_text(pilot, view, f"{rows} {columns}")

        await type_line(pilot, "sleep 100; echo not-$((6*6))-interrupted")
        await pilot.pause(0.3)
        await pilot.press("ctrl+c")
        await type_line(pilot, "echo after-$((1+1))")
        await wait_for_text(pilot, view, "after-2", timeout=5)
        assert "not-36-interrupted" not in screen_text(view)

        await type_line(pilot, "exit")
        await wait_until(pilot, lambda: view.state.phase is Phase.ENDED, 10, "ended")
        assert view.state.ending is Ending.CLOSED and view.state.reason == "the session closed"
        assert str(view.query_one("#exec-state").render()) == "ended: the session closed"
        assert view.has_class("-attention")
        assert str(view.query_one("#exec-banner").render()) == "ended: the session closed — r reconnect, x close"
        phases = [m.state.phase for m in app.received if isinstance(m, ExecSessionView.StateChanged)]
        assert phases == [Phase.LIVE, Phase.ENDED]

        await pilot.press("r")  # the terminal has no child any more: the key reaches the view
        requests = [m for m in app.received if isinstance(m, ExecSessionView.ReconnectRequested)]
        assert [r.request for r in requests] == [launch.request]
    assert client_pids(launch) == []
    assert no_shell_left(demo)


async def test_closing_leaves_no_client_and_no_shell(demo):
    launch = launch_into(demo, "storefront", "storefront")
    app = SessionsApp([launch])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_for_prompt(pilot, view)
        (pid,) = client_pids(launch)
        await type_line(pilot, "sleep 300 &")
        await pilot.pause(0.2)
        await view.close()
        assert gone(pid)
        assert view.state.phase is Phase.ENDED and view.state.ending is Ending.CLOSED_HERE
        assert str(view.query_one("#exec-state").render()) == "ended: closed"
    assert no_shell_left(demo)
    report = demo.simulator.data_channel.wait_for_report(launch.session_id, 10)
    assert report is not None and report.outcome == "client left"


async def test_quitting_the_app_ends_every_client(demo):
    launches = [launch_into(demo, "storefront", "storefront"), launch_into(demo, "checkout-api", "envoy")]
    app = SessionsApp(launches)
    async with app.run_test(size=(160, 30)) as pilot:
        views = list(app.query(ExecSessionView))
        for view in views:
            await wait_for_prompt(pilot, view)
        pids = [pid for launch in launches for pid in client_pids(launch)]
        assert len(pids) == 2
    assert all(gone(pid) for pid in pids)
    assert no_shell_left(demo)


async def test_two_sessions_side_by_side_keep_their_own_keys_and_screens(demo):
    launches = [launch_into(demo, "storefront", "storefront"), launch_into(demo, "checkout-api", "checkout-api")]
    app = SessionsApp(launches)
    async with app.run_test(size=(160, 30)) as pilot:
        left, right = app.query(ExecSessionView)
        for view in (left, right):
            await wait_for_prompt(pilot, view)
        left.terminal.focus()
        await type_line(pilot, "echo left-$((1+1))")
        right.terminal.focus()
        await type_line(pilot, "echo right-$((2+2))")
        await wait_for_text(pilot, left, "left-2")
        await wait_for_text(pilot, right, "right-4")
        assert "right" not in screen_text(left) and "left" not in screen_text(right)
        assert "checkout-api · " in str(right.query_one("#exec-where").render())
        await type_line(pilot, "exit")
        await wait_until(pilot, lambda: right.state.phase is Phase.ENDED, 10, "right ended")
        assert left.state.phase is Phase.LIVE
        left.terminal.focus()
        await type_line(pilot, "echo still-$((3*3))")
        await wait_for_text(pilot, left, "still-9")


async def test_a_dropped_connection_ends_with_connection_lost(demo):
    demo.simulator.data_channel.faults = Faults(drop_after_frames=6)
    launch = launch_into(demo, "storefront", "storefront")
    app = SessionsApp([launch])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_for_prompt(pilot, view)
        for _ in range(6):
            await type_line(pilot, "echo x")
            if view.state.phase is Phase.ENDED:
                break
        await wait_until(pilot, lambda: view.state.phase is Phase.ENDED, 15, "ended")
        assert view.state.ending is Ending.LOST
        assert view.state.reason.startswith("connection lost")
        assert view.query_one("#exec-state").has_class("-failed")
    assert client_pids(launch) == []
    assert no_shell_left(demo)


async def test_a_silent_drop_shows_unresponsive_and_x_kills_the_client(demo):
    """Like AWS's plugin on a dropped websocket: the client hangs; the watchdog notices."""
    demo.simulator.data_channel.faults = Faults(drop_after_frames=4, drop_silently=True)
    launch = launch_into(demo, "storefront", "storefront")
    hanging = dataclasses.replace(launch, env={**launch.env, "ECS_TUI_SESSION_HEARTBEAT": "3600"})
    app = SessionsApp([hanging], silence_limit=1.0)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_for_prompt(pilot, view)
        for _ in range(4):
            await type_line(pilot, "echo x")
        await wait_until(pilot, lambda: view.state.phase is Phase.UNRESPONSIVE, 10, "unresponsive")
        assert "no answer for 1 s" in view.state.reason
        assert "ctrl+] then r reconnect, x close" in str(view.query_one("#exec-banner").render())
        (pid,) = client_pids(hanging)
        await pilot.press("ctrl+right_square_bracket")
        await wait_until(pilot, lambda: view.has_focus, 5, "the view takes focus")
        await pilot.press("x")
        await wait_until(pilot, lambda: any(isinstance(m, ExecSessionView.Closed) for m in app.received), 10, "closed")
        assert gone(pid)
        assert view.state.ending is Ending.CLOSED_HERE


async def test_reconnect_attaches_a_new_session(demo):
    launch = launch_into(demo, "storefront", "storefront")
    app = SessionsApp([launch])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_for_prompt(pilot, view)
        await type_line(pilot, "exit")
        await wait_until(pilot, lambda: view.state.phase is Phase.ENDED, 10, "ended")
        again = start_exec(demo.actions, demo.reader, demo.settings, launch.request, launch.client)
        await view.attach(again)
        assert view.launch is again and view.state.phase is Phase.CONNECTING
        await wait_until(pilot, lambda: view.state.phase is Phase.LIVE, 10, "live again")
        await type_line(pilot, "echo back-$((5+5))")
        await wait_for_text(pilot, view, "back-10")
        assert not view.has_class("-attention")
    assert client_pids(again) == [] and client_pids(launch) == []
    assert no_shell_left(demo)


async def test_a_missing_client_program_ends_the_session_with_that_reason(demo):
    launch = launch_into(demo, "storefront", "storefront")
    missing = dataclasses.replace(launch, argv=["/nonexistent/session-manager-plugin", *launch.argv[1:]])
    app = SessionsApp([missing])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_until(pilot, lambda: view.state.phase is Phase.ENDED, 10, "ended")
        assert view.state.ending is Ending.NO_CLIENT


@pytest.mark.parametrize("key", ["r", "x"])
async def test_reconnect_and_close_are_off_while_live(demo, key):
    launch = launch_into(demo, "storefront", "storefront")
    app = SessionsApp([launch])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ExecSessionView)
        await wait_for_prompt(pilot, view)
        view.focus()
        await pilot.press(key)
        await pilot.pause(0.2)
        assert not [m for m in app.received if not isinstance(m, ExecSessionView.StateChanged)]
        assert view.state.phase is Phase.LIVE
