"""``ecs-tui serve``: the served command, the warnings, and the real server driven over its websocket."""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.demo.processes import wait_until_none
from tests.demo.served import ServedDemo
from tests.demo.terminal import CTRL_Q, TAB, Screen
from tui import serve
from tui.serve import ServeUsageError, exposure_warning, make_plan, served_app_args

COLUMNS, ROWS = 120, 32


# The plan: what is served, where, and the refusals ------------------------------------------


def test_by_default_the_demo_is_served_read_only_on_loopback() -> None:
    plan = make_plan([])
    assert (plan.host, plan.port, plan.public_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert plan.app_args == ("--demo", "--read-only")
    assert shlex.split(plan.command) == [sys.executable, "-m", "tui", "--demo", "--read-only"]


def test_allow_exec_is_passed_on_and_the_app_stays_read_only() -> None:
    assert served_app_args([], allow_exec=True) == ("--demo", "--read-only", "--allow-exec")
    assert make_plan(["--allow-exec", "--port", "9000"]).app_args == ("--demo", "--read-only", "--allow-exec")


def test_app_flags_replace_the_demo_and_are_quoted_for_the_shell() -> None:
    plan = make_plan(["--profile", "sand box; rm -rf /", "--region", "eu-west-1"])
    assert plan.app_args == ("--profile", "sand box; rm -rf /", "--region", "eu-west-1", "--read-only")
    assert shlex.split(plan.command)[3:] == list(plan.app_args)


def test_read_only_given_twice_is_passed_once() -> None:
    assert served_app_args(["--demo", "--read-only"], allow_exec=False) == ("--demo", "--read-only")


def test_public_url_and_ipv6_hosts() -> None:
    assert make_plan(["--public-url", "https://demo.example.com/"]).public_url == "https://demo.example.com"
    assert make_plan(["--host", "::1", "--port", "8080"]).public_url == "http://[::1]:8080"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--no-such-flag"], "for the served app: unrecognized arguments: --no-such-flag"),
        (["--service", "web"], "for the served app: --service needs --cluster"),
        (["--session-client", "telnet"], "for the served app: argument --session-client: invalid choice"),
        (["--port", "70000"], "--port must be between 1 and 65535, not 70000"),
    ],
)
def test_flags_that_cannot_work_are_refused_once_with_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ServeUsageError, match="^" + message.replace("(", r"\(")):
        make_plan(argv)
    assert serve.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ecs-tui serve: {message}") and err.count("\n") == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_no_warning_on_loopback(host: str) -> None:
    assert exposure_warning(host, allow_exec=True) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "demo.example.com"])
def test_a_reachable_address_gets_a_warning_that_says_why(host: str) -> None:
    warning = exposure_warning(host, allow_exec=False)
    assert warning is not None and host in warning and "no authentication and no TLS" in warning
    assert "shells" not in warning
    assert "shells" in (exposure_warning(host, allow_exec=True) or "")


# The real server -----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedDemo]:
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    demo = ServedDemo(tmp_path / "serve.log")
    yield demo
    demo.stop()


class PageSocket:
    """The websocket a page opens: keys in, the app's terminal output drawn on a Screen."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.screen = Screen(COLUMNS, ROWS)

    async def wait_for_text(self, *texts: str, timeout: float = 20.0) -> None:
        async def drawn() -> None:
            while not self.screen.has(*texts):
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen.feed(message.data)
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise AssertionError(f"the socket closed waiting for {texts}; the screen:\n{self.screen.text}")

        try:
            await asyncio.wait_for(drawn(), timeout)
        except TimeoutError:
            raise AssertionError(f"timed out waiting for {texts}; the screen:\n{self.screen.text}") from None

    async def keys(self, text: str) -> None:
        await self.socket.send_str(json.dumps(["stdin", text]))

    async def closed(self, timeout: float = 20.0) -> bool:
        async def until_closed() -> None:
            while (await self.socket.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                pass

        await asyncio.wait_for(until_closed(), timeout)
        return True


async def test_a_page_gets_its_own_read_only_demo_and_quitting_ends_it(served: ServedDemo) -> None:
    page = served.page()
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert "<div>ecs-tui</div>" in page
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(f"{served.url}/ws?width={COLUMNS}&height={ROWS}") as socket:
            page_socket = PageSocket(socket)
            # What textual.js sends as the page opens and its terminal takes the focus.
            await socket.send_str(json.dumps(["resize", {"width": COLUMNS, "height": ROWS}]))
            await socket.send_str(json.dumps(["focus"]))
            await page_socket.wait_for_text("demo world", "read-only", "prod-web", "Exec agent")
            (app,) = served.app_pids()
            await page_socket.keys(TAB)  # the footer shows the bindings once a key moves the focus
            await page_socket.wait_for_text("q Quit")
            assert "s Shell" not in page_socket.screen.lines[-1]
            await page_socket.keys(CTRL_Q)
            assert await page_socket.closed()
    wait_until_none(lambda process: process.pid == app, "the served app after ctrl+q")
