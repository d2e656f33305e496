"""The client's local terminal: raw mode for the session's lifetime, size, and plain writes."""

from __future__ import annotations

import os
import termios
import tty

# session-manager-plugin reports this size when stdout is not a terminal.
NOT_A_TERMINAL_SIZE = (300, 100)


class LocalTerminal:
    """stdin/stdout of the client; a context manager that holds raw mode while inside."""

    def __init__(self, stdin_fd: int = 0, stdout_fd: int = 1) -> None:
        self.stdin_fd = stdin_fd
        self.stdout_fd = stdout_fd
        self.is_tty = os.isatty(stdin_fd)
        self._saved: list | None = None

    def __enter__(self) -> LocalTerminal:
        if self.is_tty:
            try:
                self._saved = termios.tcgetattr(self.stdin_fd)
                tty.setraw(self.stdin_fd, termios.TCSANOW)
            except termios.error:
                self._saved = None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.restore()

    def restore(self) -> None:
        """Put the terminal back as it was (harmless if the terminal has gone)."""
        if self._saved is not None:
            try:
                termios.tcsetattr(self.stdin_fd, termios.TCSADRAIN, self._saved)
            except termios.error:
                pass
            self._saved = None

    @property
    def raw(self) -> bool:
        return self._saved is not None

    def size(self) -> tuple[int, int]:
        """(cols, rows) of stdout, else stdin, else what the plugin reports without a terminal."""
        for fd in (self.stdout_fd, self.stdin_fd):
            try:
                columns, lines = os.get_terminal_size(fd)
            except OSError:
                continue
            if columns and lines:
                return columns, lines
        return NOT_A_TERMINAL_SIZE

    def write(self, data: bytes) -> None:
        """Write everything, blocking: the terminal's reader sets the pace. Raises OSError if it is gone."""
        view = memoryview(data)
        while view:
            written = os.write(self.stdout_fd, view)
            view = view[written:]

    def message(self, text: str) -> None:
        """A line of our own; in raw mode newlines need a carriage return."""
        if self.raw:
            text = text.replace("\n", "\r\n")
        try:
            self.write(text.encode())
        except OSError:
            pass
