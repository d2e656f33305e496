"""What a person sees: bytes a terminal receives, drawn by pyte, and waits on what is drawn."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pexpect
import pyte

# The app's keys as a terminal sends them.
ENTER = "\r"
TAB = "\t"
CTRL_Q = "\x11"
LEAVE_TERMINAL = "\x1d"  # ctrl+]

STTY_SIZE = re.compile(r"^(\d+) (\d+)\s*$")


class Screen:
    """A pyte screen fed with raw bytes, read as text lines."""

    def __init__(self, columns: int, rows: int) -> None:
        self._screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self._screen)

    def feed(self, data: bytes) -> None:
        self._stream.feed(data)

    def resize(self, columns: int, rows: int) -> None:
        self._screen.resize(rows, columns)

    @property
    def lines(self) -> list[str]:
        return list(self._screen.display)

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines)

    def has(self, *texts: str) -> bool:
        text = self.text
        return all(piece in text for piece in texts)

    def last_stty_size(self) -> tuple[int, int] | None:
        """The lowest ``rows cols`` line on screen, as ``stty size`` prints it."""
        for line in reversed(self.lines):
            match = STTY_SIZE.match(line.strip("│ "))
            if match:
                return int(match[1]), int(match[2])
        return None


class PtyClient:
    """A program on a pty (pexpect) whose output is drawn on a Screen as it arrives."""

    def __init__(self, argv: list[str], columns: int, rows: int, env: dict[str, str]) -> None:
        self.screen = Screen(columns, rows)
        self.child = pexpect.spawn(argv[0], argv[1:], dimensions=(rows, columns), env=env)

    def pump(self, seconds: float) -> bool:
        """Draw whatever arrives within ``seconds``; False once the program has ended its output."""
        try:
            self.screen.feed(self.child.read_nonblocking(65536, timeout=seconds))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            return False
        return True

    def wait_for(self, condition: Callable[[Screen], bool], what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition(self.screen):
            if time.monotonic() > deadline or not self.pump(0.1) and not condition(self.screen):
                state = "timed out" if self.child.isalive() else "the program ended"
                raise AssertionError(f"{state} waiting for {what}; the screen:\n{self.screen.text}")

    def wait_for_text(self, *texts: str, timeout: float = 20.0) -> None:
        self.wait_for(lambda screen: screen.has(*texts), " and ".join(map(repr, texts)), timeout)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, columns: int, rows: int) -> None:
        """Resize the pty as a terminal window would: the program gets SIGWINCH."""
        self.screen.resize(columns, rows)
        self.child.setwinsize(rows, columns)

    def wait_for_exit(self, timeout: float = 20.0) -> int | None:
        deadline = time.monotonic() + timeout
        while self.pump(0.1):
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not end; the screen:\n{self.screen.text}")
        self.child.close()
        return self.child.exitstatus

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)
