"""The line at the top of the main screen: the app's title and where it is connected.

Textual's Header is four widgets; this is one (the first frame styles fewer), with
the same look: an icon that opens the command palette, then the title and
subtitle centred.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

ICON = " ⭘ "


class TitleBar(Widget, can_focus=False):
    """``app.title — app.sub_title``, kept up to date."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"title-bar--subtitle"}
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .title-bar--subtitle {
            color: $text-muted;
        }
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._changed, init=False)
        self.watch(self.app, "sub_title", self._changed, init=False)

    def _changed(self, _: str) -> None:
        self.refresh()

    def render(self) -> Text:
        title = Text(self.app.title, end="")
        if self.app.sub_title:
            title.append(" — ")
            title.append(self.app.sub_title, self.get_component_rich_style("title-bar--subtitle"))
        title.align("center", max(0, self.size.width - 2 * len(ICON)))
        return Text.assemble(ICON, title, " " * len(ICON), no_wrap=True, overflow="crop", end="")

    def on_click(self, event: events.Click) -> None:
        if event.x < len(ICON):
            self.app.action_command_palette()
