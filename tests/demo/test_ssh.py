"""The SSH recipe, followed: real sshd, real ssh client on a pty, the demo as a visitor sees it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.demo.processes import free_port, is_alive, wait_until_none
from tests.demo.install import visitor_bin_dir
from tests.demo.sshd import (
    Account,
    DemoSshServer,
    create_account,
    current_user,
    missing_programs,
    public_folder,
    remove_account,
)
from tests.demo.terminal import CTRL_Q, ENTER, TAB, PtyClient, Screen

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

COLUMNS, ROWS = 120, 32
WIDER_COLUMNS, TALLER_ROWS = 140, 40
CLIENT_ENV = {"PATH": os.defpath, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
SHELL_FACTS = re.compile(r"^facts: (\d+) (\S+) (\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Visitor:
    """Who logs in, and the ecs-tui installation their ForceCommand runs."""

    account: Account
    app_bin: Path
    public_dir: Path


@pytest.fixture(scope="module")
def visitor() -> Iterator[Visitor]:
    missing = missing_programs()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/setup-demo-tests.sh installs them")
        pytest.skip(f"{', '.join(missing)} not installed (Debian: openssh-server, openssh-client)")
    public_dir = public_folder()
    app_bin = visitor_bin_dir(public_dir) if os.geteuid() == 0 else None
    account = create_account() if app_bin is not None else current_user()
    yield Visitor(account, app_bin or Path(sys.prefix) / "bin", public_dir)
    if account.dedicated:
        wait_until_none(lambda process: process.uid == account.uid, f"processes of {account.name}")
        remove_account(account)
    shutil.rmtree(public_dir, ignore_errors=True)


@pytest.fixture
def account(visitor: Visitor) -> Account:
    return visitor.account


@pytest.fixture
def ssh_server(tmp_path: Path, visitor: Visitor) -> Iterator[Callable[..., DemoSshServer]]:
    started: list[DemoSshServer] = []

    def start(*, allow_exec: bool, idle: str | None = None) -> DemoSshServer:
        server = DemoSshServer(tmp_path, visitor.public_dir, visitor.account, visitor.app_bin, free_port(), allow_exec=allow_exec, idle=idle)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def connect(ssh_server: Callable[..., DemoSshServer]) -> Iterator[Callable[..., PtyClient]]:
    clients: list[PtyClient] = []

    def open_client(*, allow_exec: bool, idle: str | None = None) -> PtyClient:
        server = ssh_server(allow_exec=allow_exec, idle=idle)
        client = PtyClient(server.client_argv(), COLUMNS, ROWS, CLIENT_ENV)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        client.close()


def the_apps_processes(account: Account) -> Callable:
    """What one login leaves behind: the account's processes, or (as the current user) the app's."""
    if account.dedicated:
        return lambda process: process.uid == account.uid
    return lambda process: any(word.endswith(("/ecs-tui", "ecs-tui-session", "ecs-tui-demo", "tui.serve_ssh")) for word in process.argv)


def focus_the_first_tasks_containers(client: PtyClient) -> None:
    """Wait for the four panes to fill (each follows the row under the previous one's cursor), then Tab to the last.

    Tab, unlike Enter, moves focus without reloading the next pane, so no key lands on a pane mid-reload.
    """
    client.wait_for_text("Clusters", "prod-web", "checkout-api", "Exec agent", "envoy")
    client.send(TAB * 3)


def laid_out_for(columns: int) -> Callable[[Screen], bool]:
    """The app fills the window: its footer on the bottom line, and a line drawn to the right edge."""
    return lambda screen: "palette" in screen.lines[-1] and any(len(line.rstrip()) == columns for line in screen.lines)


def open_a_shell(client: PtyClient, account: Account) -> tuple[int, Path]:
    """s on the first task's first container; the shell's pid and throwaway directory, checked."""
    focus_the_first_tasks_containers(client)
    client.send("s")
    client.wait_for_text("· live")
    client.send('echo "facts: $$ $(id -un) $PWD"; stty size' + ENTER)
    client.wait_for(lambda screen: SHELL_FACTS.search(screen.text) is not None and screen.last_stty_size() is not None, "the shell's answer")
    facts = SHELL_FACTS.search(client.screen.text)
    assert facts is not None
    shell_pid, user, workdir = int(facts[1]), facts[2], Path(facts[3])
    assert user == account.name
    assert workdir.name.startswith("ecs-tui-exec-") and workdir.is_dir()
    return shell_pid, workdir


def test_a_visitor_browses_opens_a_shell_resizes_and_quits(connect: Callable[..., PtyClient], account: Account) -> None:
    client = connect(allow_exec=True)
    client.wait_for(laid_out_for(COLUMNS), "the app across the window")
    shell_pid, workdir = open_a_shell(client, account)
    rows, columns = client.screen.last_stty_size() or (0, 0)
    assert 0 < rows < ROWS and 0 < columns <= COLUMNS

    client.resize(WIDER_COLUMNS, TALLER_ROWS)
    client.wait_for(laid_out_for(WIDER_COLUMNS), "the app laid out for the wider window")
    client.send("clear; stty size" + ENTER)
    grown = (rows + TALLER_ROWS - ROWS, columns + WIDER_COLUMNS - COLUMNS)
    client.wait_for(lambda screen: screen.last_stty_size() == grown, f"stty size {grown} in the shell")

    client.send(CTRL_Q)
    client.wait_for_exit()
    wait_until_none(the_apps_processes(account), "the app, its session client or its shell")
    assert not is_alive(shell_pid)
    assert not workdir.exists(), "the shell's throwaway directory was left behind"


def test_a_dropped_connection_leaves_nothing_running(connect: Callable[..., PtyClient], account: Account) -> None:
    client = connect(allow_exec=True)
    shell_pid, workdir = open_a_shell(client, account)
    client.child.kill(signal.SIGKILL)  # the visitor's ssh vanishes: sshd hangs up the app's terminal
    wait_until_none(the_apps_processes(account), "the app, its session client or its shell")
    assert not is_alive(shell_pid)
    assert not workdir.exists(), "the shell's throwaway directory was left behind"


def test_an_idle_visitor_is_logged_out_and_their_shell_closed(connect: Callable[..., PtyClient], account: Account) -> None:
    client = connect(allow_exec=True, idle="4s")
    shell_pid, workdir = open_a_shell(client, account)
    client.wait_for_text("ecs-tui: closed after 4 seconds without a key.", timeout=30)
    client.wait_for_exit()
    wait_until_none(the_apps_processes(account), "the app, its session client or its shell")
    assert not is_alive(shell_pid)
    assert not workdir.exists(), "the shell's throwaway directory was left behind"


def test_read_only_as_written_hides_and_refuses_exec(connect: Callable[..., PtyClient], account: Account) -> None:
    client = connect(allow_exec=False)
    client.wait_for_text("read-only")
    focus_the_first_tasks_containers(client)
    assert "s Shell" not in client.screen.lines[-1]
    client.send("s?")  # the help screen answering proves the s before it was handled
    client.wait_for_text("Esc to close")
    assert "Connecting to" not in client.screen.text and "· live" not in client.screen.text
    client.send(CTRL_Q)
    client.wait_for_exit()
    wait_until_none(the_apps_processes(account), "the app")


def test_a_login_without_a_terminal_gets_one_line(ssh_server: Callable[..., DemoSshServer], account: Account) -> None:
    server = ssh_server(allow_exec=False)
    done = subprocess.run(server.client_argv(tty=False), env=CLIENT_ENV, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.strip().startswith(f"ecs-tui demo: this needs a terminal; connect with: ssh -t {account.name}@")
