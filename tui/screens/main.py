"""The main screen: a tab for the browser; exec sessions open in tabs beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from tui.widgets.browser import Browser

BROWSER_TAB = "browser-tab"


class MainScreen(Screen[None]):
    """The tab bar shows only once a session opens: until then the browser has every row."""

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self._first_browser = browser

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Browser", id=BROWSER_TAB):
                yield self._first_browser
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_tab_bar()

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
