"""Run the app for one SSH visitor: quit it cleanly when they go idle, leave, or overstay.

    python -m tui.serve_ssh [--idle 10m] [--max 30m] -- ecs-tui --demo --read-only

sshd's own timeouts count the app's screen updates as activity, and a hang-up kills the app
before it can close its sessions. This runs the app on a pseudo-terminal of its own, passes
keys, output and window sizes through, and ends it with its quit key (ctrl+q) when no key came
for ``--idle``, when the session has lasted ``--max``, or when the connection goes away
(SIGHUP, SIGTERM, end of input); it is killed only if it has not quit ``--grace`` later.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import os
import pty
import re
import select
import signal
import sys
import termios
import time
import tty
from collections.abc import Sequence

QUIT_KEY = b"\x11"  # ctrl+q, the app's quit key everywhere, terminals included
READ_SIZE = 65536
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smh]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``10m`` or ``1h`` as seconds; 0 means never."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 30s, 10m, 1h; 0 for never)")
    return float(match[1]) * _UNIT_SECONDS[match[2]]


def describe(seconds: float) -> str:
    """``600`` → "10 minutes", ``1`` → "1 second"."""
    count, unit = seconds, "second"
    for name, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count, unit = seconds / size, name
            break
    return f"{count:g} {unit}{'' if count == 1 else 's'}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.serve_ssh",
        description="Run a terminal app for one SSH visitor; quit it on idle, hang-up or a time limit.",
    )
    parser.add_argument("--idle", type=parse_duration, default=parse_duration("10m"), help="quit after this long without a key (default: 10m; 0: never)")
    parser.add_argument("--max", type=parse_duration, default=parse_duration("0"), help="quit after this long in all (default: never)")
    parser.add_argument("--grace", type=parse_duration, default=parse_duration("5s"), help="how long the app gets to quit before it is killed (default: 5s)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the app and its flags, after --")
    return parser


def _copy_window_size(source_fd: int, target_fd: int) -> None:
    try:
        size = fcntl.ioctl(source_fd, termios.TIOCGWINSZ, b"\0" * 8)
    except OSError:  # not a terminal: the app keeps its default size
        return
    fcntl.ioctl(target_fd, termios.TIOCSWINSZ, size)


class Visit:
    """One app on its own pty, between the visitor's terminal (stdin/stdout) and the app."""

    def __init__(self, pid: int, master_fd: int, idle_seconds: float, max_seconds: float, grace_seconds: float) -> None:
        self.pid = pid
        self.master_fd = master_fd
        self.idle_seconds = idle_seconds
        self.started = time.monotonic()
        self.max_seconds = max_seconds
        self.grace_seconds = grace_seconds
        self.last_key = self.started
        self.reason: str | None = None  # why we asked the app to quit
        self.exit_code: int | None = None
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)

    def on_signal(self, signum: int, _frame: object) -> None:
        if signum == signal.SIGWINCH:
            _copy_window_size(sys.stdin.fileno(), self.master_fd)
        else:
            self.reason = self.reason or "hang-up"
        try:
            os.write(self._wake_write, b"!")
        except BlockingIOError:
            pass

    def _deadline(self) -> float | None:
        limits = []
        if self.idle_seconds > 0:
            limits.append(self.last_key + self.idle_seconds)
        if self.max_seconds > 0:
            limits.append(self.started + self.max_seconds)
        return min(limits) if limits else None

    def _check_limits(self) -> None:
        now = time.monotonic()
        if self.max_seconds > 0 and now >= self.started + self.max_seconds:
            self.reason = f"session limit of {describe(self.max_seconds)}"
        elif self.idle_seconds > 0 and now >= self.last_key + self.idle_seconds:
            self.reason = f"{describe(self.idle_seconds)} without a key"

    def relay(self) -> None:
        """Pass bytes both ways until the app ends, or until a reason to quit it appears."""
        stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
        while self.reason is None:
            deadline = self._deadline()
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([stdin, self.master_fd, self._wake_read], [], [], timeout)
            if self._wake_read in ready:
                os.read(self._wake_read, 64)
            if self.master_fd in ready and not self._pass_output(stdout):
                return
            if stdin in ready:
                keys = _read(stdin)
                if not keys:
                    self.reason = "end of input"
                    break
                self.last_key = time.monotonic()
                _write_all(self.master_fd, keys)
            self._check_limits()

    def _pass_output(self, stdout: int) -> bool:
        """Copy what the app printed; False once it has closed its terminal."""
        data = _read(self.master_fd)
        if not data:
            return False
        try:
            _write_all(stdout, data)
        except OSError:  # the visitor's terminal is gone; keep draining the app
            self.reason = self.reason or "hang-up"
        return True

    def quit_app(self) -> None:
        """ctrl+q, then wait; SIGHUP, SIGTERM, SIGKILL to its process group if it lingers."""
        try:
            _write_all(self.master_fd, QUIT_KEY)
        except OSError:
            pass
        for signum in (None, signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
            if signum is not None:
                try:
                    os.killpg(self.pid, signum)
                except ProcessLookupError:
                    return
            if self._drain_until_exit(self.grace_seconds):
                return

    def _drain_until_exit(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._reaped(block=False):
                return True
            ready, _, _ = select.select([self.master_fd], [], [], 0.05)
            if ready and self.reason not in ("hang-up", "end of input"):
                self._pass_output(sys.stdout.fileno())
            elif ready:
                _read(self.master_fd)
        return False

    def _reaped(self, *, block: bool) -> bool:
        if self.exit_code is None:
            finished, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if finished:
                self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code is not None

    def wait(self) -> int:
        self._reaped(block=True)
        assert self.exit_code is not None
        return self.exit_code


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, READ_SIZE)
    except OSError as error:  # EIO: the other side of the pty is closed
        if error.errno in (errno.EIO, errno.EBADF):
            return b""
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            select.select([], [fd], [])
            continue
        view = view[written:]


def run(command: Sequence[str], idle_seconds: float, max_seconds: float, grace_seconds: float) -> int:
    pid, master_fd = pty.fork()
    if pid == 0:  # the child: on the new pty, as session leader
        try:
            os.execvp(command[0], list(command))
        except OSError as error:
            sys.stderr.write(f"{command[0]}: {error.strerror}\r\n")
        os._exit(127)
    visit = Visit(pid, master_fd, idle_seconds, max_seconds, grace_seconds)
    for signum in (signal.SIGWINCH, signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, visit.on_signal)
    stdin = sys.stdin.fileno()
    _copy_window_size(stdin, master_fd)
    saved = termios.tcgetattr(stdin) if os.isatty(stdin) else None
    if saved is not None:
        tty.setraw(stdin)
    try:
        visit.relay()
        if visit.reason is not None:
            visit.quit_app()
    finally:
        if saved is not None:
            try:
                termios.tcsetattr(stdin, termios.TCSAFLUSH, saved)
            except termios.error:  # the terminal is gone
                pass
    code = visit.wait()
    if visit.reason is not None and visit.reason not in ("hang-up", "end of input"):
        try:
            print(f"ecs-tui: closed after {visit.reason}.", flush=True)
        except OSError:
            pass
    return code


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # argparse already printed the usage and the problem
        return int(exit_.code or 0)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        print("python -m tui.serve_ssh: give the app to run after --", file=sys.stderr)
        return 2
    return run(command, args.idle, args.max, args.grace)


if __name__ == "__main__":
    sys.exit(main())
