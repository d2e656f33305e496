"""Open an AWS console link in the user's browser, or show it when there is none to open.

The browser is started from a short-lived child Python with its standard streams
on /dev/null, so nothing a browser launcher prints can land on the TUI's screen.
Text-mode browsers (lynx, w3m, links...) would take over our terminal, and over
SSH a browser would open on the wrong machine: both count as "no browser".
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from functools import partial

from textual.app import App
from textual.worker import Worker

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")
LAUNCH_TIMEOUT = 10.0

# Runs in the child: exit 0 when a graphical browser accepted the URL.
_LAUNCHER = """
import sys, webbrowser
try:
    browser = webbrowser.get()
except webbrowser.Error:
    sys.exit(2)
if type(browser) is webbrowser.GenericBrowser or isinstance(browser, webbrowser.Elinks):
    sys.exit(3)
sys.exit(0 if browser.open(sys.argv[1]) else 1)
"""


def over_ssh(environ: Mapping[str, str]) -> bool:
    return any(environ.get(name) for name in SSH_VARIABLES)


def open_in_browser(url: str, *, environ: Mapping[str, str] | None = None) -> bool:
    """Open ``url`` in a local graphical browser; False when there is none (or we run over SSH).

    Blocks until the browser launcher returns (well under a second in practice):
    call it from a thread worker.
    """
    env = dict(os.environ if environ is None else environ)
    if over_ssh(env):
        return False
    try:
        launched = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, url],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=LAUNCH_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return launched.returncode == 0


def show_console_link(app: App[object], url: str) -> Worker[None]:
    """Open ``url`` in a browser from a thread worker of ``app``, or else copy it and show it."""
    return app.run_worker(
        partial(_open_or_show, app, url),
        thread=True,
        group="console-link",
        exit_on_error=False,
        description="open the AWS console",
    )


def _open_or_show(app: App[object], url: str) -> None:
    if open_in_browser(url):
        app.call_from_thread(app.notify, "Opened the AWS console in your browser.", markup=False)
        return
    app.call_from_thread(app.copy_to_clipboard, url)
    app.call_from_thread(
        app.notify, f"AWS console (link copied):\n{url}", title="Open in your browser", timeout=20, markup=False
    )
