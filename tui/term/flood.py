"""Lines of a flood kept as they arrived, turned into rows only when something looks at them.

A flood of log lines mostly scrolls past unseen: of a 10 MB ``cat`` only the last screen and
the scrollback are ever drawn. ``LineBlock`` holds the lines of one feed as strings (text with
SGR sequences, no CR LF) and works out a line's starting pen only when that line is read.
``Scrollback`` keeps such lines as numbers until then, so a line that scrolls past costs one
int.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable

from tui.term.rows import AnyRow, PackedRow
from tui.term.style import DEFAULT, Pen, StyleTable, apply_sgr

SGR_SPLIT = re.compile(r"\x1b\[([0-9;]*)m")
_CACHE_SIZE = 4096


def resets_pen(params: str) -> bool:
    """True when ``CSI params m`` starts with a full reset, so what came before it no longer matters."""
    first = params.partition(";")[0]
    return not first.strip("0")


class LineStyler:
    """Style ids after SGR sequences, memoised: floods repeat the same few."""

    def __init__(self, styles: StyleTable) -> None:
        self.styles = styles
        self._after: dict[tuple[int, str], int] = {}
        self._lines: dict[tuple[int, tuple[str, ...]], tuple[tuple[int, ...], int]] = {}
        self._erase: dict[int, int] = {}

    def after(self, style: int, params: str) -> int:
        """The style id once ``CSI params m`` is applied to ``style``."""
        key = (style, params)
        hit = self._after.get(key)
        if hit is None:
            if len(self._after) >= _CACHE_SIZE:
                self._after.clear()
            hit = self._after[key] = self.styles.id_for(apply_sgr(self.styles.pens[style], params))
        return hit

    def line(self, style: int, params: tuple[str, ...]) -> tuple[tuple[int, ...], int]:
        """Style ids of a line's text segments (split by ``params``), then the style after the line."""
        key = (style, params)
        hit = self._lines.get(key)
        if hit is None:
            if len(self._lines) >= _CACHE_SIZE:
                self._lines.clear()
            ids = [style]
            for sgr in params:
                ids.append(self.after(ids[-1], sgr))
            hit = self._lines[key] = (tuple(ids), ids[-1])
        return hit

    def erase(self, style: int) -> int:
        """The style erased cells get while ``style`` is the pen: its background only."""
        hit = self._erase.get(style)
        if hit is None:
            bg = self.styles.pens[style].bg
            hit = self._erase[style] = 0 if bg == DEFAULT else self.styles.id_for(Pen(DEFAULT, bg, 0))
        return hit


class LineBlock:
    """Complete lines printed one after another from ``first_style``, each on a row of ``width``."""

    __slots__ = ("lines", "width", "_styler", "_starts")

    def __init__(self, lines: list[str], first_style: int, width: int, styler: LineStyler) -> None:
        self.lines = lines
        self.width = width
        self._styler = styler
        self._starts: dict[int, int] = {0: first_style}

    def style_before(self, index: int) -> int:
        """The pen's style id when line ``index`` starts (``len(lines)``: after the last line).

        Walks back only as far as the last SGR that resets the pen, or a line already resolved.
        """
        starts = self._starts
        known = starts.get(index)
        if known is not None:
            return known
        pending: list[str] = []  # SGR parameters met walking back, newest first
        style: int | None = None
        line = index
        while style is None:
            line -= 1
            text = self.lines[line]
            if "\x1b" in text:
                params = SGR_SPLIT.findall(text)
                for position in range(len(params) - 1, -1, -1):
                    pending.append(params[position])
                    if resets_pen(params[position]):
                        style = 0
                        break
            if style is None:
                style = starts.get(line)
        after = self._styler.after
        for params in reversed(pending):
            style = after(style, params)
        starts[index] = style
        return style

    def row(self, index: int) -> PackedRow:
        """Line ``index`` as a row."""
        styler = self._styler
        style = self.style_before(index)
        erase = styler.erase(style)
        text = self.lines[index]
        if "\x1b" not in text:
            self._starts.setdefault(index + 1, style)
            return PackedRow([text], (style,), erase, self.width)
        parts = SGR_SPLIT.split(text)
        segment_styles, end = styler.line(style, tuple(parts[1::2]))
        self._starts.setdefault(index + 1, end)
        return PackedRow(parts[0::2], segment_styles, erase, self.width)


class Scrollback:
    """Rows that left the top of the primary screen, oldest first, at most ``limit`` of them.

    An unread flood line is held as a plain int, its number among all flood lines, which the
    garbage collector never has to visit; the blocks those numbers point into are kept beside.
    """

    def __init__(self, limit: int) -> None:
        self._items: deque[AnyRow | int] = deque(maxlen=max(0, limit))
        self._block_starts: list[int] = []  # number of each kept block's line 0, ascending
        self._blocks: list[LineBlock] = []
        self._numbered = 0  # flood lines numbered so far

    @property
    def limit(self) -> int:
        return self._items.maxlen or 0

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> AnyRow:
        item = self._items[index]
        if type(item) is int:
            at = bisect_right(self._block_starts, item) - 1
            item = self._items[index] = self._blocks[at].row(item - self._block_starts[at])
        return item  # type: ignore[return-value]

    def append(self, row: AnyRow) -> None:
        row.cache = None  # out of sight: its strip would only keep the garbage collector busy
        self._items.append(row)

    def extend(self, rows: Iterable[AnyRow]) -> None:
        for row in rows:
            self.append(row)

    def extend_lines(self, block: LineBlock, count: int) -> None:
        """Lines 0 to ``count`` - 1 of ``block``, unread."""
        start = self._numbered
        self._numbered += count
        self._items.extend(range(max(start, self._numbered - self.limit), self._numbered))
        self._block_starts.append(start)
        self._blocks.append(block)
        # Numbers still held are among the last ``limit`` handed out: older blocks are unreachable.
        oldest = self._numbered - self.limit
        gone = bisect_right(self._block_starts, oldest) - 1
        if gone > 0:
            del self._block_starts[:gone]
            del self._blocks[:gone]

    def pop(self) -> AnyRow:
        """Take the newest row out."""
        row = self[-1]
        self._items.pop()
        return row

    def clear(self) -> None:
        self._items.clear()
        self._block_starts.clear()
        self._blocks.clear()
