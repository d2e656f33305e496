"""The `/` filter of a pane: plain words match anywhere in a row, ``field:value`` in one column.

Every term must match (AND). Matching ignores case. A field names a column by any
prefix of its heading, so ``st:run`` finds RUNNING tasks; an unknown field matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class RowFilter:
    words: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, query: str) -> RowFilter:
        words: list[str] = []
        fields: list[tuple[str, str]] = []
        for term in query.lower().split():
            name, colon, value = term.partition(":")
            if colon and name and value:
                fields.append((name, value))
            elif term:
                words.append(term)
        return cls(tuple(words), tuple(fields))

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.fields

    def matches(self, columns: Sequence[str], cells: Sequence[str]) -> bool:
        """True when the row (cell texts under their column headings) passes every term."""
        lowered = [cell.lower() for cell in cells]
        row_text = "\u0000".join(lowered)
        if any(word not in row_text for word in self.words):
            return False
        for name, value in self.fields:
            indexes = [i for i, heading in enumerate(columns) if heading.lower().replace(" ", "").startswith(name)]
            if not any(value in lowered[i] for i in indexes if i < len(lowered)):
                return False
        return True
