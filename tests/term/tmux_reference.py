"""Render bytes in a real tmux pane and read the result back, for comparing with our emulator."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tui.term.emulator import Emulator

TMUX = shutil.which("tmux")


@dataclass
class PaneState:
    lines: list[str]  # ``capture-pane -p -e -N``: text with tmux's own SGR sequences
    history: list[str]  # scrollback, captured like ``lines``
    cursor: tuple[int, int]  # (x, y)
    alternate: bool
    cursor_visible: bool


class TmuxServer:
    """A private tmux server (own socket, no config) killed by ``close()``."""

    def __init__(self, workdir: Path) -> None:
        self.socket = f"term-test-{uuid.uuid4().hex[:12]}"
        self.workdir = workdir
        self.config = workdir / "tmux.conf"
        self.config.write_text("set -g status off\nset -g history-limit 5000\n")

    def tmux(self, *args: str, timeout: float = 20) -> str:
        result = subprocess.run(
            [TMUX or "tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return result.stdout

    def render(self, data: bytes, width: int, height: int) -> PaneState:
        """Print ``data`` raw into a fresh width x height pane and capture what tmux shows."""
        name = f"s{uuid.uuid4().hex[:8]}"
        path = self.workdir / f"{name}.bin"
        path.write_bytes(data)
        # tmux interprets a pane's output in order: once the title set after the data shows,
        # every byte before it has been drawn (a fixed wait is not enough on a loaded machine).
        marker = f"done-{name}"
        script = f"stty raw -echo; cat {path}; printf '\\033]2;{marker}\\007'; exec sleep 600"
        self.tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), script)
        try:
            deadline = time.monotonic() + 20
            while self.tmux("display-message", "-p", "-t", name, "#{pane_title}").strip() != marker:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"tmux did not finish drawing {path.name}")
                time.sleep(0.02)
            return self._capture(name)
        finally:
            self.tmux("kill-session", "-t", name)

    def _capture(self, name: str) -> PaneState:
        lines = self.tmux("capture-pane", "-p", "-e", "-N", "-t", name).split("\n")[:-1]
        history = self.tmux("capture-pane", "-p", "-e", "-N", "-S", "-", "-E", "-1", "-t", name).split("\n")[:-1]
        fields = self.tmux("display-message", "-p", "-t", name, "#{cursor_x} #{cursor_y} #{alternate_on} #{cursor_flag} #{history_size}").split()
        cursor_x, cursor_y, alternate, visible, history_size = (int(f) for f in fields)
        return PaneState(lines, history[-history_size:] if history_size else [], (cursor_x, cursor_y), bool(alternate), bool(visible))

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def replay(lines: list[str], width: int, height: int) -> Emulator:
    """Our emulator fed with tmux's attribute capture, so both grids share one representation."""
    emulator = Emulator(width, height, scrollback=0)
    emulator.feed("\r\n".join(lines).encode())  # tmux carries attributes across lines
    return emulator
