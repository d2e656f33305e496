"""start_exec against the demo simulator: ExecuteCommand, the runtimeId, and the client's
argv and environment, checked with a recording stand-in plugin and run with the built-in client."""

from __future__ import annotations

import json
import os
import subprocess

import pexpect
import pytest

from tests.exec.conftest import DemoWorld
from tests.ssm.recording_plugin import install_recording_plugin
from tui.aws.settings import ConnectionSettings
from tui.exec.launch import (
    ExecLaunchError,
    ExecRequest,
    choose_client,
    ecs_endpoint,
    is_local_endpoint,
    remote_command,
    start_exec,
)
from tui.ssm.launch import builtin_client, detect_plugin

NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run or the execute "
    "command agent isn't running. Wait and try again or run a new task with execute command enabled and try again."
)


def storefront_request(demo: DemoWorld, **options) -> ExecRequest:
    task = demo.service_task("prod-web", "storefront", lambda t: t.last_status == "RUNNING")
    return ExecRequest(task.cluster_arn, task.arn, "storefront", **options)


def token_of(demo: DemoWorld, session_id: str) -> str:
    return demo.simulator.sessions.get(session_id).token_value


def plugin_on_path(tmp_path, monkeypatch, version: str):
    recording = install_recording_plugin(tmp_path, version=version)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    plugin = detect_plugin()
    assert plugin is not None and plugin.version == version
    return recording, plugin


def test_argv_form_for_a_plugin_before_1_2_536(demo, tmp_path, monkeypatch):
    recording, plugin = plugin_on_path(tmp_path, monkeypatch, "1.2.497.0")
    launch = start_exec(demo.actions, demo.reader, demo.settings, storefront_request(demo), plugin)
    subprocess.run(launch.argv, env={**os.environ, **launch.env}, check=True)
    (call,) = recording.calls()
    task = demo.reader.describe_tasks("prod-web", [launch.task_id])[0]
    runtime_id = task.container("storefront").runtime_id
    session = json.loads(call["argv"][0])
    assert session == {
        "sessionId": launch.session_id,
        "streamUrl": session["streamUrl"],
        "tokenValue": token_of(demo, launch.session_id),
    }
    assert call["argv"][1:] == [
        "us-east-1",
        "StartSession",
        "",
        json.dumps({"Target": f"ecs:prod-web_{launch.task_id}_{runtime_id}"}),
        demo.simulator.endpoint_url,
    ]
    assert len(launch.argv) == 7 and launch.argv[0] == str(recording.path)
    assert call["env"] == {} and launch.env == {}
    assert "<session>" in launch.display_command and token_of(demo, launch.session_id) not in launch.display_command
    assert token_of(demo, launch.session_id) not in repr(launch)


def test_environment_form_from_1_2_536_keeps_the_token_off_the_command_line(demo, tmp_path, monkeypatch):
    recording, plugin = plugin_on_path(tmp_path, monkeypatch, "1.2.536.0")
    launch = start_exec(demo.actions, demo.reader, demo.settings, storefront_request(demo), plugin)
    subprocess.run(launch.argv, env={**os.environ, **launch.env}, check=True)
    (call,) = recording.calls()
    token = token_of(demo, launch.session_id)
    name = call["argv"][0]
    assert name.startswith("AWS_SSM_START_SESSION_RESPONSE_") and list(call["env"]) == [name]
    assert json.loads(call["env"][name])["tokenValue"] == token
    assert all(token not in word for word in launch.argv)
    assert len(launch.argv) == 7 and call["argv"][1:3] == ["us-east-1", "StartSession"]
    assert launch.target.startswith(f"ecs:prod-web_{launch.task_id}_")
    assert launch.display_command.split()[1] == name


def test_the_profile_and_a_given_endpoint_go_through(demo, tmp_path, monkeypatch):
    recording, plugin = plugin_on_path(tmp_path, monkeypatch, "1.2.764.0")
    settings = ConnectionSettings("ops", "us-east-1", demo.simulator.endpoint_url, "test")
    request = storefront_request(demo)
    launch = start_exec(demo.actions, demo.reader, settings, request, plugin, endpoint="https://ecs.example.test")
    subprocess.run(launch.argv, env={**os.environ, **launch.env}, check=True)
    assert recording.calls()[0]["argv"][3:] == ["ops", json.dumps({"Target": launch.target}), "https://ecs.example.test"]


