"""Changing how far a line-API widget scrolls without a re-layout of the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_scroll_size(widget: Widget, size: Size) -> None:
    """Set ``widget``'s virtual size and bring its scrollbars up to date, without the re-layout
    of the whole screen that setting ``virtual_size`` asks for.

    Only for a widget whose own size does not follow its content (a fixed or fractional
    height): nothing else on screen moves when its content grows or shrinks. A scrollbar
    that appears or goes still re-lays out the screen, as it must.
    """
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)
