"""Fixtures for the data-channel tests: a loopback agent endpoint and client processes on real ptys."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator

import pexpect
import pytest

from tui.sim.datachannel_server import DataChannelServer, IssuedSession, serve_data_channel

PROMPT = r"[#$] $"
TARGET = "ecs:demo_0123456789abcdef_0123456789abcdef-1111111111"
CLIENT_COMMAND = [sys.executable, "-m", "tui.ssm.client"]


_spawned: list[pexpect.spawn] = []


@pytest.fixture
def data_channel() -> Iterator[DataChannelServer]:
    """A fresh endpoint; afterwards every client is gone and so is every shell."""
    with serve_data_channel() as server:
        try:
            yield server
        finally:
            while _spawned:
                _spawned.pop().close(force=True)
        assert_no_shell_left(server)


def client_argv(issued: IssuedSession, session_json: str | None = None) -> list[str]:
    """The plugin argv (without argv[0]) for an issued session, JSON on the command line."""
    return [
        session_json or json.dumps(issued.as_response()),
        "us-east-1",
        "StartSession",
        "",
        json.dumps({"Target": TARGET}),
        "https://ecs.us-east-1.amazonaws.com",
    ]


def spawn_client(
    args: list[str],
    *,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
    dimensions: tuple[int, int] = (24, 80),
    timeout: float = 10,
) -> pexpect.spawn:
    program, *prefix = command or CLIENT_COMMAND
    child = pexpect.spawn(
        program,
        [*prefix, *args],
        env={**os.environ, **(env or {})},
        dimensions=dimensions,
        timeout=timeout,
    )
    _spawned.append(child)
    return child


def finish(child: pexpect.spawn, timeout: float = 10) -> int:
    """Wait for the client to exit; its exit status."""
    child.expect(pexpect.EOF, timeout=timeout)
    child.close()
    assert child.exitstatus is not None, f"client ended by signal {child.signalstatus}"
    return child.exitstatus


def assert_no_shell_left(server: DataChannelServer, timeout: float = 10) -> None:
    """Every session that started a shell has ended, and its shell is reaped."""
    deadline = time.monotonic() + timeout
    while server.registry.live_shell_pids() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.registry.live_shell_pids() == frozenset()
    for report in server.registry.reports():
        if report.shell_pid is not None:
            with pytest.raises(ProcessLookupError):
                os.kill(report.shell_pid, 0)