def test_a_known_runtime_id_saves_the_describe_call(demo, tmp_path, monkeypatch):
    _, plugin = plugin_on_path(tmp_path, monkeypatch, "1.2.764.0")
    base = storefront_request(demo)
    request = ExecRequest(base.cluster_arn, base.task_arn, "storefront", runtime_id="abc-123", service_name="storefront")
    demo.simulator.reset_stats()
    launch = start_exec(demo.actions, demo.reader, demo.settings, request, plugin)
    assert launch.target.endswith("_abc-123") and launch.service_name == "storefront"
    assert "DescribeTasks" not in demo.simulator.stats.calls


def test_the_builtin_client_reaches_a_shell_in_the_demo_world(demo):
    client = choose_client("plugin", is_local_endpoint(demo.settings.endpoint_url))
    assert client is not None and client.builtin
    launch = start_exec(demo.actions, demo.reader, demo.settings, storefront_request(demo), client)
    assert launch.service_name == "storefront" and launch.container_name == "storefront"
    child = pexpect.spawn(launch.argv[0], launch.argv[1:], env={**os.environ, **launch.env}, timeout=10)
    try:
        child.expect(f"Starting session with SessionId: {launch.session_id}")
        child.expect(r"[#$] $")
        child.sendline("echo exec-$((6*7))")
        child.expect("exec-42")
        child.sendline("exit")
        child.expect(f"Exiting session with sessionId: {launch.session_id}.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_a_one_off_command_runs_under_sh_c(demo):
    request = storefront_request(demo, command="echo 'a b'; ls | wc -l", interactive=False)
    launch = start_exec(demo.actions, demo.reader, demo.settings, request, builtin_client())
    assert launch.remote_command == "sh -c 'echo '\"'\"'a b'\"'\"'; ls | wc -l'"
    assert demo.simulator.sessions.get(launch.session_id).command == launch.remote_command


@pytest.mark.parametrize("shell", ["-c id", "", "   ", "/bin/sh\n-i", "'unclosed"])
def test_unusable_shells_are_refused_before_any_call(demo, shell):
    demo.simulator.reset_stats()
    with pytest.raises(ExecLaunchError) as raised:
        start_exec(demo.actions, demo.reader, demo.settings, storefront_request(demo, command=shell), builtin_client())
    assert raised.value.diagnosis.blocking and "\n" not in str(raised.value)
    assert "ExecuteCommand" not in demo.simulator.stats.calls


def test_a_shell_with_arguments_is_kept():
    assert remote_command(ExecRequest("c", "t", "x", "/bin/bash -l")) == "/bin/bash -l"


def test_an_ecs_refusal_becomes_a_diagnosis(demo):
    task = demo.service_task("prod-web", "notifications-api")
    request = ExecRequest(task.cluster_arn, task.arn, "notifications-api")
    with pytest.raises(ExecLaunchError) as raised:
        start_exec(demo.actions, demo.reader, demo.settings, request, builtin_client())
    finding = raised.value.diagnosis.findings[0]
    assert finding.check_id == "E-NOT-ENABLED"
    assert finding.cause.startswith("An error occurred (InvalidParameterException) when calling the ExecuteCommand operation")
    assert finding.cause.endswith(NOT_ENABLED)


def test_client_choice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert choose_client("auto", False) is None  # real AWS, no plugin: pre-flight explains
    assert choose_client("plugin", False) is None
    builtin = choose_client("builtin", False)
    assert builtin is not None and builtin.builtin  # found next to the interpreter
    local = choose_client("auto", True)
    assert local is not None and local.builtin
    install_recording_plugin(tmp_path, version="1.2.764.0")
    plugin = choose_client("auto", False)
    assert plugin is not None and not plugin.builtin and plugin.version == "1.2.764.0"


@pytest.mark.parametrize(
    ("url", "local"),
    [("http://127.0.0.1:4566", True), ("http://localhost:1", True), ("http://[::1]:80", True),
     ("https://ecs.us-east-1.amazonaws.com", False), (None, False), ("http://10.0.0.1", False)],
)  # fmt: skip
def test_local_endpoints(url, local):
    assert is_local_endpoint(url) is local


def test_the_regional_endpoint_by_default():
    assert ecs_endpoint(ConnectionSettings(None, "eu-west-1", None, "test")) == "https://ecs.eu-west-1.amazonaws.com"
    assert ecs_endpoint(ConnectionSettings(None, "cn-north-1", None, "test")) == "https://ecs.cn-north-1.amazonaws.com.cn"
    assert ecs_endpoint(ConnectionSettings(None, "eu-west-1", "http://127.0.0.1:9", "test")) == "http://127.0.0.1:9"
