"""The main screen: a tab for the browser; exec sessions open in tabs beside it."""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from tui.widgets.browser import Browser
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.widgets.exec_session import ExecSessionView

BROWSER_TAB = "browser-tab"


class MainScreen(Screen[None]):
    """The tab bar shows only once a session opens: until then the browser has every row."""

    # Priority: they work from inside a terminal, where every other key belongs to the remote shell.
    BINDINGS = [
        Binding("ctrl+pagedown", "next_tab", "Next tab", show=False, priority=True, id="next_tab"),
        Binding("ctrl+pageup", "previous_tab", "Previous tab", show=False, priority=True, id="previous_tab"),
    ]

    def __init__(self, browser: Browser) -> None:
        # Styled with one tab from the start: setting the class after mounting restyles every widget.
        super().__init__(classes="-single-tab")
        self._first_browser = browser
        self._tab_numbers = count(1)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Browser", id=BROWSER_TAB):
                yield self._first_browser
        yield KeyBar()

    def update_tab_bar(self) -> None:
        self.set_class(self.tabs.tab_count < 2, "-single-tab")

    @property
    def browser(self) -> Browser:
        return self.query_one(Browser)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    def show_browser(self) -> None:
        self.tabs.active = BROWSER_TAB

    async def replace_browser(self, browser: Browser) -> None:
        """Put a browser for another connection in place of the current one."""
        await self.browser.remove()
        await self.query_one(f"#{BROWSER_TAB}", TabPane).mount(browser)
        self.show_browser()

    # Sessions ---------------------------------------------------------------------------

    @property
    def sessions(self) -> list[ExecSessionView]:
        # By type name: the exec stack is imported with the first session, not with this screen.
        return cast("list[ExecSessionView]", list(self.query("ExecSessionView")))

    async def add_session(self, view: ExecSessionView, label: str) -> None:
        """Open ``view`` in a new tab and show it."""
        pane_id = f"session-{next(self._tab_numbers)}"
        await self.tabs.add_pane(TabPane(Content(label), view, id=pane_id))
        self.update_tab_bar()
        self.tabs.active = pane_id
        view.terminal.focus()

    def tab_of(self, view: ExecSessionView) -> TabPane | None:
        pane = view.parent
        return pane if isinstance(pane, TabPane) else None

    def label_session(self, view: ExecSessionView, label: str) -> None:
        pane = self.tab_of(view)
        if pane is not None and pane.id:
            self.tabs.get_tab(pane.id).label = Content(label)

    def show_session(self, view: ExecSessionView) -> None:
        pane = self.tab_of(view)
        if pane is not None and pane.id:
            self.tabs.active = pane.id
            view.terminal.focus()

    async def remove_session(self, view: ExecSessionView) -> None:
        """Close the session's client and its tab; the browser shows again."""
        await view.close()
        pane = self.tab_of(view)
        if pane is not None and pane.id:
            await self.tabs.remove_pane(pane.id)
        self.update_tab_bar()
        self.show_browser()
        self.browser.focus_current_pane()

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        ids = [pane.id for pane in self.tabs.query(TabPane) if pane.id]
        if len(ids) < 2:
            return
        target = ids[(ids.index(self.tabs.active) + step) % len(ids)]
        self.tabs.active = target
        if target == BROWSER_TAB:
            self.browser.focus_current_pane()
        else:
            view = cast("ExecSessionView", self.tabs.get_pane(target).query_one("ExecSessionView"))
            view.terminal.focus()
