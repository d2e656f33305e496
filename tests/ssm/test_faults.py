"""The client and the agent under a bad network: reordering, duplicates, delay, loss, drops, refusal."""

from __future__ import annotations

import json
import re
import time

import pytest

from tui.sim.datachannel_faults import Faults
from tui.sim.datachannel_server import DataChannelServer
from tui.ssm.client import EXIT_CLOSED, EXIT_LOST, EXIT_NOT_STARTED, HEARTBEAT_ENV

from .conftest import PROMPT, client_argv, finish, spawn_client

COUNT_TO_200 = "i=1; while [ $i -le 200 ]; do echo line$i; i=$((i+1)); done; echo counted-$((2+2))"


def run_counting_session(server: DataChannelServer, faults: Faults) -> None:
    """Prompt, typed command, 200 lines of output in order, exit: all must survive the faults."""
    issued = server.issue("/bin/sh", faults=faults)
    child = spawn_client(client_argv(issued), timeout=20)
    child.expect(PROMPT)
    child.sendline("echo typed-$((3*3))")
    child.expect_exact("typed-9\r\n")
    child.expect(PROMPT)
    child.sendline(COUNT_TO_200)
    child.expect_exact("counted-4\r\n")
    assert [int(n) for n in re.findall(rb"line(\d+)\r\n", child.before)] == list(range(1, 201))
    child.expect(PROMPT)
    child.sendline("exit")
    assert finish(child, timeout=20) == EXIT_CLOSED
    assert f"Exiting session with sessionId: {issued.session_id}." in child.before.decode()


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param(Faults(reorder=True), id="reorder"),
        pytest.param(Faults(duplicate=True), id="duplicate"),
        pytest.param(Faults(delay=0.05), id="delay"),
        pytest.param(Faults(reorder=True, duplicate=True, delay=0.01), id="all-three"),
    ],
)
def test_output_survives_a_bad_network(data_channel: DataChannelServer, faults: Faults) -> None:
    run_counting_session(data_channel, faults)


def test_lost_output_frames_are_resent_by_the_agent(data_channel: DataChannelServer) -> None:
    run_counting_session(data_channel, Faults(lose_every=5))
    (report,) = data_channel.registry.reports()
    assert report.stats.resent > 0


def test_lost_input_frames_are_resent_by_the_client(data_channel: DataChannelServer) -> None:
    """The agent discards every 3rd client frame unacknowledged; typing still works."""
    run_counting_session(data_channel, Faults(ignore_input_every=3))


def test_reset_connection_ends_the_client_with_a_clear_line(data_channel: DataChannelServer) -> None:
    # Frames 1-2 are the handshake, 3 is the prompt; the echo of the first key drops the link.
    issued = data_channel.issue("/bin/sh", faults=Faults(drop_after_frames=4))
    child = spawn_client(client_argv(issued))
    child.expect(PROMPT)
    started = time.monotonic()
    child.send("x")
    assert finish(child, timeout=10) == EXIT_LOST
    assert time.monotonic() - started < 10
    output = child.before.decode()
    assert "Connection to the session was lost: the network connection was closed" in output
    assert issued.session_id in output
    assert "Exiting session" not in output
    report = data_channel.registry.wait_for_report(issued.session_id, 5)
    assert report is not None and report.outcome == "dropped"


def test_silent_connection_is_detected_by_heartbeat(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh", faults=Faults(drop_after_frames=4, drop_silently=True))
    child = spawn_client(client_argv(issued), env={HEARTBEAT_ENV: "0.5"})
    child.expect(PROMPT)
    child.send("x")
    assert finish(child, timeout=10) == EXIT_LOST
    assert "Connection to the session was lost: the endpoint stopped responding" in child.before.decode()


def test_rejected_token_is_a_clear_start_failure(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh", faults=Faults(reject_token=True))
    child = spawn_client(client_argv(issued))
    assert finish(child) == EXIT_NOT_STARTED
    output = child.before.decode()
    assert "Cannot perform start session: the endpoint closed the connection (code 1008: Authentication failed" in output
    assert issued.token not in output
    assert data_channel.registry.reports() == []  # no shell was ever started


def test_wrong_token_is_refused(data_channel: DataChannelServer) -> None:
    issued = data_channel.issue("/bin/sh")
    forged = issued.as_response() | {"tokenValue": "forged-" + issued.token[:8]}
    child = spawn_client(client_argv(issued, json.dumps(forged)))
    assert finish(child) == EXIT_NOT_STARTED
    assert "Authentication failed" in child.before.decode()


def test_nothing_listening_is_a_clear_start_failure() -> None:
    session = {"sessionId": "s-1", "streamUrl": "ws://127.0.0.1:9/ssm/data-channel/s-1", "tokenValue": "t"}
    child = spawn_client(
        [json.dumps(session), "us-east-1", "StartSession", "", json.dumps({"Target": "ecs:a_b_c"}), ""]
    )
    assert finish(child) == EXIT_NOT_STARTED
    assert "Cannot perform start session:" in child.before.decode()
