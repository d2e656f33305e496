"""Opening a console link: a real launcher process, a stand-in browser script, SSH and text browsers."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from textual.app import App

from tests.app.helpers import wait_until
from tui.widgets.console_link import open_in_browser, show_console_link

URL = "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web?region=us-east-1"


def make_browser(folder: Path, name: str) -> tuple[Path, Path]:
    """A script that records the URL it was given (and lingers, as a browser launcher does)."""
    record = folder / f"{name}.opened"
    script = folder / name
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\nexec {shutil.which("sleep")} 2\n')
    script.chmod(0o755)
    return script, record


def wait_for_file(path: Path, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} was never written")
        time.sleep(0.02)
    return path.read_text()


@pytest.fixture
def bare_environment(tmp_path: Path) -> dict[str, str]:
    """No display, no SSH, no BROWSER, and a PATH holding only the stand-ins we put there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    environ = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER"}}
    environ = {k: v for k, v in environ.items() if not k.startswith("SSH_")}
    environ["PATH"] = str(bin_dir)
    environ["TERM"] = "xterm-256color"
    return environ


def test_a_local_graphical_browser_gets_the_url(tmp_path: Path, bare_environment: dict[str, str]) -> None:
    script, record = make_browser(tmp_path / "bin", "fake-browser")
    bare_environment["BROWSER"] = f"{script} %s &"
    assert open_in_browser(URL, environ=bare_environment) is True
    assert wait_for_file(record) == URL


def test_over_ssh_nothing_is_launched(tmp_path: Path, bare_environment: dict[str, str]) -> None:
    script, record = make_browser(tmp_path / "bin", "fake-browser")
    bare_environment["BROWSER"] = f"{script} %s &"
    bare_environment["SSH_CONNECTION"] = "10.0.0.2 50000 10.0.0.1 22"
    assert open_in_browser(URL, environ=bare_environment) is False
    time.sleep(0.3)
    assert not record.exists()


def test_no_browser_at_all(bare_environment: dict[str, str]) -> None:
    assert open_in_browser(URL, environ=bare_environment) is False


def test_a_text_mode_browser_would_take_the_terminal_so_it_is_not_used(
    tmp_path: Path, bare_environment: dict[str, str]
) -> None:
    _, record = make_browser(tmp_path / "bin", "lynx")
    assert open_in_browser(URL, environ=bare_environment) is False
    time.sleep(0.3)
    assert not record.exists()


class LinkApp(App[None]):
    pass


async def test_without_a_browser_the_link_is_copied_and_shown(
    monkeypatch: pytest.MonkeyPatch, bare_environment: dict[str, str]
) -> None:
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in bare_environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    app = LinkApp()
    async with app.run_test(notifications=True) as pilot:
        worker = show_console_link(app, URL)
        await wait_until(pilot, lambda: worker.is_finished, what="the link worker")
        await pilot.pause()
        assert app.clipboard == URL
        messages = [notification.message for notification in app._notifications]
        assert messages == [f"AWS console (link copied):\n{URL}"]


async def test_with_a_browser_the_link_opens_and_the_clipboard_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bare_environment: dict[str, str]
) -> None:
    script, record = make_browser(tmp_path / "bin", "fake-browser")
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in bare_environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BROWSER", f"{script} %s &")
    app = LinkApp()
    async with app.run_test(notifications=True) as pilot:
        worker = show_console_link(app, URL)
        await wait_until(pilot, lambda: worker.is_finished, what="the link worker")
        await pilot.pause()
        assert app.clipboard == ""
        assert [n.message for n in app._notifications] == ["Opened the AWS console in your browser."]
    assert wait_for_file(record) == URL
