"""Reading ecs-tui's browser off a terminal screen: panes by border title, rows, cursor, status.

A pane is a rounded box whose top border carries its title (``╭─ Tasks · … ─╮``); inside it
the first line is the table header, the last one the status line ("120 loaded…",
"10000 items", "10000 · refreshing…"), and the lines between hold the rows. A row is
known by its first cell (a cluster name, a task id); the cursor row is the one painted
with the focused cursor's background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks._pty_screen import PtyScreen

_STATUS = re.compile(r"^(\d+)(?: of (\d+))?(?: (items?)| (loaded)…| · (refreshing)…)")
# A scrollbar or an empty line has no first cell made of letters, digits and dashes.
_ROW_KEY = re.compile(r"[\w][\w.:/-]*")


@dataclass(frozen=True)
class Pane:
    """Where one pane sits on the screen (lines ``top``..``bottom``, columns ``left``..``right``)."""

    title: str
    top: int
    bottom: int
    left: int
    right: int

    @property
    def row_lines(self) -> range:
        """The lines between the table header and the status line."""
        return range(self.top + 2, self.bottom - 1)

    @property
    def status_line(self) -> int:
        return self.bottom - 1


@dataclass(frozen=True)
class Status:
    """A pane's status line: how many rows are loaded and whether the listing is still going."""

    loaded: int
    state: str  # "loading", "refreshing" or "done"


def find_pane(screen: PtyScreen, title: str) -> Pane | None:
    """The pane whose border title starts with ``title``, if it is on screen in full."""
    lines = screen.lines()
    for top, line in enumerate(lines):
        start = line.find(f"╭─ {title}")
        if start < 0:
            continue
        right = line.find("╮", start)
        if right < 0:
            return None
        for bottom in range(top + 1, len(lines)):
            if lines[bottom][start : start + 1] == "╰":
                end = lines[top].find(" ─", start + 3)
                return Pane(lines[top][start + 3 : end if end > 0 else right].strip(), top, bottom, start, right)
        return None
    return None


def pane_text(screen: PtyScreen, pane: Pane, y: int) -> str:
    return screen.line(y)[pane.left + 1 : pane.right].strip()


def status(screen: PtyScreen, pane: Pane) -> Status | None:
    """The pane's status line, when it reports rows (not "loading…" nor a hint)."""
    found = _STATUS.match(pane_text(screen, pane, pane.status_line))
    if found is None:
        return None
    loaded = int(found[2] or found[1])
    state = "done" if found[3] else "loading" if found[4] else "refreshing"
    return Status(loaded, state)


def row_key(screen: PtyScreen, pane: Pane, y: int) -> str | None:
    """The first cell of the row on line ``y``, or None for a line without a row."""
    found = _ROW_KEY.match(pane_text(screen, pane, y))
    return found[0] if found else None


def row_keys(screen: PtyScreen, pane: Pane) -> dict[int, str]:
    """Every row shown in the pane, by line."""
    keys = {y: row_key(screen, pane, y) for y in pane.row_lines}
    return {y: key for y, key in keys.items() if key is not None}


def row_background(screen: PtyScreen, pane: Pane, y: int) -> int:
    return screen.pen(y, pane.left + 2).bg


def cursor_line(screen: PtyScreen, pane: Pane, cursor_bg: int) -> int | None:
    """The line of the row painted with the cursor's background, if exactly one is."""
    lines = [y for y in row_keys(screen, pane) if row_background(screen, pane, y) == cursor_bg]
    return lines[0] if len(lines) == 1 else None


def cursor_key(screen: PtyScreen, pane: Pane, cursor_bg: int) -> str | None:
    """The key of the row under the cursor, if the cursor is on screen."""
    y = cursor_line(screen, pane, cursor_bg)
    return None if y is None else row_key(screen, pane, y)
