"""``python -m tui.serve_ssh`` on a real pty around a stand-in app: relay, sizes, idle, hang-up, limits."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.demo.processes import descendants, is_alive
from tests.demo.terminal import CTRL_Q, PtyClient
from tui.serve_ssh import describe, main, parse_duration

STAND_IN = Path(__file__).parent / "programs" / "quits_on_ctrl_q.py"
ENV = {"PATH": os.defpath, "TERM": "xterm-256color", "LANG": "C.UTF-8"}


def visit(marker: Path, *options: str, stubborn: bool = False) -> PtyClient:
    app = [sys.executable, str(STAND_IN), str(marker), *(["--stubborn"] if stubborn else [])]
    return PtyClient([sys.executable, "-m", "tui.serve_ssh", *options, "--", *app], 80, 24, ENV)


def test_keys_output_and_window_sizes_pass_through(tmp_path: Path) -> None:
    client = visit(tmp_path / "quit", "--idle", "0")
    client.wait_for_text("size 24 80")
    client.send("a")
    client.wait_for_text("key 61")
    client.resize(100, 30)
    client.wait_for_text("size 30 100")
    client.send(CTRL_Q)
    assert client.wait_for_exit() == 0
    assert (tmp_path / "quit").read_text() == "quit"


def test_no_key_for_the_idle_time_quits_the_app_with_its_quit_key(tmp_path: Path) -> None:
    client = visit(tmp_path / "quit", "--idle", "1s")
    client.wait_for_text("ecs-tui: closed after 1 second without a key.")
    assert client.wait_for_exit() == 0
    assert (tmp_path / "quit").read_text() == "quit"


def test_the_session_limit_holds_even_while_keys_come(tmp_path: Path) -> None:
    client = visit(tmp_path / "quit", "--idle", "0", "--max", "2s")
    client.wait_for_text("size 24 80")
    client.send("x")
    client.wait_for_text("ecs-tui: closed after session limit of 2 seconds.")
    assert (tmp_path / "quit").read_text() == "quit"


def test_a_hang_up_quits_the_app_cleanly(tmp_path: Path) -> None:
    client = visit(tmp_path / "quit", "--idle", "0")
    client.wait_for_text("size 24 80")
    client.child.kill(signal.SIGHUP)
    client.wait_for_exit()
    assert (tmp_path / "quit").read_text() == "quit"


def test_an_app_that_will_not_quit_is_killed(tmp_path: Path) -> None:
    client = visit(tmp_path / "quit", "--idle", "1s", "--grace", "0.5", stubborn=True)
    client.wait_for_text("size 24 80")
    (app,) = descendants(client.child.pid)
    client.wait_for_text("ecs-tui: closed after 1 second without a key.", timeout=30)
    client.wait_for_exit()
    assert not is_alive(app.pid)
    assert not (tmp_path / "quit").exists()


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30s", 30), ("10m", 600), ("1h", 3600), ("0", 0), ("2.5m", 150)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten", "5d", "-1m", "1m30s"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="not a duration"):
        parse_duration(text)


def test_durations_read_back() -> None:
    assert [describe(s) for s in (600, 1, 3600, 90, 7200)] == ["10 minutes", "1 second", "1 hour", "90 seconds", "2 hours"]


def test_without_a_command_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--idle", "1m", "--"]) == 2
    assert capsys.readouterr().err == "python -m tui.serve_ssh: give the app to run after --\n"
