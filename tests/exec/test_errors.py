"""ExecuteCommand's errors and the session client's last words, mapped to diagnoses."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from tui.exec.errors import diagnose_exec_error, diagnose_session_end, redact, with_checks
from tui.exec.findings import Diagnosis, Finding
from tui.exec.session_state import Ending, Phase, SessionState
from tui.ssm.launch import PluginInfo

TOKEN = "AAEAA" + "x9Kz/+" * 30
WHERE = {"cluster_name": "prod-web", "task_id": "0123abcd", "container_name": "web", "profile": "ops", "region": "eu-west-1"}
PLUGIN = PluginInfo("/usr/bin/session-manager-plugin", "1.2.764.0")


def client_error(code: str, message: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "ExecuteCommand")


NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run or the execute "
    "command agent isn't running. Wait and try again or run a new task with execute command enabled and try again."
)


@pytest.mark.parametrize(
    ("code", "message", "check_id", "fix_words"),
    [
        ("InvalidParameterException", NOT_ENABLED, "E-NOT-ENABLED", "force a new deployment"),
        ("InvalidParameterException", "Interactive is the only mode supported currently.", "E-INTERACTIVE", "bug in ecs-tui"),
        ("InvalidParameterException", "The execute command agent is not running. Please wait until the exec agent on your task is ready.", "C8", "10 seconds"),
        ("InvalidParameterException", "The container name must be specified.", "E-PARAMETER", "container"),
        ("TargetNotConnectedException", "The execute command failed due to an internal error. Try again later.", "E-NOT-CONNECTED", "ssmmessages"),
        ("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: ecs:ExecuteCommand on resource: arn:aws:ecs:eu-west-1:123456789012:task/prod-web/0123abcd", "E-DENIED", "ecs:ExecuteCommand on task 0123abcd"),
        ("ClusterNotFoundException", "Cluster not found.", "E-CLUSTER", "profile ops in eu-west-1"),
        ("ClientException", "Unable to start new execute sessions because the maximum session limit of 2 has been reached.", "E-LIMIT", "Close another session"),
        ("ServerException", "Service Unavailable. Please try again later.", "E-SERVER", "retry later"),
        ("ThrottlingException", "Rate exceeded.", "E-THROTTLED", "wait a moment"),
        ("ExpiredTokenException", "The security token included in the request is expired", "E-CREDENTIALS", "Refresh"),
        ("SomethingNewException", "Never seen before.", "E-OTHER", "Try again"),
    ],
)  # fmt: skip
def test_every_execute_command_error_has_a_finding(code, message, check_id, fix_words):
    diagnosis = diagnose_exec_error(client_error(code, message), **WHERE)
    finding = diagnosis.findings[0]
    assert (finding.check_id, finding.severity) == (check_id, "fail")
    assert fix_words in finding.fix
    if check_id != "E-CREDENTIALS":
        assert message in finding.cause  # AWS's words, verbatim
    assert diagnosis.blocking and diagnosis.summary == f"{finding.title}."


def test_fresh_checks_tell_the_not_enabled_causes_apart():
    checks = Diagnosis(
        (Finding("C5", "ok", "Task is RUNNING"), Finding("C7", "fail", "Execute command is not enabled", command="aws ecs update-service ...")),
        "x",
    )
    diagnosis = diagnose_exec_error(client_error("InvalidParameterException", NOT_ENABLED), checks=checks, **WHERE)
    assert [f.check_id for f in diagnosis.findings] == ["E-NOT-ENABLED", "C7"]
    assert diagnosis.findings[1].command == "aws ecs update-service ..."
    later = with_checks(diagnose_exec_error(client_error("InvalidParameterException", NOT_ENABLED), **WHERE), checks)
    assert later == diagnosis


def test_secrets_never_survive():
    error = client_error("AccessDeniedException", f"denied for AKIAIOSFODNN7EXAMPLE with {TOKEN}")
    cause = diagnose_exec_error(error, **WHERE).findings[0].cause
    assert "AKIAIOSFODNN7EXAMPLE" not in cause and TOKEN not in cause and cause.count("[redacted]") == 2
    assert redact("arn:aws:ecs:eu-west-1:123456789012:task/prod-web/0123abcd") == "arn:aws:ecs:eu-west-1:123456789012:task/prod-web/0123abcd"


def test_a_network_failure_is_explained_in_one_line():
    error = EndpointConnectionError(endpoint_url="https://ecs.eu-west-1.amazonaws.com/")
    finding = diagnose_exec_error(error, **WHERE).findings[0]
    assert finding.check_id == "E-CALL" and "https://ecs.eu-west-1.amazonaws.com/" in finding.cause and "\n" not in finding.cause


@pytest.mark.parametrize(
    ("state", "check_id"),
    [
        (SessionState(Phase.ENDED, "could not start: EOF", Ending.NOT_STARTED), "S-EOF"),
        (SessionState(Phase.ENDED, "could not start: dial tcp: i/o timeout", Ending.NOT_STARTED), "S-START"),
        (SessionState(Phase.ENDED, "Session is terminated by the user", Ending.REFUSED), "S-AGENT"),
        (SessionState(Phase.ENDED, "timed out", Ending.TIMED_OUT), "S-IDLE"),
        (SessionState(Phase.ENDED, "connection lost", Ending.LOST), "S-LOST"),
        (SessionState(Phase.ENDED, "the session client could not be started", Ending.NO_CLIENT), "L2"),
        (SessionState(Phase.ENDED, "rejected", Ending.BAD_ARGUMENTS), "S-ARGS"),
        (SessionState(Phase.ENDED, "the session client exited with status 9", Ending.UNKNOWN), "S-OTHER"),
        (SessionState(Phase.UNRESPONSIVE, "no answer for 10 s: the connection may be lost"), "S-SILENT"),
    ],
)
def test_session_endings_map_to_findings(state, check_id):
    diagnosis = diagnose_session_end(state, client=PLUGIN, region="eu-west-1")
    assert diagnosis is not None and diagnosis.findings[0].check_id == check_id and diagnosis.blocking


@pytest.mark.parametrize("ending", [Ending.CLOSED, Ending.CLOSED_HERE])
def test_a_normal_end_needs_no_diagnosis(ending):
    assert diagnose_session_end(SessionState(Phase.ENDED, "closed", ending), client=PLUGIN, region="eu-west-1") is None
    assert diagnose_session_end(SessionState(Phase.LIVE), client=PLUGIN, region="eu-west-1") is None
