"""Column widths of a virtual table, kept up to date row by row instead of re-measuring every cell."""

from __future__ import annotations

from typing import Iterable

from rich.cells import cell_len

from tui.widgets.table_row import TableRow

CELL_PADDING = 1  # blank cells each side of every column, as DataTable draws them


class ColumnWidths:
    """Each column is as wide as its heading or its widest cell, up to ``cap`` cells;
    the last column also takes whatever room the pane has left."""

    def __init__(self, headings: Iterable[str], cap: int) -> None:
        self.headings = tuple(headings)
        self._cap = cap
        self._heading_widths = [cell_len(heading) for heading in self.headings]
        self._natural = list(self._heading_widths)

    def reset(self) -> None:
        """Forget the rows: back to the headings' widths."""
        self._natural = list(self._heading_widths)

    def observe(self, rows: Iterable[TableRow]) -> bool:
        """Widen the columns for ``rows``; True when any column grew."""
        before = self._natural
        natural = before
        for row in rows:
            if len(row.widths) >= len(natural):
                natural = list(map(max, natural, row.widths))
            else:
                natural = _widen(natural, row.widths)
        self._natural = natural
        return natural != before

    def resolve(self, available: int) -> tuple[int, ...]:
        """Content widths (without padding) for a table ``available`` cells wide."""
        widths = [min(width, self._cap) for width in self._natural]
        if widths:
            used = sum(widths) + 2 * CELL_PADDING * len(widths)
            widths[-1] += max(0, available - used)
        return tuple(widths)


def _widen(natural: list[int], widths: tuple[int, ...]) -> list[int]:
    """``natural`` widened by a row with fewer cells than there are columns."""
    return [max(width, widths[index]) if index < len(widths) else width for index, width in enumerate(natural)]
