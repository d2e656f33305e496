"""The raw API JSON of a resource: highlighted, scrollable, searchable, copyable.

The document is formatted once (``json.dumps``, 2-space indent, keys in the order the
API returned them, datetimes as ISO 8601 in UTC). Lines are highlighted only when
they scroll into view, so a service with a hundred events opens as fast as a small
cluster. Nothing in the document is ever read as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.widgets import Footer, Input


def format_json(document: Mapping[str, Any]) -> str:
    """``document`` as the JSON view shows it and ``c`` copies it."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


# One JSON token per match; ``other`` keeps any character the others miss (NaN, say).
_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")(?P<colon>\s*:)?'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>true|false|null)"
    r"|(?P<punctuation>[{}\[\],])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)"
)


def json_tokens(line: str) -> Iterator[tuple[str, str]]:
    """(text, kind) pieces of one line of formatted JSON; kind is a ``json--*`` component name."""
    for match in _TOKEN.finditer(line):
        kind = match.lastgroup
        if match.group("string") is not None:
            colon = match.group("colon")
            yield match.group("string"), "key" if colon else "string"
            if colon:
                yield colon, "punctuation"
        elif kind in ("number", "literal", "punctuation"):
            yield match.group(), kind
        else:
            yield match.group(), "plain"


class JsonLines(ScrollView, can_focus=True):
    """Formatted JSON drawn line by line through the line API, with an optional search term."""

    COMPONENT_CLASSES = {
        "json--key",
        "json--string",
        "json--number",
        "json--literal",
        "json--punctuation",
        "json--match",
    }

    DEFAULT_CSS = """
    JsonLines {
        background: $surface;
        color: $foreground;
    }
    JsonLines > .json--key { color: $text-primary; }
    JsonLines > .json--string { color: $text-success; }
    JsonLines > .json--number { color: $text-warning; }
    JsonLines > .json--literal { color: $text-accent; text-style: bold; }
    JsonLines > .json--punctuation { color: $foreground-muted; }
    JsonLines > .json--match { background: $warning 45%; color: $foreground; }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("h", "scroll_left", "Left", show=False),
        Binding("l", "scroll_right", "Right", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.lines = text.split("\n")
        self.search_term = ""
        self._search: re.Pattern[str] | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self.virtual_size = Size(max(map(cell_len, self.lines)), len(self.lines))

    @property
    def allow_select(self) -> bool:
        return True

    def notify_style_update(self) -> None:
        """A theme change restyles every line."""
        super().notify_style_update()
        self._strips.clear()

    def set_search_term(self, term: str) -> None:
        """Highlight every occurrence of ``term`` (ignoring case); an empty term clears the highlight."""
        self.search_term = term
        self._search = re.compile(re.escape(term), re.IGNORECASE) if term else None
        self._strips.clear()
        self.refresh()

    def find(self, start: int, backwards: bool = False) -> tuple[int, int] | None:
        """(line, column) of the next line holding the search term after (or before) line ``start``; wraps."""
        if self._search is None:
            return None
        count = len(self.lines)
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            index = (start + step * offset) % count
            match = self._search.search(self.lines[index])
            if match is not None:
                return index, match.start()
        return None

    def show(self, line: int, column: int) -> None:
        """Scroll so that ``line`` is in the upper part of the view and ``column`` is visible."""
        view = self.scrollable_content_region
        x = self.scroll_x
        if not x <= column < x + view.width - len(self.search_term):
            x = max(0, column - view.width // 2)
        self.scroll_to(x=x, y=max(0, line - view.height // 3), animate=False)

    # Selection (mouse) --------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    # Rendering ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._line_strip(index, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _line_strip(self, index: int, base: Style) -> Strip:
        cached = self._strips.get(index)
        if cached is not None:
            return cached
        line = self.lines[index]
        text = Text(no_wrap=True, end="")
        for piece, kind in json_tokens(line):
            style = base if kind == "plain" else base + self.get_component_rich_style(f"json--{kind}", partial=True)
            text.append(piece, style)
        if self._search is not None:
            match_style = self.get_component_rich_style("json--match", partial=True)
            for match in self._search.finditer(line):
                text.stylize(match_style, match.start(), match.end())
        selection = self.text_selection
        span = selection.get_span(index) if selection is not None else None
        if span is not None:
            start, end = span
            selected = self.screen.get_component_rich_style("screen--selection")
            text.stylize(selected, start, len(line) if end == -1 else end)
        strip = Strip(text.render(self.app.console), cell_len(line))
        self._strips[index] = strip
        return strip


class JsonViewScreen(ModalScreen[None]):
    """A full-window dialog showing one API document; Esc or q closes it."""

    DEFAULT_CSS = """
    JsonViewScreen {
        align: center middle;
    }
    JsonViewScreen > #json-dialog {
        width: 100%;
        height: 1fr;
        margin: 1 2 0 2;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
    }
    JsonViewScreen JsonLines {
        height: 1fr;
        padding: 0 1;
    }
    JsonViewScreen #json-search {
        display: none;
        border: tall $panel;
        margin: 0 1;
    }
    JsonViewScreen #json-search.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("c", "copy", "Copy JSON"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_match", "Next", show=False),
        Binding("N", "previous_match", "Previous", show=False),
    ]

    def __init__(self, title: str, document: Mapping[str, Any]) -> None:
        super().__init__()
        self.title_text = title
        self.json_text = format_json(document)
        self._match_line = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="json-dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            dialog.border_subtitle = Content(f"{self.line_count} lines")
            yield JsonLines(self.json_text, id="json-lines")
            yield Input(placeholder="search (Enter: find, Esc: done)", id="json-search")
        yield Footer()

    def on_mount(self) -> None:
        self.lines_view.focus()

    @property
    def lines_view(self) -> JsonLines:
        return self.query_one(JsonLines)

    @property
    def line_count(self) -> int:
        return self.json_text.count("\n") + 1

    def action_close(self) -> None:
        search = self.query_one("#json-search", Input)
        if search.has_class("-shown"):
            search.remove_class("-shown")
            self.lines_view.focus()
            return
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.json_text)
        lines = self.line_count
        self.notify(f"Copied {lines} line{'s' if lines != 1 else ''} of JSON", markup=False)

    def action_search(self) -> None:
        search = self.query_one("#json-search", Input)
        search.add_class("-shown")
        search.focus()

    @on(Input.Submitted, "#json-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        view = self.lines_view
        if event.value != view.search_term:
            view.set_search_term(event.value)
            self._match_line = view.scroll_offset.y - 1
        self._jump(backwards=False)
        event.input.remove_class("-shown")
        view.focus()

    def action_next_match(self) -> None:
        self._jump(backwards=False)

    def action_previous_match(self) -> None:
        self._jump(backwards=True)

    def _jump(self, *, backwards: bool) -> None:
        view = self.lines_view
        if not view.search_term:
            return
        found = view.find(self._match_line, backwards=backwards)
        if found is None:
            self.notify(f"Not found: {view.search_term}", severity="warning", markup=False)
            return
        self._match_line, column = found
        view.show(self._match_line, column)
