"""The keys that apply now, on one line at the bottom of the main screen.

Textual's Footer builds a widget per key and builds them all again whenever focus
moves. This draws the same line as one widget: the first frame has seventeen fewer
widgets to style, and moving between panes repaints one line instead of mounting
sixteen. A click on a key presses it, as in the Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

PALETTE_EDGE = "▏"


@dataclass(frozen=True)
class _Shown:
    """One key on the bar: where it is drawn and what pressing it does."""

    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The bindings the focused widget and its ancestors show, then the command palette's key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[_Shown] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The bindings to show (one per action, in binding order), and the palette's apart."""
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        shown: dict[str, tuple[Binding, bool]] = {}
        palette: tuple[Binding, bool] | None = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == palette_key:
                palette = (binding, enabled)
            elif binding.show:
                shown.setdefault(binding.action, (binding, enabled))
        return list(shown.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        keys, palette = self._keys()
        line = Text(no_wrap=True, overflow="crop", end="")
        self._shown = []

        def add(binding: Binding, enabled: bool) -> None:
            start = line.cell_len
            dim = Style(dim=not enabled)
            line.append(self.app.get_key_display(binding), key_style + dim)
            line.append(f" {binding.description}", description_style + dim)
            self._shown.append(_Shown(start, line.cell_len, binding.key, enabled))

        def width(binding: Binding) -> int:
            return cell_len(self.app.get_key_display(binding)) + 1 + cell_len(binding.description)

        # Whole keys only: those that do not fit before the palette's are left out, not cut.
        room = self.size.width - (width(palette[0]) + len(PALETTE_EDGE) if palette else 0)
        for binding, enabled in keys:
            if line.cell_len + width(binding) > room:
                break
            add(binding, enabled)
            line.append(" ")
        if palette is not None:
            line.truncate(max(0, room), pad=True)
            line.append(PALETTE_EDGE, "dim")
            add(*palette)
        return line

    def on_click(self, event: events.Click) -> None:
        for shown in self._shown:
            if shown.start <= event.x < shown.end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
