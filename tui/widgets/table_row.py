"""One row of a virtual table: its key and cells, measured once, and drawn as segments on demand."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

Cell = str | Text
ELLIPSIS = "…"


@dataclass(frozen=True, eq=False, slots=True)
class TableRow:
    """An immutable row. A changed row is a new object, so the object itself is the row's version.

    ``plain`` holds each cell's text (for filters and tests), ``widths`` its width in
    terminal cells; both are computed once, when the row is made.
    """

    key: str
    cells: tuple[Cell, ...]
    plain: tuple[str, ...]
    widths: tuple[int, ...]

    @classmethod
    def of(cls, key: str, cells: Sequence[Cell]) -> TableRow:
        plain = tuple(cell.plain if isinstance(cell, Text) else cell for cell in cells)
        return cls(key, tuple(cells), plain, tuple(map(cell_len, plain)))

    def same_cells(self, other: TableRow) -> bool:
        """The two rows would look the same (text and styles of every cell)."""
        return self.plain == other.plain and all(map(same_look, self.cells, other.cells))


def same_look(a: Cell, b: Cell) -> bool:
    """Two cells with the same text would look the same: the same kind, and for Text the same styles.

    (Rich's ``Text.__eq__`` compares text and spans but not the base style.)
    """
    if isinstance(a, Text) and isinstance(b, Text):
        return a.style == b.style and a.spans == b.spans
    return type(a) is type(b)


@lru_cache(maxsize=256)
def _style(definition: str) -> Style:
    try:
        return Style.parse(definition)
    except StyleSyntaxError:
        return Style.null()


def cell_segments(cell: Cell, console: Console) -> list[Segment]:
    """The cell as segments carrying only the cell's own style (the line's style goes under it)."""
    if isinstance(cell, str):
        return [Segment(cell)]
    if not cell.spans:
        style = cell.style
        return [Segment(cell.plain, _style(style) if isinstance(style, str) else style)]
    return list(cell.render(console, end=""))


def fit(segments: list[Segment], length: int, width: int) -> list[Segment]:
    """``segments`` (``length`` cells wide) padded or cut to exactly ``width`` cells; a cut ends in an ellipsis."""
    if length == width:
        return segments
    if length < width:
        return [*segments, Segment(" " * (width - length))]
    if width <= 0:
        return []
    kept = list(Strip(segments, length).crop(0, width - 1))
    last_style = kept[-1].style if kept else segments[0].style
    return [*kept, Segment(ELLIPSIS, last_style)]
