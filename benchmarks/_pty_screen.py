"""A program on a pseudo-terminal whose output is read into our own terminal emulator.

A benchmark sees what a user would see: every byte the program writes goes through
``tui.term.Emulator``, which also answers the terminal queries a real terminal answers.
Times are ``time.perf_counter()`` values taken when a read returned the bytes that made
a condition true, so the emulator's own parsing time is not charged to the program.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import pexpect

from tui.term import Emulator
from tui.term.style import Pen

T = TypeVar("T")
READ_SIZE = 1 << 16


class ScreenTimeout(Exception):
    """What was waited for did not show; ``str(error)`` says what, and the screen at the time."""


class PtyScreen:
    """``argv`` on a ``width`` x ``height`` pty, its screen kept up to date as output is read."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], *, width: int = 160, height: int = 48) -> None:
        self.emulator = Emulator(width, height, scrollback=0)
        self.emulator.on_reply = self._answer
        self.started = time.perf_counter()
        self._child = pexpect.spawn(argv[0], list(argv[1:]), env=dict(env), dimensions=(height, width), echo=False)
        self.closed = False

    @property
    def pid(self) -> int:
        return self._child.pid

    def _answer(self, data: bytes) -> None:
        """Send the program what a terminal answers to its queries (device attributes, cursor position)."""
        self.send(data)

    def send(self, data: bytes) -> float:
        """Write ``data`` to the program's terminal; return the time just before the write."""
        written_at = time.perf_counter()
        os.write(self._child.child_fd, data)
        return written_at

    def pump(self, timeout: float) -> float | None:
        """Read and interpret what arrives within ``timeout``; return when the read returned, or None."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return None
        ready, _, _ = select.select([self._child.child_fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        read_at = time.perf_counter()
        try:
            data = os.read(self._child.child_fd, READ_SIZE)
        except OSError:  # the program closed its terminal (it exited)
            data = b""
        if not data:
            self.closed = True
            return None
        self.emulator.feed(data)
        return read_at

    def pump_for(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (the program must never block on a full pty)."""
        deadline = time.perf_counter() + seconds
        while (remaining := deadline - time.perf_counter()) > 0:
            self.pump(remaining)

    def wait_for(self, condition: Callable[[], T | None], timeout: float, what: str) -> tuple[T, float]:
        """Read until ``condition()`` returns something other than None; return it and when its bytes were read.

        A condition already true returns at once, timed now.
        """
        found = condition()
        if found is not None:
            return found, time.perf_counter()
        deadline = time.perf_counter() + timeout
        while (remaining := deadline - time.perf_counter()) > 0:
            read_at = self.pump(remaining)
            if read_at is None:
                if self.closed:
                    raise ScreenTimeout(f"the program exited while waiting for {what}{self._last_words()}")
                continue
            found = condition()
            if found is not None:
                return found, read_at
        raise ScreenTimeout(f"no {what} within {timeout:.0f} s; the screen showed:\n{self.text()}")

    def _last_words(self) -> str:
        text = self.text().strip()
        return f"; the screen showed:\n{text}" if text else ""

    # -- reading the screen -------------------------------------------------------------

    def line(self, y: int) -> str:
        return self.emulator.screen.line_text(y)

    def lines(self) -> list[str]:
        return self.emulator.screen.display()

    def pen(self, y: int, x: int) -> Pen:
        return self.emulator.screen.cell(y, x)[1]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    # -- ending -------------------------------------------------------------------------

    def wait_exit(self, timeout: float) -> bool:
        """Read until the program exits; False when it is still running after ``timeout``."""
        deadline = time.perf_counter() + timeout
        while not self.closed and (remaining := deadline - time.perf_counter()) > 0:
            self.pump(remaining)
        return self.closed

    def close(self) -> None:
        """End the program if it still runs, and release the pty."""
        if self._child.isalive():
            self._child.terminate(force=True)
        self._child.close()
        self.closed = True
