"""The session state machine, fed with what clients really print."""

from __future__ import annotations

import pytest

from tui.exec.session_state import Ending, Phase, SessionTracker

SID = "ecs-execute-command-0a1b2c3d4e5f60718"
START = f"\r\nStarting session with SessionId: {SID}\r\n".encode()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tracker(builtin: bool = False, clock: Clock | None = None) -> SessionTracker:
    return SessionTracker(SID, builtin=builtin, silence_limit=10, connect_limit=30, clock=clock or Clock())


def test_live_after_the_start_line_and_the_first_output():
    t = tracker()
    assert t.output(START).phase is Phase.CONNECTING and not t.changed
    assert t.output(b"# ").phase is Phase.LIVE and t.changed
    assert t.output(b"ls\r\n").phase is Phase.LIVE and not t.changed


def test_start_line_and_prompt_in_one_read():
    assert tracker().output(START + b"\x1b[?2004h$ ").phase is Phase.LIVE


def test_output_without_the_start_line_is_not_live():
    t = tracker()
    assert t.output(b"some banner\r\n").phase is Phase.CONNECTING
    other = b"\r\nStarting session with SessionId: someone-else\r\n$ "
    assert t.output(other).phase is Phase.CONNECTING


@pytest.mark.parametrize(
    ("last_words", "ending", "reason"),
    [
        (f"\r\n\r\nExiting session with sessionId: {SID}.\r\n\r\n", Ending.CLOSED, "the session closed"),
        (f"\r\n\r\nSessionId: {SID} : Session is terminated by the container agent.\r\n\r\n", Ending.REFUSED, "Session is terminated by the container agent."),
        (f"Session: {SID} timed out.\r\n", Ending.TIMED_OUT, "timed out (ECS Exec sessions end after 20 minutes idle)"),
        (f"\r\n\r\nConnection to the session was lost: no answer to a ping. SessionId: {SID}\r\n\r\n", Ending.LOST, "connection lost: no answer to a ping"),
        ("Cannot perform start session: EOF\r\n", Ending.NOT_STARTED, "could not start: EOF"),
    ],
)  # fmt: skip
def test_the_plugin_exits_zero_so_its_last_words_give_the_reason(last_words, ending, reason):
    t = tracker()
    t.output(START + b"$ ")
    t.output(last_words.encode())
    state = t.exited(0, None)
    assert (state.phase, state.ending, state.reason) == (Phase.ENDED, ending, reason)
    assert state.label == f"ended: {reason}"


def test_an_ending_line_followed_by_more_output_is_just_output():
    t = tracker()
    t.output(START + b"$ ")
    t.output(f"cat old.log\r\nExiting session with sessionId: {SID}.\r\nmore\r\n$ ".encode())
    assert t.exited(0, None).reason == "the session client exited"


@pytest.mark.parametrize(
    ("status", "signal", "ending"),
    [(0, None, Ending.CLOSED), (2, None, Ending.BAD_ARGUMENTS), (3, None, Ending.NOT_STARTED), (4, None, Ending.LOST),
     (143, None, Ending.CLOSED_HERE), (None, 9, Ending.CLOSED_HERE), (127, None, Ending.NO_CLIENT)],
)  # fmt: skip
def test_builtin_exit_codes(status, signal, ending):
    t = tracker(builtin=True)
    t.output(START + b"$ ")
    assert t.exited(status, signal).ending is ending


def test_plugin_exit_codes_say_little():
    t = tracker()
    assert t.exited(0, None).reason == "the session client exited before the session started"
    assert tracker().exited(4, None).ending is Ending.UNKNOWN


def test_keys_without_any_answer_make_it_unresponsive_until_output_returns():
    clock = Clock()
    t = tracker(clock=clock)
    t.output(START + b"$ ")
    clock.now += 60
    assert t.tick().phase is Phase.LIVE  # quiet with nothing typed is fine
    t.keys_sent()
    clock.now += 5
    t.keys_sent()  # a second key does not restart the wait
    clock.now += 5.5
    state = t.tick()
    assert state.phase is Phase.UNRESPONSIVE and t.changed and "10 s" in state.reason
    assert t.output(b"x").phase is Phase.LIVE and t.changed


def test_echo_in_time_keeps_it_live():
    clock = Clock()
    t = tracker(clock=clock)
    t.output(START + b"$ ")
    t.keys_sent()
    clock.now += 0.01
    t.output(b"a")
    clock.now += 20
    assert t.tick().phase is Phase.LIVE


def test_connecting_for_too_long_is_unresponsive():
    clock = Clock()
    t = tracker(clock=clock)
    clock.now += 31
    assert t.tick().phase is Phase.UNRESPONSIVE


def test_ended_is_final():
    t = tracker()
    t.output(START + b"$ ")
    assert t.closed_here().ending is Ending.CLOSED_HERE
    assert t.exited(0, None).ending is Ending.CLOSED_HERE and not t.changed
    assert t.output(b"late").phase is Phase.ENDED
