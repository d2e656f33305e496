"""The main screen: the browser, and exec sessions beside it, one tab each.

Until a session opens there is no tab bar (and no tab widgets at all: the first
frame has fewer widgets to style); the first session mounts it.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Tab, Tabs

from tui.widgets.browser import Browser
from tui.widgets.key_bar import KeyBar
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.widgets.exec_session import ExecSessionView

BROWSER_TAB = "browser"  # the Browser's own id
TAB_PREFIX = "tab-"  # a tab's id is its pane's with this in front: ids are unique on the screen


class MainScreen(Screen[None]):
    """The tab bar shows only once a session opens: until then the browser has every row."""

    # Priority: they work from inside a terminal, where every other key belongs to the remote shell.
    BINDINGS = [
        Binding("ctrl+pagedown", "next_tab", "Next tab", show=False, priority=True, id="next_tab"),
        Binding("ctrl+pageup", "previous_tab", "Previous tab", show=False, priority=True, id="previous_tab"),
    ]

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self._first_browser = browser
        self._tab_numbers = count(1)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ContentSwitcher(id="tabs", initial=BROWSER_TAB):
            yield self._first_browser
        yield KeyBar()

    @property
    def browser(self) -> Browser:
        return self.query_one(Browser)

    @property
    def switcher(self) -> ContentSwitcher:
        return self.query_one("#tabs", ContentSwitcher)

    @property
    def active_tab(self) -> str:
        """The id of the pane shown: the browser's or a session's."""
        return self.switcher.current or BROWSER_TAB

    def _tab_bar(self) -> Tabs | None:
        found = self.query(Tabs)
        return found.first() if found else None

    def show_browser(self) -> None:
        self._show(BROWSER_TAB)

    def _show(self, pane_id: str) -> None:
        self.switcher.current = pane_id
        tab_bar = self._tab_bar()
        if tab_bar is not None:
            tab_bar.active = TAB_PREFIX + pane_id

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """A tab chosen on the bar (by mouse or keys): show its pane and give it the keyboard."""
        event.stop()
        pane_id = (event.tab.id or "").removeprefix(TAB_PREFIX)
        if pane_id == self.switcher.current:
            return
        self.switcher.current = pane_id
        self._focus_pane(pane_id)

    def _focus_pane(self, pane_id: str) -> None:
        if pane_id == BROWSER_TAB:
            self.browser.focus_current_pane()
        else:
            self._session(pane_id).terminal.focus()

    def _session(self, pane_id: str) -> ExecSessionView:
        return cast("ExecSessionView", self.switcher.get_child_by_id(pane_id))

    async def replace_browser(self, browser: Browser) -> None:
        """Put a browser for another connection in place of the current one."""
        await self.browser.remove()
        await self.switcher.mount(browser, before=0)
        self.show_browser()

    # Sessions ---------------------------------------------------------------------------

    @property
    def sessions(self) -> list[ExecSessionView]:
        # By type name: the exec stack is imported with the first session, not with this screen.
        return cast("list[ExecSessionView]", list(self.query("ExecSessionView")))

    async def add_session(self, view: ExecSessionView, label: str) -> None:
        """Open ``view`` in a new tab and show it."""
        view.id = f"session-{next(self._tab_numbers)}"
        await self.switcher.mount(view)
        tab_bar = self._tab_bar()
        if tab_bar is None:
            tab_bar = Tabs(Tab("Browser", id=TAB_PREFIX + BROWSER_TAB))
            await self.mount(tab_bar, before=self.switcher)
        await tab_bar.add_tab(Tab(label, id=TAB_PREFIX + view.id))
        self._show(view.id)
        view.terminal.focus()

    def label_session(self, view: ExecSessionView, label: str) -> None:
        tab_bar = self._tab_bar()
        if tab_bar is not None and view.id:
            tab_bar.query_one(f"#{TAB_PREFIX}{view.id}", Tab).label = label

    def show_session(self, view: ExecSessionView) -> None:
        if view.id:
            self._show(view.id)
            view.terminal.focus()

    async def remove_session(self, view: ExecSessionView) -> None:
        """Close the session's client and its tab; the browser shows again."""
        await view.close()
        self.show_browser()
        tab_bar = self._tab_bar()
        if view.id and tab_bar is not None:
            await tab_bar.remove_tab(TAB_PREFIX + view.id)
            if tab_bar.tab_count < 2:
                await tab_bar.remove()
        await view.remove()
        self.browser.focus_current_pane()

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        ids = [child.id for child in self.switcher.children if child.id]
        if len(ids) < 2:
            return
        target = ids[(ids.index(self.active_tab) + step) % len(ids)]
        self._show(target)
        self._focus_pane(target)
