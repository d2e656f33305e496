"""A mouse selection over global line numbers (scrollback and screen), from anchor to head."""

from __future__ import annotations

from collections.abc import Callable

from tui.term.screen import AnyRow


class Selection:
    """Cells from the earlier of anchor/head (inclusive) to the later (exclusive), in reading order."""

    def __init__(self, line: int, column: int) -> None:
        self.anchor = (line, column)
        self.head = (line, column)

    def extend(self, line: int, column: int) -> None:
        self.head = (line, column)

    def _ordered(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (self.anchor, self.head) if self.anchor <= self.head else (self.head, self.anchor)

    @property
    def empty(self) -> bool:
        return self.anchor == self.head

    def span(self, line: int, width: int) -> tuple[int, int] | None:
        """Selected cells [start, end) of ``line``, or None."""
        if self.empty:
            return None
        (first, start), (last, end) = self._ordered()
        if not first <= line <= last:
            return None
        begin = start if line == first else 0
        finish = end if line == last else width
        return (begin, finish) if finish > begin else None

    def text(self, row_at: Callable[[int], AnyRow | None]) -> str:
        """The selected text; soft-wrapped rows join without a newline, trailing blanks are dropped."""
        if self.empty:
            return ""
        (first, start), (last, end) = self._ordered()
        pieces: list[str] = []
        for line in range(first, last + 1):
            row = row_at(line)
            if row is None:
                continue
            begin = start if line == first else 0
            finish = end if line == last else len(row.chars)
            text = "".join(row.chars[begin:finish])
            joined = row.wrapped and line < last
            pieces.append(text if joined else text.rstrip() + ("\n" if line < last else ""))
        return "".join(pieces)
