"""A real OpenSSH server on 127.0.0.1 configured by the recipe in docs/demo-over-ssh.md.

The recipe's ``Match`` block and ForceCommand script are read from the document itself, so the
tests check what a reader would paste; only the account name and paths are substituted.
As root the tests create a dedicated account as the recipe does; otherwise they log in as the
current user (sshd then needs ``StrictModes no`` and an AuthorizedKeysFile in the test's folder).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "docs" / "demo-over-ssh.md"
SSHD = Path("/usr/sbin/sshd")
SSH = shutil.which("ssh")
SSH_KEYGEN = shutil.which("ssh-keygen")

# The names the recipe uses, replaced by the test's own.
RECIPE_ACCOUNT = "ecs-demo"
RECIPE_FORCE_COMMAND = "/usr/local/bin/ecs-tui-demo"
RECIPE_BIN = "/opt/ecs-tui/bin/"
RECIPE_IDLE = "--idle 10m"


def fenced_blocks(markdown: str, info: str) -> list[str]:
    """The bodies of the ```info fenced blocks, in order."""
    return re.findall(rf"^```{re.escape(info)}\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


def recipe_sshd_block() -> str:
    (block,) = fenced_blocks(RECIPE.read_text(), "sshd_config")
    return block


def recipe_force_command_script() -> str:
    (script,) = [block for block in fenced_blocks(RECIPE.read_text(), "sh") if block.startswith("#!/bin/sh")]
    return script


def missing_programs() -> list[str]:
    return [name for name, path in (("sshd", SSHD if SSHD.exists() else None), ("ssh", SSH), ("ssh-keygen", SSH_KEYGEN)) if path is None]


@dataclass(frozen=True)
class Account:
    """Who logs in: a dedicated account made for the test (as root), or the current user."""

    name: str
    uid: int
    home: Path
    dedicated: bool


def current_user() -> Account:
    entry = pwd.getpwuid(os.getuid())
    return Account(entry.pw_name, entry.pw_uid, Path(entry.pw_dir), dedicated=False)


def create_account() -> Account:
    """A new account as the recipe makes it (needs root)."""
    name = f"ecs-demo-t{os.getpid()}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", name], check=True, capture_output=True)
    # Not locked ("!"), just without a password: sshd without PAM refuses locked accounts.
    subprocess.run(["usermod", "--password", "*", name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    return Account(name, entry.pw_uid, Path(entry.pw_dir), dedicated=True)


def remove_account(account: Account) -> None:
    if account.dedicated:
        subprocess.run(["userdel", "--remove", account.name], capture_output=True)


def public_folder() -> Path:
    """A folder every account can read: pytest's own tmp folders are private to the test's user."""
    folder = Path(tempfile.mkdtemp(prefix="ecs-tui-ssh-demo-"))
    folder.chmod(0o755)
    return folder


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"sshd exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"sshd did not listen on port {port}:\n{log.read_text()}") from None
            time.sleep(0.05)


class DemoSshServer:
    """sshd -D on 127.0.0.1:port serving the recipe to ``account``; ``stop()`` at the end."""

    def __init__(
        self, folder: Path, public_dir: Path, account: Account, app_bin: Path, port: int, *, allow_exec: bool, idle: str | None = None
    ) -> None:
        self.folder = folder
        self.account = account
        self.app_bin = app_bin
        self.port = port
        self.log = folder / "sshd.log"
        self.client_key = folder / "client_key"
        self.force_command = public_dir / f"ecs-tui-demo-{port}"
        self._write_force_command(allow_exec, idle)
        self._write_keys()
        self.config = folder / "sshd_config"
        self.config.write_text(self._config())
        self.process: subprocess.Popen[bytes] | None = None

    def _write_force_command(self, allow_exec: bool, idle: str | None) -> None:
        script = recipe_force_command_script().replace(RECIPE_BIN, f"{self.app_bin}/")
        if idle is not None:
            assert RECIPE_IDLE in script
            script = script.replace(RECIPE_IDLE, f"--idle {idle}")
        if allow_exec:
            script = script.rstrip("\n") + " --allow-exec\n"  # the recipe's own advice, followed
        self.force_command.write_text(script)
        self.force_command.chmod(0o755)

    def _write_keys(self) -> None:
        for key in (self.folder / "host_key", self.client_key):
            subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        public_key = (self.folder / "client_key.pub").read_text()
        if self.account.dedicated:
            ssh_dir = self.account.home / ".ssh"
            ssh_dir.mkdir(mode=0o700, exist_ok=True)
            (ssh_dir / "authorized_keys").write_text(public_key)
            for path in (ssh_dir, ssh_dir / "authorized_keys"):
                os.chown(path, self.account.uid, -1)
            (ssh_dir / "authorized_keys").chmod(0o600)
        else:
            (self.folder / "authorized_keys").write_text(public_key)

    def _config(self) -> str:
        match_block = (
            recipe_sshd_block()
            .replace(f"Match User {RECIPE_ACCOUNT}", f"Match User {self.account.name}")
            .replace(RECIPE_FORCE_COMMAND, str(self.force_command))
        )
        lines = [
            "ListenAddress 127.0.0.1",
            f"Port {self.port}",
            f"HostKey {self.folder / 'host_key'}",
            f"PidFile {self.folder / 'sshd.pid'}",
            f"AllowUsers {self.account.name}",
            "PubkeyAuthentication yes",
            "UsePAM no",
            "LogLevel VERBOSE",
        ]
        if not self.account.dedicated:
            lines += [f"AuthorizedKeysFile {self.folder / 'authorized_keys'}", "StrictModes no"]
        return "\n".join(lines) + "\n" + match_block

    def start(self) -> None:
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
        checked = subprocess.run([SSHD, "-t", "-f", self.config], capture_output=True, text=True)
        assert checked.returncode == 0, f"sshd -t refused the configuration:\n{checked.stderr}"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", self.config], stdout=log, stderr=log)
        wait_for_port(self.port, self.process, self.log)

    def client_argv(self, *, tty: bool = True) -> list[str]:
        return [
            SSH, "-tt" if tty else "-T", "-F", "/dev/null", "-p", str(self.port), "-i", str(self.client_key),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            f"{self.account.name}@127.0.0.1",
        ]  # fmt: skip

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
