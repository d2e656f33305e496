"""Key-to-repaint latency in a pane of the browser: ``j``/``k`` and the cursor row they move.

Each sample writes one key to the pty and waits for that key's own effect: the cursor
highlight on the row next to where it was, known by that row's first cell. Repaints of
rows streaming in, or of status lines, do not end a sample. The cursor walks down and
back up the rows on screen, turning one row before the last so that the table never
has to scroll. Between keys the benchmark waits a random gap of up to ``max_gap`` seconds
(reading all the while), so keys do not fall into step with the app's frame timer.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks._browser_screen import Pane, cursor_key, cursor_line, row_keys, status
from benchmarks._pty_screen import PtyScreen, ScreenTimeout

KEY_TIMEOUT = 2.0  # a key whose effect has not shown by then counts as lost
ROWS_TIMEOUT = 30.0  # waiting for a second row to move to


@dataclass(frozen=True)
class KeySample:
    """One key: seconds from the write to the read that brought its repaint (None: never seen),
    and the pane's state when it was sent ("loading", "refreshing", "done")."""

    seconds: float | None
    state: str


class CursorWalker:
    """Sends ``j`` and ``k`` to the focused pane and times each until its cursor row shows."""

    def __init__(self, screen: PtyScreen, pane: Pane, cursor_bg: int, *, max_gap: float, seed: int = 1) -> None:
        self._screen = screen
        self._pane = pane
        self._cursor_bg = cursor_bg
        self._max_gap = max_gap
        self._random = random.Random(seed)
        self._direction = 1

    def _next_target(self) -> tuple[bytes, str] | None:
        """The key to send and the row it should put the cursor on, if the cursor has somewhere to go."""
        y = cursor_line(self._screen, self._pane, self._cursor_bg)
        if y is None:
            return None
        keys = row_keys(self._screen, self._pane)
        for _ in range(2):
            ahead = y + self._direction
            # Going down, keep one row in hand: the cursor never reaches the last line shown.
            if ahead in keys and (self._direction < 0 or ahead + 1 in keys):
                return (b"j" if self._direction > 0 else b"k"), keys[ahead]
            self._direction = -self._direction
        return None

    def sample(self, count: int, keep_going: Callable[[], bool] = lambda: True) -> list[KeySample]:
        """Up to ``count`` keys, while ``keep_going()`` holds before each."""
        samples: list[KeySample] = []
        while len(samples) < count and keep_going():
            target, _ = self._screen.wait_for(self._next_target, ROWS_TIMEOUT, "a row for the cursor to move to")
            key, expected = target
            shown = status(self._screen, self._pane)
            sent = self._screen.send(key)
            try:
                _, seen = self._screen.wait_for(
                    lambda: True if cursor_key(self._screen, self._pane, self._cursor_bg) == expected else None,
                    KEY_TIMEOUT,
                    f"cursor on {expected}",
                )
                samples.append(KeySample(seen - sent, shown.state if shown else "none"))
            except ScreenTimeout:
                if self._screen.closed:
                    raise
                samples.append(KeySample(None, shown.state if shown else "none"))
            self._screen.pump_for(self._random.uniform(0.0, self._max_gap))
        return samples
