"""ecs-tui-session's command line: banner, version, argument errors, the environment-variable form."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui import __version__
from tui.ssm.arguments import ArgumentError, parse_arguments
from tui.ssm.client import EXIT_USAGE, INSTALL_BANNER, main

SESSION = {"sessionId": "s-1", "streamUrl": "ws://127.0.0.1:9/x", "tokenValue": "tok-secret"}
PARAMETERS = json.dumps({"Target": "ecs:a_b_c"})


def args(session: str = json.dumps(SESSION), operation: str = "StartSession", parameters: str = PARAMETERS) -> list[str]:
    return [session, "us-east-1", operation, "", parameters, "https://ecs.us-east-1.amazonaws.com"]


def run_client(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.ssm.client", *argv], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
    )


def test_no_arguments_prints_the_install_banner_and_succeeds() -> None:
    result = run_client()
    assert (result.returncode, result.stdout) == (0, INSTALL_BANNER)


def test_version() -> None:
    result = run_client("--version")
    assert (result.returncode, result.stdout) == (0, __version__ + "\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["a", "b"], "expected 5 or 6 arguments"),
        (args(operation="StartPortForwarding"), "Unknown operation"),
        (args(session="{not json"), "the session is not valid JSON"),
        (args(session=json.dumps({"sessionId": "s"})), "the session has no StreamUrl"),
        (args(session=json.dumps(SESSION | {"streamUrl": "https://x"})), "not a ws:// or wss:// URL"),
        (args(parameters="{}"), 'the parameters have no "Target"'),
        (args(session="AWS_SSM_START_SESSION_RESPONSE_UNSET"), "AWS_SSM_START_SESSION_RESPONSE_UNSET is not set"),
    ],
)
def test_bad_arguments_get_one_clear_line(argv: list[str], message: str) -> None:
    result = run_client(*argv)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("Cannot perform start session: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "tok-secret" not in result.stderr + result.stdout


def test_bad_heartbeat_setting_is_reported(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ECS_TUI_SESSION_HEARTBEAT", "soon")
    assert main(args()) == EXIT_USAGE
    assert "ECS_TUI_SESSION_HEARTBEAT must be a number of seconds" in capsys.readouterr().err


def test_environment_form_is_read_and_removed() -> None:
    environ = {"AWS_SSM_START_SESSION_RESPONSE": json.dumps(SESSION), "OTHER": "x"}
    parsed = parse_arguments(args(session="AWS_SSM_START_SESSION_RESPONSE"), environ)
    assert parsed.session.token == "tok-secret"
    assert environ == {"OTHER": "x"}


def test_any_name_with_the_prefix_is_an_environment_reference() -> None:
    environ = {"AWS_SSM_START_SESSION_RESPONSE_1234": json.dumps(SESSION)}
    assert parse_arguments(args(session="AWS_SSM_START_SESSION_RESPONSE_1234"), environ).session.session_id == "s-1"


def test_keys_match_case_insensitively_like_go() -> None:
    mixed = {"SESSIONID": "s-2", "streamurl": "wss://h/p", "TokenValue": "t"}
    parsed = parse_arguments(args(session=json.dumps(mixed)), {})
    assert (parsed.session.session_id, parsed.session.stream_url) == ("s-2", "wss://h/p")


def test_endpoint_is_optional() -> None:
    assert parse_arguments(args()[:5], {}).endpoint == ""


def test_session_repr_hides_the_token() -> None:
    parsed = parse_arguments(args(), {})
    assert "tok-secret" not in repr(parsed)


def test_argument_error_is_a_value_error() -> None:
    with pytest.raises(ArgumentError):
        parse_arguments([], {})
