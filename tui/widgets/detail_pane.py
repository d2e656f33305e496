"""The detail pane: everything worth knowing about the selection, as aligned label/value lines.

The pane is drawn on Textual's line API, and kept cheap because it changes with every
cursor move: its lines are wrapped into segments only when the content or the width
changes, and only the screen lines that read differently are repainted (never a table
measure, never a re-layout of the screen). A repaint waits for the screen refresh under
way, so the cursor that asked for it shows first; while the selection keeps changing (a
key held down) the pane waits until it rests, and then shows the last one.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tui.widgets.details import Line, detail_lines
from tui.widgets.scroll_size import set_scroll_size
from tui.widgets.table_row import cell_segments, same_look

PLACEHOLDER = "Select a row to see its details."
LABEL_STYLE = Style(bold=True)
GAP = 1  # blank cells between the label and the value column
SETTLE = 0.1  # seconds: a selection that changes again within this is shown once it rests this long

ScreenLine = list[Segment]  # one line of the pane, without the pane's own style


class DetailPane(ScrollView):
    """Shows :func:`detail_lines` of one resource; ``show(None)`` explains what to select.

    Labels form a bold column as wide as the widest; values wrap at word boundaries
    beside them (a word too long for the column is folded).
    """

    DEFAULT_CSS = """
    DetailPane {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    can_focus = False

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, classes="detail-pane")
        self.border_title = "Details"
        self._lines: list[Line] = []
        self._wrapped: list[ScreenLine] = []
        self._wrapped_lines: list[Line] | None = None  # the lines ``_wrapped`` holds
        self._wrapped_width = 0
        self._changed_at = float("-inf")
        self._settle_timer: Timer | None = None
        self._strips: dict[int, Strip] = {}  # line index -> the line in the pane's style
        self._base_style: Style | None = None

    @property
    def text(self) -> str:
        """What the pane says (or will say at the next repaint), as plain text lines."""
        return "\n".join(f"{label}: {value}" for label, value in self._lines)

    def show(self, resource: Any, now: datetime) -> None:
        """Show ``resource``'s details as of ``now``; nothing is repainted when they read as they do already."""
        lines = detail_lines(resource, now) if resource is not None else []
        if _same_lines(lines, self._lines):
            return
        self._lines = lines
        self._schedule_repaint()

    def _schedule_repaint(self) -> None:
        """Repaint after the screen refresh under way; while changes come quicker than ``SETTLE``,
        once they stop."""
        moment = time.monotonic()
        resting, self._changed_at = moment - self._changed_at >= SETTLE, moment
        if self._settle_timer is not None:
            self._settle_timer.stop()
        if resting:
            self.call_after_refresh(self._repaint)
        else:
            self._settle_timer = self.set_timer(SETTLE, self._repaint)

    # Layout ---------------------------------------------------------------

    def on_resize(self) -> None:
        self._rewrap()

    def watch_show_vertical_scrollbar(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        """The width changed: every line is laid out again."""
        self._wrapped_width = 0
        self._repaint()

    def _repaint(self) -> None:
        """Wrap the lines for the width there is and repaint the screen lines that changed."""
        width = self.scrollable_content_region.width
        if width <= 0 or (self._lines is self._wrapped_lines and width == self._wrapped_width):
            return
        wrapped = wrap_lines(self._lines, width, self.app.console)
        if width == self._wrapped_width:
            old = self._wrapped
            changed = [i for i in range(max(len(wrapped), len(old))) if _line(wrapped, i) != _line(old, i)]
            for index in changed:
                self._strips.pop(index, None)
            self._refresh_lines(changed)
        else:
            self._strips.clear()
            self.refresh()
        self._wrapped, self._wrapped_lines, self._wrapped_width = wrapped, self._lines, width
        if len(wrapped) != self.virtual_size.height:
            set_scroll_size(self, Size(width, len(wrapped)))

    def _refresh_lines(self, indexes: list[int]) -> None:
        """Repaint the lines at these indexes (in order) that are on screen, as one region."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        shown = [index - top for index in indexes if 0 <= index - top < height]
        if shown:
            self.refresh(Region(0, shown[0], self.scrollable_content_region.width, shown[-1] - shown[0] + 1))

    # Drawing --------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        strip = self._strips.get(index)
        if strip is None:
            if self._base_style is None:
                self._base_style = self.rich_style
            base = self._base_style
            strip = Strip(Segment.apply_style(_line(self._wrapped, index), base))
            strip = strip.adjust_cell_length(self.scrollable_content_region.width, base)
            self._strips[index] = strip
        return strip


def wrap_lines(lines: list[Line], width: int, console: Console) -> list[ScreenLine]:
    """Each screen line of ``lines`` laid out ``width`` cells wide: bold labels in a column, values
    word-wrapped beside them; the placeholder, dimmed, when there are no lines."""
    if not lines:
        placeholder = Text(PLACEHOLDER, style="dim").wrap(console, width, overflow="fold")
        return [cell_segments(line, console) for line in placeholder]
    label_width = max(cell_len(label) for label, _ in lines)
    value_width = max(1, width - label_width - GAP)
    blank = Segment(" " * (label_width + GAP), LABEL_STYLE)
    wrapped: list[ScreenLine] = []
    for label, value in lines:
        text = value if isinstance(value, Text) else Text(value)
        head = Segment(label + " " * (label_width - cell_len(label) + GAP), LABEL_STYLE)
        for value_line in text.wrap(console, value_width, justify="left", overflow="fold") or [Text()]:
            wrapped.append([head, *cell_segments(value_line, console)])
            head = blank
    return wrapped


def _line(wrapped: list[ScreenLine], index: int) -> ScreenLine:
    return wrapped[index] if index < len(wrapped) else []


def _same_lines(a: list[Line], b: list[Line]) -> bool:
    """The two sets of lines would read and look the same."""
    return len(a) == len(b) and all(
        label_a == label_b and str(value_a) == str(value_b) and same_look(value_a, value_b)
        for (label_a, value_a), (label_b, value_b) in zip(a, b)
    )
