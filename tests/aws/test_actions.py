"""Write calls: stop a task, update a service, open an ECS Exec session."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber

from tests.aws.conftest import local_ecs_client
from tui.aws.actions import EcsActions, ExecSession, ssm_target
from tui.aws.pacing import Pacer

CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod"
TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef"
SECRET_TOKEN = "AAEAAZ-very-secret-session-token"


def test_ssm_target_from_names_or_arns() -> None:
    expected = "ecs:prod_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-2531612879"
    runtime = "0123456789abcdef0123456789abcdef-2531612879"
    assert ssm_target("prod", "0123456789abcdef0123456789abcdef", runtime) == expected
    assert ssm_target(CLUSTER_ARN, TASK_ARN, runtime) == expected
    with pytest.raises(ValueError, match="runtime id"):
        ssm_target("prod", "abc", "")


def test_execute_command_returns_a_session_that_hides_its_token() -> None:
    client = local_ecs_client("http://127.0.0.1:9")
    response = {
        "clusterArn": CLUSTER_ARN,
        "containerArn": "arn:aws:ecs:us-east-1:123456789012:container/prod/0123/c-1",
        "containerName": "app",
        "interactive": True,
        "session": {"sessionId": "ecs-execute-command-0abc", "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc", "tokenValue": SECRET_TOKEN},
        "taskArn": TASK_ARN,
    }
    with Stubber(client) as stub:
        stub.add_response(
            "execute_command",
            response,
            {"cluster": "prod", "task": TASK_ARN, "container": "app", "command": "/bin/sh", "interactive": True},
        )
        session = EcsActions(client, pacer=Pacer()).execute_command("prod", TASK_ARN, "app", "/bin/sh")
    assert isinstance(session, ExecSession)
    assert session.session_id == "ecs-execute-command-0abc" and session.token_value == SECRET_TOKEN
    assert SECRET_TOKEN not in repr(session) and SECRET_TOKEN not in str(session)
    assert session.target("rt-1") == "ecs:prod_0123456789abcdef0123456789abcdef_rt-1"
    assert session.plugin_response() == {
        "SessionId": "ecs-execute-command-0abc",
        "StreamUrl": response["session"]["streamUrl"],
        "TokenValue": SECRET_TOKEN,
    }


def test_execute_command_errors_are_botocore_errors() -> None:
    client = local_ecs_client("http://127.0.0.1:9")
    with Stubber(client) as stub:
        stub.add_client_error(
            "execute_command", service_error_code="TargetNotConnectedException",
            service_message="The execute command failed due to an internal error. Try again later.",
        )
        with pytest.raises(client.exceptions.TargetNotConnectedException):
            EcsActions(client).execute_command("prod", TASK_ARN, "app", "/bin/sh")


def test_stop_task_and_update_service_send_typed_requests() -> None:
    client = local_ecs_client("http://127.0.0.1:9")
    actions = EcsActions(client)
    with Stubber(client) as stub:
        stub.add_response(
            "stop_task",
            {"task": {"taskArn": TASK_ARN, "desiredStatus": "STOPPED", "lastStatus": "RUNNING"}},
            {"cluster": "prod", "task": TASK_ARN, "reason": "Stopped from ecs-tui"},
        )
        stub.add_response(
            "update_service",
            {"service": {"serviceName": "web", "desiredCount": 4}},
            {"cluster": "prod", "service": "web", "desiredCount": 4, "forceNewDeployment": True},
        )
        stub.add_response("update_service", {"service": {"serviceName": "web"}}, {"cluster": "prod", "service": "web", "desiredCount": 0})
        task = actions.stop_task("prod", TASK_ARN, "Stopped from ecs-tui")
        service = actions.update_service("prod", "web", desired_count=4, force_new_deployment=True)
        actions.update_service("prod", "web", desired_count=0)
        stub.assert_no_pending_responses()
    assert (task.task_id, task.desired_status) == ("0123456789abcdef0123456789abcdef", "STOPPED")
    assert (service.name, service.desired_count) == ("web", 4)
    with pytest.raises(ValueError, match="negative"):
        actions.update_service("prod", "web", desired_count=-1)
