"""``ecs-tui serve --allow-exec`` in headless Chromium: the page shows the demo, keys drive it, a shell opens.

The page draws the terminal on a canvas, so what it shows is read from what it receives: every
websocket frame the page gets is drawn on a pyte screen sized as the page asked.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.demo.processes import wait_until_none
from tests.demo.served import ServedDemo
from tests.demo.terminal import Screen

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
SHELL_FACTS = re.compile(r"facts: (\d+) (\S+)")


class PageTerminal:
    """What the page's terminal was sent, drawn; sized by the page's own resize messages."""

    def __init__(self) -> None:
        self.screen: Screen | None = None

    def on_websocket(self, socket) -> None:  # playwright.sync_api.WebSocket
        query = parse_qs(urlparse(socket.url).query)
        self.screen = Screen(int(query.get("width", ["80"])[0]), int(query.get("height", ["24"])[0]))
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and self.screen is not None:
            self.screen.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        message = json.loads(payload)
        if message[0] == "resize" and self.screen is not None:
            self.screen.resize(message[1]["width"], message[1]["height"])

    @property
    def text(self) -> str:
        return self.screen.text if self.screen else ""


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/setup-demo-tests.sh installs it")
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    return CHROMIUM


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedDemo]:
    demo = ServedDemo(tmp_path / "serve.log", "--allow-exec")
    yield demo
    demo.stop()


def keep_to_loopback(route) -> None:  # playwright.sync_api.Route
    """The page asks for a web font from the internet: only 127.0.0.1 may be reached."""
    if urlparse(route.request.url).hostname in LOOPBACK:
        route.continue_()
    else:
        route.abort()


def test_the_demo_in_a_browser_page(chromium: Path, served: ServedDemo, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    terminal = PageTerminal()

    def wait_for(condition: Callable[[str], bool], what: str, page, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition(terminal.text):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the page's terminal:\n{terminal.text}")
            page.wait_for_timeout(50)  # lets Playwright deliver the frames that arrived meanwhile

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(chromium),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 860},
        )
        try:
            browser.route("**/*", keep_to_loopback)
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.on("websocket", terminal.on_websocket)
            page.goto(served.url)
            wait_for(lambda text: all(word in text for word in ("read-only", "prod-web", "Containers", "envoy")), "the cluster list", page)
            (app,) = served.app_pids()

            page.locator("#terminal").click()
            for key in ("Tab", "Tab", "Tab"):  # clusters → services → tasks → containers
                page.keyboard.press(key)
            wait_for(lambda text: "s Shell" in text, "the footer with the shell key", page)
            page.keyboard.press("s")
            wait_for(lambda text: "· live" in text, "the exec session", page)
            page.keyboard.type('echo "facts: $$ $(id -un)"; ls --color=always /')
            page.keyboard.press("Enter")
            wait_for(lambda text: SHELL_FACTS.search(text) is not None and "usr" in text, "the shell's answer", page)
            page.screenshot(path=str(tmp_path / "exec-in-the-browser.png"))
            assert (tmp_path / "exec-in-the-browser.png").stat().st_size > 10_000

            page.keyboard.press("Control+q")
            page.locator("body.-closed").wait_for(timeout=20_000)  # the page's "Session ended." dialog
        finally:
            browser.close()
    wait_until_none(lambda process: process.pid == app, "the served app after ctrl+q")
