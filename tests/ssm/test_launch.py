"""The launch contract: argv and environment for the plugin, checked against a recording stand-in and the AWS CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tui.sim.datachannel_server import DataChannelServer
from tui.ssm.arguments import SESSION_ENV_PREFIX, parse_arguments
from tui.ssm.client import EXIT_CLOSED
from tui.ssm.launch import (
    PluginInfo,
    build_plugin_invocation,
    builtin_client,
    detect_plugin,
    invocation_for,
    parse_version,
    supports_environment_form,
)

from .conftest import PROMPT, finish, spawn_client
from .recording_plugin import install_recording_plugin

SESSION = {
    "sessionId": "ecs-execute-command-0a1b2c3d4e5f67890",
    "streamUrl": "ws://127.0.0.1:8/ssm/data-channel/ecs-execute-command-0a1b2c3d4e5f67890",
    "tokenValue": "AAEAAdeadbeef-token-value",
}
TARGET = "ecs:demo_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1111111111"
ENDPOINT = "https://ecs.eu-west-1.amazonaws.com"


def invoke(version: str, *, builtin: bool = False, profile: str | None = "dev") -> tuple[list[str], dict[str, str]]:
    return build_plugin_invocation("/opt/plugin", version, SESSION, "eu-west-1", profile, TARGET, ENDPOINT, builtin=builtin)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.2.677.0", (1, 2, 677, 0)), (" 1.2.536.0\n", (1, 2, 536, 0)), ("1.3", (1, 3, 0, 0)), ("1.2.0.0-dev", None), ("", None)],
)
def test_parse_version(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(text) == expected


def test_environment_form_starts_at_1_2_536_0() -> None:
    assert not supports_environment_form("1.2.497.0")
    assert supports_environment_form("1.2.536.0")
    assert supports_environment_form("1.2.764.0")
    assert not supports_environment_form("garbage")


def test_argv_form_for_old_plugins_matches_the_cli_layout() -> None:
    argv, env = invoke("1.2.497.0")
    assert env == {}
    assert argv == [
        "/opt/plugin",
        json.dumps(SESSION),
        "eu-west-1",
        "StartSession",
        "dev",
        json.dumps({"Target": TARGET}),
        ENDPOINT,
    ]


def test_missing_profile_is_an_empty_argument() -> None:
    argv, _ = invoke("1.2.497.0", profile=None)
    assert argv[4] == ""


@pytest.mark.parametrize(("version", "builtin"), [("1.2.536.0", False), ("1.2.677.0", False), ("0.1.0", True)])
def test_environment_form_keeps_the_token_off_argv(version: str, builtin: bool) -> None:
    argv, env = invoke(version, builtin=builtin)
    (name,) = env
    assert name.startswith(SESSION_ENV_PREFIX + "_")
    assert argv[1] == name
    assert json.loads(env[name]) == SESSION
    assert all(SESSION["tokenValue"] not in part for part in argv)
    assert argv[2:] == ["eu-west-1", "StartSession", "dev", json.dumps({"Target": TARGET}), ENDPOINT]


def test_each_launch_gets_its_own_variable() -> None:
    assert invoke("1.2.677.0")[1].keys() != invoke("1.2.677.0")[1].keys()


@pytest.mark.parametrize("version", ["1.2.497.0", "1.2.677.0"], ids=["argv-form", "env-form"])
def test_recording_plugin_receives_what_the_client_reads(tmp_path: Path, version: str) -> None:
    plugin = install_recording_plugin(tmp_path, version=version)
    info = detect_plugin(str(plugin.path))
    assert info == PluginInfo(str(plugin.path), version)
    argv, env = invocation_for(info, SESSION, "eu-west-1", "dev", TARGET, ENDPOINT)
    subprocess.run(argv, env={**os.environ, **env}, check=True, timeout=30)

    (call,) = plugin.calls()
    assert call["argv"] == argv[1:]
    assert call["env"] == env
    parsed = parse_arguments(call["argv"], dict(call["env"]))
    assert (parsed.session.session_id, parsed.session.stream_url, parsed.session.token) == (
        SESSION["sessionId"],
        SESSION["streamUrl"],
        SESSION["tokenValue"],
    )
    assert (parsed.region, parsed.profile, parsed.target, parsed.endpoint) == ("eu-west-1", "dev", TARGET, ENDPOINT)


def test_detect_plugin_finds_it_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = install_recording_plugin(tmp_path, version="1.2.764.0")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert detect_plugin() == PluginInfo(str(plugin.path), "1.2.764.0")


def test_detect_plugin_without_plugin_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert detect_plugin() is None


def test_detect_plugin_gives_up_on_a_hanging_version(tmp_path: Path) -> None:
    hanging = tmp_path / "session-manager-plugin"
    hanging.write_text("#!/bin/sh\nexec sleep 30\n")
    hanging.chmod(0o755)
    assert detect_plugin(str(hanging), timeout=0.5) == PluginInfo(str(hanging), "")


def test_builtin_client_is_installed_and_reports_our_version() -> None:
    info = builtin_client()
    assert info is not None and info.builtin and info.reads_session_from_environment
    reported = subprocess.run([info.path, "--version"], capture_output=True, text=True, timeout=30)
    assert reported.stdout.strip() == info.version


def test_builtin_client_runs_a_session_from_the_environment_form(data_channel: DataChannelServer) -> None:
    info = builtin_client()
    assert info is not None
    issued = data_channel.issue("/bin/sh")
    argv, env = invocation_for(info, issued.as_response(), "us-east-1", None, TARGET, "")
    child = spawn_client(argv[1:], command=[argv[0]], env=env)
    child.expect(PROMPT)
    cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
    assert issued.token.encode() not in cmdline
    child.sendline("exit")
    assert finish(child) == EXIT_CLOSED


# -- parity with the AWS CLI's own launch ------------------------------------------------


class FakeEcs(BaseHTTPRequestHandler):
    """Just enough of the ECS JSON API for `aws ecs execute-command`."""

    cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/demo"
    task_arn = "arn:aws:ecs:eu-west-1:123456789012:task/demo/0123456789abcdef0123456789abcdef"

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        if operation == "ExecuteCommand":
            body = {
                "clusterArn": self.cluster_arn,
                "containerArn": "arn:aws:ecs:eu-west-1:123456789012:container/demo/0123/abcd",
                "containerName": "app",
                "interactive": True,
                "session": SESSION,
                "taskArn": self.task_arn,
            }
        elif operation == "DescribeTasks":
            body = {
                "tasks": [{"taskArn": self.task_arn, "containers": [{"name": "app", "runtimeId": "0123456789abcdef0123456789abcdef-1111111111"}]}],
                "failures": [],
            }
        else:
            self.send_error(400)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_ecs() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEcs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(5)


def test_argv_form_is_exactly_what_aws_ecs_execute_command_runs(tmp_path: Path, fake_ecs: str) -> None:
    aws = Path(sys.executable).with_name("aws")
    if not aws.exists():
        pytest.skip("the AWS CLI (test extra) is not installed")
    plugin = install_recording_plugin(tmp_path, version="1.2.497.0")
    env = {
        **os.environ,
        "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    }
    subprocess.run(
        [str(aws), "ecs", "execute-command", "--cluster", "demo", "--task", FakeEcs.task_arn, "--container", "app",
         "--interactive", "--command", "/bin/sh", "--region", "eu-west-1", "--endpoint-url", fake_ecs],
        env=env, check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    (call,) = plugin.calls()  # the CLI's no-argument presence check is not a session launch
    target = "ecs:demo_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1111111111"
    argv, extra_env = build_plugin_invocation(str(plugin.path), "1.2.497.0", SESSION, "eu-west-1", "", target, fake_ecs)
    assert extra_env == {}
    assert call["argv"] == argv[1:]


@pytest.mark.skipif(shutil.which("session-manager-plugin") is None, reason="session-manager-plugin is not installed")
def test_real_plugin_drives_the_simulator_agent(data_channel: DataChannelServer) -> None:
    """AWS's own plugin against our agent endpoint: the endpoint is faithful enough for it."""
    info = detect_plugin()
    assert info is not None
    issued = data_channel.issue("/bin/sh")
    argv, env = invocation_for(info, issued.as_response(), "us-east-1", "", TARGET, "")
    dummy_credentials = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret"}
    child = spawn_client(argv[1:], command=[argv[0]], env=env | dummy_credentials, timeout=20)
    child.expect(PROMPT)
    child.sendline("echo plugin-$((6*7))")
    child.expect_exact("plugin-42")
    child.sendline("exit")
    child.expect_exact(f"Exiting session with sessionId: {issued.session_id}.")
    assert finish(child) == 0
