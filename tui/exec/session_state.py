"""How a session is going, read from its client's output, exit status and silence.

    connecting --(first output after "Starting session with SessionId: <id>")--> live
    live --(keys sent, then no output at all for ``silence_limit`` s)--> unresponsive
    unresponsive --(any output)--> live
    any --(the client exits, or is closed)--> ended(reason)

AWS's plugin exits 0 whatever happened and hangs for ever when its websocket drops, so the
reason comes from the last words it printed for *this* session id ("Exiting session with
sessionId", "SessionId: <id> : <reason>", "Cannot perform start session: ...", "Session:
<id> timed out."); ecs-tui-session prints the same lines and also says it by exit status.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from tui.ssm.client import EXIT_CLOSED, EXIT_LOST, EXIT_NOT_STARTED, EXIT_USAGE

SILENCE_LIMIT_SECONDS = 10.0
CONNECT_LIMIT_SECONDS = 30.0
TAIL_CHARS = 4096
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


class Phase(Enum):
    CONNECTING = "connecting"
    LIVE = "live"
    UNRESPONSIVE = "unresponsive"
    ENDED = "ended"


class Ending(Enum):
    """Why a session ended."""

    CLOSED = "closed"  # the remote side ended it (shell exited)
    REFUSED = "refused"  # the agent ended it with a reason
    NOT_STARTED = "not started"
    LOST = "connection lost"
    TIMED_OUT = "timed out"
    BAD_ARGUMENTS = "bad arguments"
    NO_CLIENT = "client missing"
    CLOSED_HERE = "closed here"  # ecs-tui (or a signal) stopped the client
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SessionState:
    phase: Phase
    reason: str = ""  # for UNRESPONSIVE and ENDED: one plain line
    ending: Ending | None = None

    @property
    def label(self) -> str:
        """What a header shows: "live", "ended: connection lost: ..."."""
        return f"{self.phase.value}: {self.reason}" if self.reason else self.phase.value


CONNECTING = SessionState(Phase.CONNECTING)
LIVE = SessionState(Phase.LIVE)


class SessionTracker:
    """Feed it output (``output``), the user's keys (``keys_sent``), a periodic ``tick`` and the
    exit (``exited``); each returns the state, and ``changed`` tells whether it moved."""

    def __init__(
        self,
        session_id: str,
        *,
        builtin: bool,
        silence_limit: float = SILENCE_LIMIT_SECONDS,
        connect_limit: float = CONNECT_LIMIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session_id = session_id
        self.builtin = builtin
        self.silence_limit = silence_limit
        self.connect_limit = connect_limit
        self._clock = clock
        self.state = CONNECTING
        self.changed = False
        self._started_at = clock()
        self._announced = False
        self._tail = ""
        self._last_output = self._started_at
        self._waiting_since: float | None = None  # first key sent since the last output
        self._last_words: tuple[Ending, str] | None = None
        id_ = re.escape(session_id)
        self._start_line = re.compile(rf"Starting session with SessionId: {id_}\s")
        self._endings = [
            (re.compile(rf"Exiting session with sessionId: {id_}\."), Ending.CLOSED, lambda m: "the session closed"),
            (re.compile(rf"SessionId: {id_} : ([^\r\n]+)"), Ending.REFUSED, lambda m: m.group(1).strip()),
            (re.compile(rf"Session: {id_} timed out\."), Ending.TIMED_OUT, lambda m: "timed out (ECS Exec sessions end after 20 minutes idle)"),
            (re.compile(r"Connection to the session was lost: ([^\r\n]*?)\. SessionId: " + id_), Ending.LOST, lambda m: f"connection lost: {m.group(1)}"),
            (re.compile(r"Cannot perform start session: ([^\r\n]+)"), Ending.NOT_STARTED, lambda m: f"could not start: {m.group(1).strip()}"),
        ]  # fmt: skip

    def _move(self, state: SessionState) -> SessionState:
        self.changed = state != self.state
        self.state = state
        return state

    def output(self, data: bytes) -> SessionState:
        self.changed = False
        if self.state.phase is Phase.ENDED or not data:
            return self.state
        now = self._clock()
        self._last_output = now
        self._waiting_since = None
        text = data.decode("utf-8", "replace")
        self._tail = (self._tail + _ANSI.sub("", text))[-TAIL_CHARS:]
        self._last_words = self._final_words()
        if not self._announced:
            start = self._start_line.search(self._tail)
            if start is None:
                return self.state
            self._announced = True
            self._tail = self._tail[start.end():]
            if not self._tail.strip():
                return self.state
        if self._last_words is None:
            return self._move(LIVE)
        return self.state

    def _final_words(self) -> tuple[Ending, str] | None:
        """An ending line with nothing but blank space after it: what a client says as it exits."""
        for pattern, ending, reason in self._endings:
            found = None
            for found in pattern.finditer(self._tail):
                pass
            if found is not None and not self._tail[found.end():].strip(" .\r\n"):
                return ending, reason(found)
        return None

    def keys_sent(self) -> None:
        if self._waiting_since is None:
            self._waiting_since = self._clock()

    def tick(self) -> SessionState:
        """The watchdog: call it every second or so."""
        self.changed = False
        now = self._clock()
        phase = self.state.phase
        if phase is Phase.CONNECTING and now - self._started_at > self.connect_limit:
            return self._move(
                SessionState(Phase.UNRESPONSIVE, f"no session after {self.connect_limit:.0f} s")
            )
        if phase is Phase.LIVE and self._waiting_since is not None and now - self._waiting_since > self.silence_limit:
            return self._move(
                SessionState(Phase.UNRESPONSIVE, f"no answer for {self.silence_limit:.0f} s: the connection may be lost")
            )
        return self.state

    def exited(self, exit_status: int | None, signal: int | None) -> SessionState:
        """The client process is gone: the final state, with the best reason known."""
        self.changed = False
        if self.state.phase is Phase.ENDED:
            return self.state
        ending, reason = self._reason(exit_status, signal)
        return self._move(SessionState(Phase.ENDED, reason, ending))

    def closed_here(self) -> SessionState:
        """ecs-tui is stopping the client on purpose (close, reconnect, quit)."""
        self.changed = False
        if self.state.phase is Phase.ENDED:
            return self.state
        return self._move(SessionState(Phase.ENDED, "closed", Ending.CLOSED_HERE))

    def _reason(self, exit_status: int | None, signal: int | None) -> tuple[Ending, str]:
        if self._last_words is not None:
            return self._last_words
        if signal is not None:
            return Ending.CLOSED_HERE, f"the session client was stopped (signal {signal})"
        if exit_status == 127:
            return Ending.NO_CLIENT, "the session client could not be started"
        if self.builtin:
            if exit_status == EXIT_USAGE:
                return Ending.BAD_ARGUMENTS, "the session client rejected its arguments"
            if exit_status == EXIT_NOT_STARTED:
                return Ending.NOT_STARTED, "the session could not start"
            if exit_status == EXIT_LOST:
                return Ending.LOST, "connection lost"
            if exit_status is not None and exit_status > 128:
                return Ending.CLOSED_HERE, f"the session client was stopped (signal {exit_status - 128})"
        if exit_status == EXIT_CLOSED:
            return Ending.CLOSED, "the session client exited" if self._announced else "the session client exited before the session started"
        return Ending.UNKNOWN, f"the session client exited with status {exit_status}"
