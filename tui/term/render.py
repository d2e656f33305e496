"""Screen rows to Textual strips, with Rich styles resolved once per style id and theme."""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.strip import Strip

from tui.term.rows import AnyRow, PackedRow
from tui.term.style import BLINK, BOLD, DEFAULT, DIM, INVISIBLE, ITALIC, REVERSE, RGB_FLAG, STRIKE, UNDERLINE, Pen

# Added to a style id to draw the cell inverted (cursor, selection).
INVERTED = 1 << 30


class Palette:
    """Rich styles for style ids: the 16 basic colours come from the theme's ANSI colours,
    default colours from the widget's own foreground and background."""

    def __init__(self, pens: Sequence[Pen], ansi: TerminalTheme, foreground: Color, background: Color) -> None:
        self._pens = pens
        self._basic = [Color.from_triplet(ansi.ansi_colors[i]) for i in range(16)]
        self._foreground = foreground
        self._background = background
        self._styles: dict[int, Style] = {}

    def _colour(self, value: int, default: Color) -> Color:
        if value == DEFAULT:
            return default
        if value & RGB_FLAG:
            return Color.from_rgb((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)
        if value < 16:
            return self._basic[value]
        return Color.from_ansi(value)

    def style(self, style_id: int) -> Style:
        style = self._styles.get(style_id)
        if style is None:
            style = self._styles[style_id] = self._build(style_id)
        return style

    def _build(self, style_id: int) -> Style:
        fg_value, bg_value, flags = self._pens[style_id & ~INVERTED]
        if flags & BOLD and 0 <= fg_value < 8:
            fg_value += 8  # xterm's bold-is-bright for the eight basic colours
        fg = self._colour(fg_value, self._foreground)
        bg = self._colour(bg_value, self._background)
        if bool(flags & REVERSE) != bool(style_id & INVERTED):
            fg, bg = bg, fg
        if flags & INVISIBLE:
            fg = bg
        return Style(
            color=fg,
            bgcolor=bg,
            bold=bool(flags & BOLD),
            dim=bool(flags & DIM),
            italic=bool(flags & ITALIC),
            underline=bool(flags & UNDERLINE),
            blink=bool(flags & BLINK),
            strike=bool(flags & STRIKE),
        )


def render_row(row: AnyRow, palette: Palette, width: int, inverted: tuple[int, int] | None = None) -> Strip:
    """A strip of exactly ``width`` cells; cells in ``inverted`` [start, end) are drawn inverted."""
    runs = row.runs() if inverted is None and isinstance(row, PackedRow) else None
    if runs is not None:
        style_of = palette.style
        return _fit([Segment(text, style_of(style)) for text, style in runs], row.width, width, style_of(0))
    chars = row.chars
    styles = row.styles
    if inverted is not None:
        start, end = inverted
        styles = styles[:start] + [s | INVERTED for s in styles[start:end]] + styles[end:]
    count = len(styles)
    style_of = palette.style
    if count and styles.count(styles[0]) == count:
        segments = [Segment("".join(chars), style_of(styles[0]))]
    else:
        segments = []
        start = 0
        current = styles[0] if count else 0
        for index in range(1, count):
            style = styles[index]
            if style != current:
                segments.append(Segment("".join(chars[start:index]), style_of(current)))
                start = index
                current = style
        if count:
            segments.append(Segment("".join(chars[start:]), style_of(current)))
    return _fit(segments, count, width, style_of(0))


def _fit(segments: list[Segment], count: int, width: int, blank: Style) -> Strip:
    """A strip of ``width`` cells from segments covering ``count`` cells: padded with ``blank`` or cropped."""
    if count < width:
        segments.append(Segment(" " * (width - count), blank))
    strip = Strip(segments, max(count, width))
    return strip.crop(0, width) if count > width else strip
