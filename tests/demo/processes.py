"""Which processes are running, read from /proc (zombies do not count: they run nothing)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    uid: int
    argv: tuple[str, ...]

    @property
    def command_line(self) -> str:
        return " ".join(self.argv)


def running() -> list[Process]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = dict(
                line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line
            )
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # ended while we looked
            continue
        if status["State"].split()[0] in ("Z", "X"):
            continue
        found.append(
            Process(
                pid=int(entry.name),
                ppid=int(status["PPid"]),
                uid=int(status["Uid"].split()[0]),
                argv=tuple(word.decode(errors="replace") for word in argv if word),
            )
        )
    return found


def descendants(root: int) -> list[Process]:
    """Every running process below ``root`` in the process tree."""
    table = running()
    below, frontier = [], {root}
    while frontier:
        children = [process for process in table if process.ppid in frontier]
        below.extend(children)
        frontier = {process.pid for process in children}
    return below


def wait_until_none(select: Callable[[Process], bool], what: str, timeout: float = 15.0) -> None:
    """Wait until no running process matches ``select``; fail listing those left."""
    deadline = time.monotonic() + timeout
    while left := [process for process in running() if select(process)]:
        if time.monotonic() > deadline:
            listing = "\n".join(f"  {process.pid} (uid {process.uid}): {process.command_line}" for process in left)
            raise AssertionError(f"{what} still running:\n{listing}")
        time.sleep(0.05)


def is_alive(pid: int) -> bool:
    return any(process.pid == pid for process in running())


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
