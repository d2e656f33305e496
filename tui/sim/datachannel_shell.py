"""A shell on a real pty for the simulator's exec sessions: spawn, resize, feed, reap.

The child gets its own session with the pty as controlling terminal, so Ctrl-C written
to the master reaches the foreground job as SIGINT. It is started through a tiny Python
trampoline (setsid by subprocess, TIOCSCTTY, exec) instead of fork-and-run-Python, which
is not safe in the simulator's multi-threaded process.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import os
import shlex
import shutil
import signal
import struct
import sys
import tempfile
import termios
from collections.abc import Callable

_TRAMPOLINE = """\
import fcntl, os, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
try:
    os.execvp(sys.argv[1], sys.argv[1:])
except OSError as error:
    sys.stderr.write(f"{sys.argv[1]}: {error.strerror}\\r\\n")
    sys.exit(127)
"""

READ_SIZE = 4096
TERMINATE_STEP_SECONDS = 0.5


def set_window_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def shell_environment(command: str, home: str) -> dict[str, str]:
    """A small, clean environment: nothing from the simulator's own (no AWS credentials)."""
    return {
        "HOME": home,
        "PWD": home,
        "PATH": os.environ.get("PATH", os.defpath),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "SHELL": command,
    }


class PtyShell:
    """One command running on a pty master we own; call close() exactly once when done."""

    def __init__(self, process: asyncio.subprocess.Process, master_fd: int, workdir: str, owns_workdir: bool) -> None:
        self.process = process
        self.master_fd = master_fd
        self.workdir = workdir
        self._owns_workdir = owns_workdir
        self._pending_input = bytearray()
        self._writer_registered = False
        self._loop = asyncio.get_running_loop()

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(cls, command: str, cwd: str | None, cols: int, rows: int) -> PtyShell:
        """Spawn ``command`` (split like a shell would) in ``cwd``, or in a new throwaway directory."""
        argv = shlex.split(command) or ["/bin/sh"]
        owns_workdir = cwd is None
        workdir = tempfile.mkdtemp(prefix="ecs-tui-exec-") if cwd is None else cwd
        master_fd, slave_fd = os.openpty()
        try:
            set_window_size(slave_fd, cols, rows)
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-I", "-S", "-c", _TRAMPOLINE, *argv,
                stdin=slave_fd, stdout=slave_fd, stderr=slave_fd,
                cwd=workdir, env=shell_environment(argv[0], workdir), start_new_session=True,
            )  # fmt: skip
        except BaseException:
            os.close(master_fd)
            if owns_workdir:
                shutil.rmtree(workdir, ignore_errors=True)
            raise
        finally:
            os.close(slave_fd)
        os.set_blocking(master_fd, False)
        return cls(process, master_fd, workdir, owns_workdir)

    def on_output(self, callback: Callable[[bytes], None], on_end: Callable[[], None]) -> None:
        """Call ``callback`` with each chunk the pty prints, and ``on_end`` once it has no more."""

        def readable() -> None:
            try:
                chunk = os.read(self.master_fd, READ_SIZE)
            except BlockingIOError:
                return
            except OSError as error:  # EIO: every slave end is closed
                if error.errno != errno.EIO:
                    raise
                chunk = b""
            if chunk:
                callback(chunk)
            else:
                self._loop.remove_reader(self.master_fd)
                on_end()

        self._loop.add_reader(self.master_fd, readable)

    def drain_output(self) -> bytes:
        """Whatever the pty holds right now, without waiting."""
        chunks = []
        while True:
            try:
                chunk = os.read(self.master_fd, READ_SIZE)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def write(self, data: bytes) -> None:
        """Queue keystrokes for the pty without ever blocking the event loop."""
        self._pending_input += data
        self._flush_input()

    def _flush_input(self) -> None:
        while self._pending_input:
            try:
                written = os.write(self.master_fd, self._pending_input)
            except BlockingIOError:
                break
            except OSError:  # the shell is gone: its input no longer matters
                self._pending_input.clear()
                break
            del self._pending_input[:written]
        if self._pending_input and not self._writer_registered:
            self._loop.add_writer(self.master_fd, self._flush_input)
            self._writer_registered = True
        elif not self._pending_input and self._writer_registered:
            self._loop.remove_writer(self.master_fd)
            self._writer_registered = False

    def resize(self, cols: int, rows: int) -> None:
        """TIOCSWINSZ on the master; the kernel sends SIGWINCH to the foreground job."""
        set_window_size(self.master_fd, cols, rows)

    async def terminate(self) -> None:
        """SIGHUP, then SIGTERM, then SIGKILL to the shell's process group, each with a bounded wait."""
        for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
            if self.process.returncode is not None:
                break
            try:
                os.killpg(self.process.pid, signum)
            except ProcessLookupError:
                pass
            try:
                await asyncio.wait_for(self.process.wait(), TERMINATE_STEP_SECONDS)
            except asyncio.TimeoutError:
                continue
        # Whatever else the shell left in its process group gets the hang-up too.
        try:
            os.killpg(self.process.pid, signal.SIGHUP)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        """Release the pty and the throwaway directory; the process must already be reaped."""
        self._loop.remove_reader(self.master_fd)
        if self._writer_registered:
            self._loop.remove_writer(self.master_fd)
        os.close(self.master_fd)
        if self._owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
