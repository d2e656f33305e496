"""ecs-tui-session against the simulator's agent endpoint, end to end on real ptys."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

from tui.sim.datachannel_server import DataChannelServer, serve_data_channel
from tui.ssm.client import EXIT_CLOSED, EXIT_LOST

from .conftest import CLIENT_COMMAND, PROMPT, assert_no_shell_left, client_argv, finish, spawn_client


def test_interactive_shell_round_trip(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    child = spawn_client(client_argv(issued), dimensions=(30, 100))
    child.expect_exact(f"Starting session with SessionId: {issued.session_id}")
    child.expect(PROMPT)

    child.sendline("echo hi$((40+2))")
    child.expect_exact("hi42")
    child.expect(PROMPT)

    child.sendline("stty size")
    child.expect_exact("30 100")
    child.expect(PROMPT)

    child.sendline("pwd")
    child.expect(r"/ecs-tui-exec-\w+")
    workdir = child.after.decode().strip()
    child.expect(PROMPT)

    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED
    assert f"Exiting session with sessionId: {issued.session_id}." in child.before.decode()
    report = data_channel.registry.wait_for_report(issued.session_id, 5)
    assert report is not None and report.outcome == "shell exited"
    deadline = time.monotonic() + 5  # the agent tidies up as the shell's process ends, maybe just after the report
    while any(workdir.endswith(name) for name in os.listdir("/tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(workdir.endswith(name) for name in os.listdir("/tmp")), "throwaway directory left behind"


def test_resize_reaches_the_shell(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    child = spawn_client(client_argv(issued), dimensions=(24, 80))
    child.expect(PROMPT)
    child.setwinsize(50, 200)
    deadline = time.monotonic() + 5
    while True:
        child.sendline("stty size")
        index = child.expect([r"50 200\r\n", r"\d+ \d+\r\n"])
        child.expect(PROMPT)
        if index == 0:
            break
        assert time.monotonic() < deadline, "the new size never reached the shell"
        time.sleep(0.05)
    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED


def test_ctrl_c_interrupts_the_remote_command(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    child = spawn_client(client_argv(issued))
    child.expect(PROMPT)
    child.sendline("sleep 100; echo after-$((1+1))-sleep")
    child.expect_exact("sleep 100")
    time.sleep(0.3)
    started = time.monotonic()
    child.sendintr()
    child.expect(PROMPT, timeout=5)
    assert time.monotonic() - started < 5
    assert b"after-2-sleep" not in child.before
    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED


def test_output_arrives_complete_and_in_order(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    child = spawn_client(client_argv(issued))
    child.expect(PROMPT)
    child.sendline("i=1; while [ $i -le 400 ]; do echo line$i; i=$((i+1)); done; echo counted-$((2+2))")
    child.expect_exact("counted-4\r\n")
    numbers = [int(n) for n in re.findall(rb"line(\d+)\r\n", child.before)]
    assert numbers == list(range(1, 401))
    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED


def test_channel_closed_output_is_shown_like_the_plugin(data_channel: DataChannelServer) -> None:
    """A command that exits by itself ends the session with the plugin's closing line."""
    issued = data_channel.issue("/bin/echo finished-by-itself")
    child = spawn_client(client_argv(issued))
    child.expect_exact("finished-by-itself")
    assert finish(child) == EXIT_CLOSED
    assert f"Exiting session with sessionId: {issued.session_id}." in child.before.decode()


def test_pascal_case_session_keys_and_query_string_are_accepted(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    stream_url = issued.stream_url + "?role=publish_subscribe"
    pascal = json.dumps({"SessionId": issued.session_id, "TokenValue": issued.token, "StreamUrl": stream_url})
    child = spawn_client(client_argv(issued, pascal))
    child.expect(PROMPT)
    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED


def test_client_killed_mid_session_leaves_no_shell(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    child = spawn_client(client_argv(issued))
    child.expect(PROMPT)
    child.sendline("sleep 300")
    child.expect_exact("sleep 300")
    child.close(force=True)
    report = data_channel.registry.wait_for_report(issued.session_id, 10)
    assert report is not None and report.outcome == "client left"
    assert report.shell_pid is not None
    # the fixture also checks that the shell (and so `sleep`'s session leader) is gone


def test_unknown_command_ends_the_session_with_its_error(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/no/such/shell")
    child = spawn_client(client_argv(issued))
    child.expect_exact("/no/such/shell: No such file or directory")
    assert finish(child) == EXIT_CLOSED


def test_second_connection_with_a_used_token_is_refused(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    first = spawn_client(client_argv(issued))
    first.expect(PROMPT)
    second = spawn_client(client_argv(issued))
    second.expect_exact("Cannot perform start session:")
    assert finish(second) == 3
    first.sendline("exit")
    assert finish(first) == EXIT_CLOSED


def test_simulator_shutdown_ends_live_sessions() -> None:
    with serve_data_channel() as server:
        issued = server.issue("/bin/sh")
        child = spawn_client(client_argv(issued))
        child.expect(PROMPT)
    assert finish(child) == EXIT_LOST
    assert "Connection to the session was lost: the endpoint closed the connection (code 1001" in child.before.decode()
    assert_no_shell_left(server)


def test_without_a_terminal_piped_input_still_runs_the_session(data_channel: DataChannelServer) -> None:
    """stdin from a pipe or /dev/null: no raw mode, no SIGWINCH, but the session works."""
    issued = data_channel.issue("/bin/sh")
    piped = subprocess.run(
        [*CLIENT_COMMAND, *client_argv(issued)], input=b"echo piped-$((5+5))\nexit\n", capture_output=True, timeout=30
    )
    assert piped.returncode == EXIT_CLOSED
    assert b"piped-10\r\n" in piped.stdout
    assert f"Exiting session with sessionId: {issued.session_id}.".encode() in piped.stdout

    issued = data_channel.issue("/bin/echo nothing-typed")
    silent = subprocess.run(
        [*CLIENT_COMMAND, *client_argv(issued)], stdin=subprocess.DEVNULL, capture_output=True, timeout=30
    )
    assert silent.returncode == EXIT_CLOSED
    assert b"nothing-typed" in silent.stdout
