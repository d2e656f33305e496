"""The command line as a user meets it: version, help, and one clear line for every bad start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tui import __version__


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], exit_code: int, *fragments: str) -> str:
    assert result.returncode == exit_code, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ecs-tui: ")
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower()
    return lines[0]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_version_prints_the_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ecs-tui {__version__}"


def test_help_lists_every_flag_and_the_sim_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for flag in ("--demo", "--profile", "--region", "--endpoint-url", "--cluster", "--service", "ecs-tui sim"):
        assert flag in result.stdout


def test_unknown_profile_is_one_line_and_exit_2() -> None:
    result = run_cli("--profile", "no-such-profile", "--region", "eu-west-1")
    assert_one_clear_line(result, 2, "no-such-profile")


def test_missing_region_is_one_line_and_exit_2() -> None:
    result = run_cli(env={"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "example"})
    assert_one_clear_line(result, 2, "region")


def test_unreachable_endpoint_is_one_line_and_exit_1() -> None:
    port = closed_port()
    result = run_cli(
        "--region",
        "eu-west-1",
        "--endpoint-url",
        f"http://127.0.0.1:{port}",
        env={"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "example"},
    )
    assert_one_clear_line(result, 1, f"127.0.0.1:{port}")


def test_missing_credentials_is_one_line_and_exit_1(demo_sim) -> None:
    result = run_cli("--region", "us-east-1", "--endpoint-url", demo_sim.endpoint_url)
    assert_one_clear_line(result, 1, "credentials")


def test_expired_credentials_is_one_line_and_never_shows_the_secret(demo_sim) -> None:
    demo_sim.inject_error(
        "*", "ExpiredTokenException", "The security token included in the request is expired", count=None
    )
    secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEYSECRET"
    token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN" + "x" * 60
    result = run_cli(
        "--region",
        "us-east-1",
        "--endpoint-url",
        demo_sim.endpoint_url,
        env={"AWS_ACCESS_KEY_ID": "ASIAEXAMPLEKEY123456", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token},
    )
    line = assert_one_clear_line(result, 1, "expired")
    for value in (secret, token):
        assert value not in result.stderr + result.stdout
    assert "ASIAEXAMPLEKEY123456" not in line


def test_service_without_cluster_is_a_usage_error() -> None:
    result = run_cli("--demo", "--service", "checkout")
    assert_one_clear_line(result, 2, "--cluster")


def test_unknown_flag_is_a_usage_error() -> None:
    result = run_cli("--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.fixture
def aws_profiles(isolated_aws_environment: Path) -> Path:
    (isolated_aws_environment / "config").write_text("[profile dev]\nregion = eu-central-1\n")
    return isolated_aws_environment


def test_known_profile_without_credentials_reaches_the_credential_check(aws_profiles: Path, demo_sim) -> None:
    result = run_cli("--profile", "dev", "--endpoint-url", demo_sim.endpoint_url)
    assert_one_clear_line(result, 1, "credentials")


def test_in_a_terminal_an_unreachable_endpoint_shows_in_the_app_which_keeps_working() -> None:
    from tests.demo.terminal import CTRL_Q, PtyClient

    port = closed_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "example", "TERM": "xterm-256color"}
    argv = [sys.executable, "-m", "tui", "--region", "eu-west-1", "--endpoint-url", f"http://127.0.0.1:{port}"]
    client = PtyClient(argv, 160, 48, env)
    try:
        client.wait_for_text("Clusters", "failed", f"127.0.0.1:{port}", timeout=60)
        client.send("?")  # the app still answers keys
        client.wait_for_text("Esc to close")
        client.send("\x1b")
        client.send(CTRL_Q)
        assert client.wait_for_exit() == 0
    finally:
        client.close()


def test_in_a_terminal_an_unknown_profile_still_exits_at_once() -> None:
    from tests.demo.terminal import PtyClient

    client = PtyClient([sys.executable, "-m", "tui", "--profile", "no-such-profile"], 120, 40, {**os.environ, "TERM": "xterm-256color"})
    try:
        client.wait_for_text("no-such-profile")
        assert client.wait_for_exit() == 2
    finally:
        client.close()


def test_in_a_terminal_a_profile_with_a_credential_process_connects_before_the_app_draws(
    aws_profiles: Path, demo_sim
) -> None:
    from tests.demo.terminal import CTRL_Q, PtyClient

    creds = aws_profiles / "creds.py"
    creds.write_text('import json; print(json.dumps({"Version": 1, "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "x"}))')
    (aws_profiles / "config").write_text(f"[profile proc]\nregion = us-east-1\ncredential_process = {sys.executable} {creds}\n")
    argv = [sys.executable, "-m", "tui", "--profile", "proc", "--endpoint-url", demo_sim.endpoint_url]
    client = PtyClient(argv, 160, 48, {**os.environ, "TERM": "xterm-256color"})
    try:
        client.wait_for_text("prod-web", "profile proc")
        client.send(CTRL_Q)
        assert client.wait_for_exit() == 0
    finally:
        client.close()
