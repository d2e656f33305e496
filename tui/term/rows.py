"""Rows of cells: ``Row`` for lines being edited, ``PackedRow`` for lines that went by in a flood.

Rows are lists of one-cell strings plus a parallel list of style ids, so printable runs are
written as slices. A wide character occupies its cell and a following ``""`` placeholder.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.cells import get_character_cell_size


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells taken by a character (or a cell's base character) as Textual measures it; 0 for
    combining marks and for the placeholder after a wide character."""
    return get_character_cell_size(char[0]) if char else 0


class Row:
    """One line of cells. ``wrapped`` marks a soft wrap into the next row; ``cache`` holds a rendered strip."""

    __slots__ = ("chars", "styles", "wrapped", "cache")

    def __init__(self, width: int, style: int = 0) -> None:
        self.chars: list[str] = [" "] * width
        self.styles: list[int] = [style] * width
        self.wrapped = False
        self.cache: Any = None

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def resize(self, width: int, style: int) -> None:
        """Truncate or pad to ``width`` cells, never leaving half a wide character."""
        current = len(self.chars)
        if width < current:
            del self.chars[width:]
            del self.styles[width:]
            if width and char_width(self.chars[-1]) == 2:
                self.chars[-1] = " "
        elif width > current:
            self.chars.extend(" " * (width - current))
            self.styles.extend([style] * (width - current))
        self.cache = None


class PackedRow:
    """A line that went by in a flood, kept as it arrived: text segments and their style ids.

    It stands in for a ``Row`` and builds the cell lists only when something reads them
    (rendering, an edit, the scrollback view), so lines that scroll past unseen cost one small
    object each.
    """

    __slots__ = ("texts", "segment_styles", "erase", "width", "wrapped", "cache", "_row")

    def __init__(self, texts: list[str], segment_styles: tuple[int, ...], erase: int, width: int) -> None:
        self.texts, self.segment_styles, self.erase, self.width = texts, segment_styles, erase, width
        self.wrapped = False
        self.cache: Any = None
        self._row: Row | None = None

    def _unpacked(self) -> Row:
        row = self._row
        if row is None:
            row = self._row = Row(0)
            chars, styles = row.chars, row.styles
            for text, style in zip(self.texts, self.segment_styles):
                chars.extend(text)
                styles.extend([style] * len(text))
            pad = self.width - len(chars)
            chars.extend(" " * pad)
            styles.extend([self.erase] * pad)
        return row

    def runs(self) -> list[tuple[str, int]] | None:
        """The whole row as (text, style id) runs, neighbours of one style merged, padding included;
        None once the cell lists have been built (they may have been edited since)."""
        if self._row is not None:
            return None
        runs: list[tuple[str, int]] = []
        used = 0
        for text, style in zip(self.texts, self.segment_styles):
            if text:
                used += len(text)
                if runs and runs[-1][1] == style:
                    runs[-1] = (runs[-1][0] + text, style)
                else:
                    runs.append((text, style))
        if used < self.width:
            pad = " " * (self.width - used)
            if runs and runs[-1][1] == self.erase:
                runs[-1] = (runs[-1][0] + pad, self.erase)
            else:
                runs.append((pad, self.erase))
        return runs

    @property
    def chars(self) -> list[str]:
        return self._unpacked().chars

    @property
    def styles(self) -> list[int]:
        return self._unpacked().styles

    @property
    def text(self) -> str:
        return "".join(self.texts) + " " * (self.width - sum(map(len, self.texts)))

    def resize(self, width: int, style: int) -> None:
        self._unpacked().resize(width, style)
        self.width = width
        self.cache = None


AnyRow = Row | PackedRow
