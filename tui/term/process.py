"""A command on a pseudo-terminal, spawned through pexpect, driven from an asyncio loop.

Reads and writes are non-blocking; shutdown escalates HUP, TERM, KILL with a timeout each and
never blocks the loop; every process left in the child's session is signalled too, so nothing
outlives the terminal.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pexpect
import ptyprocess

READ_SIZE = 65536
TERM = "xterm-256color"


class Child(Protocol):
    """What ``PtyChild`` needs from a spawned process: the surface of ``pexpect.spawn``."""

    pid: int
    child_fd: int
    exitstatus: int | None
    signalstatus: int | None

    def isalive(self) -> bool: ...
    def setwinsize(self, rows: int, cols: int) -> None: ...
    def close(self, force: bool = True) -> None: ...


SpawnFunction = Callable[[Sequence[str], Mapping[str, str], str | None, tuple[int, int]], Child]


def spawn_with_pexpect(argv: Sequence[str], env: Mapping[str, str], cwd: str | None, size: tuple[int, int]) -> Child:
    """Start ``argv`` on a new pty of ``size`` (rows, columns); raises ``pexpect.ExceptionPexpect`` if it cannot run."""
    child = pexpect.spawn(argv[0], list(argv[1:]), env=dict(env), cwd=cwd, dimensions=size, encoding=None)
    child.delayafterclose = 0
    child.delayafterterminate = 0
    child.ptyproc.delayafterclose = 0
    child.ptyproc.delayafterterminate = 0
    return child


def child_environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The inherited environment with ``TERM=xterm-256color``, ``COLORTERM=truecolor`` and ``extra`` on top."""
    env = dict(os.environ)
    env["TERM"] = TERM
    env["COLORTERM"] = "truecolor"
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    if extra:
        env.update(extra)
    return env


def session_members(session_id: int) -> list[int]:
    """Live (non-zombie) processes whose session is ``session_id``; empty where /proc is missing."""
    members = []
    proc = Path("/proc")
    if not proc.is_dir():
        return members
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if os.getsid(pid) != session_id:
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            members.append(pid)
    return members


class PtyChild:
    """Owns one spawned child and its pty master."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.pid = child.pid
        self.fd = child.child_fd
        os.set_blocking(self.fd, False)
        self._outbox = bytearray()
        self._writer_registered = False
        self._closed = False
        self.exit_status: int | None = None
        self.signal: int | None = None

    # ----- I/O -----

    def read(self) -> bytes | None:
        """Whatever is available (possibly ``b""``), or None once the pty reports end of file."""
        if self._closed:
            return None
        try:
            data = os.read(self.fd, READ_SIZE)
        except BlockingIOError:
            return b""
        except OSError as error:
            if error.errno == errno.EINTR:
                return b""
            return None
        return data or None

    def write(self, data: bytes) -> None:
        """Queue ``data`` for the child; what the pty cannot take now is written when it can."""
        if self._closed or not data:
            return
        self._outbox += data
        self._flush()

    def _flush(self) -> None:
        while self._outbox and not self._closed:
            try:
                written = os.write(self.fd, self._outbox)
            except BlockingIOError:
                break
            except OSError:
                self._outbox.clear()
                break
            del self._outbox[:written]
        loop = asyncio.get_event_loop()
        if self._outbox and not self._writer_registered:
            loop.add_writer(self.fd, self._flush)
            self._writer_registered = True
        elif not self._outbox and self._writer_registered:
            loop.remove_writer(self.fd)
            self._writer_registered = False

    def resize(self, columns: int, rows: int) -> None:
        """TIOCSWINSZ on the pty; the child gets SIGWINCH."""
        if not self._closed:
            try:
                self.child.setwinsize(max(1, rows), max(1, columns))
            except OSError:
                pass

    # ----- exit and shutdown -----

    def poll(self) -> bool:
        """Reap the child if it has exited; True while it runs."""
        if self.exit_status is not None or self.signal is not None:
            return False
        try:
            alive = self.child.isalive()
        except pexpect.ExceptionPexpect:
            alive = False
        if not alive:
            self.exit_status = self.child.exitstatus
            self.signal = self.child.signalstatus
        return alive

    def _remaining(self) -> list[int]:
        members = session_members(self.pid)
        if self.poll() and self.pid not in members:
            members.append(self.pid)
        return members

    def _send(self, sig: signal.Signals, everyone: bool) -> None:
        targets = set(self._remaining()) if everyone else set()
        groups = {self.pid}
        try:
            groups.add(os.tcgetpgrp(self.fd))
        except OSError:
            pass
        for group in groups:
            try:
                os.killpg(group, sig)
            except OSError:
                pass
        for pid in targets:
            try:
                os.kill(pid, sig)
            except OSError:
                pass

    async def terminate(self, timeouts: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> None:
        """HUP, then TERM, then KILL, waiting up to each timeout for the session to empty; then close the pty."""
        loop = asyncio.get_running_loop()
        stages = ((signal.SIGHUP, False), (signal.SIGTERM, True), (signal.SIGKILL, True))
        for (sig, everyone), timeout in zip(stages, timeouts):
            if not self._remaining():
                break
            self._send(sig, everyone)
            deadline = loop.time() + timeout
            while loop.time() < deadline and self._remaining():
                await asyncio.sleep(0.02)
        self.close()

    def close(self) -> None:
        """Release the pty master (and the loop's interest in it)."""
        if self._closed:
            return
        if self._writer_registered:
            asyncio.get_event_loop().remove_writer(self.fd)
            self._writer_registered = False
        self._closed = True
        self.poll()
        try:
            self.child.close(force=False)
        except (OSError, pexpect.ExceptionPexpect, ptyprocess.PtyProcessError):
            pass

    @property
    def closed(self) -> bool:
        return self._closed
