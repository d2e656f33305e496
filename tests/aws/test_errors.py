"""Every failure a user may hit becomes one clear line, without a credential in it."""

from __future__ import annotations

import socket

import pytest
from botocore import exceptions as bx

from tui.aws.clients import AwsClients
from tui.aws.errors import AwsSetupError, check_connection, explain
from tui.aws.models import ListPage
from tui.aws.pacing import Pacer
from tui.aws.settings import ConnectionSettings

TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDmoreTOKENstuff+more/and=="
KEY_ID = "ASIAEXAMPLEKEYID1234"


def client_error(code: str, message: str = "", status: int = 400, operation: str = "ListClusters") -> bx.ClientError:
    response = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return bx.ClientError(response, operation)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (bx.ProfileNotFound(profile="prod"), "'prod'"),
        (bx.NoRegionError(), "pass --region or set AWS_REGION"),
        (bx.InvalidRegionError(region_name="moon 1"), "'moon 1'"),
        (bx.NoCredentialsError(), "No AWS credentials found"),
        (bx.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"), "AWS_SECRET_ACCESS_KEY is missing"),
        (bx.SSOTokenLoadError(error_msg="Token for corp does not exist"), "run aws sso login --profile dev"),
        (bx.UnauthorizedSSOTokenError(), "run aws sso login --profile dev"),
        (bx.TokenRetrievalError(provider="sso", error_msg="expired"), "run aws sso login --profile dev"),
        (bx.LoginRefreshRequired(), "aws login"),
        (bx.CredentialRetrievalError(provider="custom-process", error_msg="exit 1"), "custom-process"),
        (bx.EndpointConnectionError(endpoint_url="https://ecs.eu-west-9.amazonaws.com/"), "https://ecs.eu-west-9.amazonaws.com/"),
        (bx.ConnectTimeoutError(endpoint_url="https://ecs.x/"), "Timed out connecting to https://ecs.x/"),
        (bx.ReadTimeoutError(endpoint_url="https://ecs.x/"), "https://ecs.x/ did not answer in time"),
        (bx.ConnectionClosedError(endpoint_url="https://ecs.x/"), "https://ecs.x/"),
        (bx.SSLError(endpoint_url="https://ecs.x/", error="bad cert"), "AWS_CA_BUNDLE"),
        (bx.ParamValidationError(report="Invalid type for parameter cluster"), "Invalid type for parameter cluster"),
        (client_error("ExpiredTokenException", "The security token included in the request is expired"), "have expired"),
        (client_error("ExpiredToken"), "aws sso login --profile dev"),
        (client_error("RequestExpired"), "have expired"),
        (client_error("UnrecognizedClientException", "The security token included in the request is invalid."), "does not recognise"),
        (client_error("InvalidClientTokenId"), "does not recognise"),
        (client_error("InvalidSignatureException"), "clock"),
        (
            client_error("AccessDeniedException", "User: arn:aws:iam::1:user/bob is not authorized to perform: ecs:ListClusters"),
            "User: arn:aws:iam::1:user/bob is not authorized to perform: ecs:ListClusters",
        ),
        (client_error("ThrottlingException", "Rate exceeded"), "throttling ListClusters"),
        (client_error("ClusterNotFoundException", "Cluster not found.", operation="ListTasks"), "Cluster not found (ListTasks)"),
        (client_error("ServiceNotFoundException", "Service not found.", operation="UpdateService"), "Service not found"),
        (client_error("InvalidParameterException", "The execute command failed because execute command was not enabled"),
         "execute command was not enabled"),
        (client_error("TargetNotConnectedException", "The execute command failed due to an internal error."), "not connected"),
        (client_error("ServerException", "Service unavailable", status=500), "internal error during ListClusters"),
        (client_error("SomethingNew", "odd", status=503), "internal error"),
        (client_error("SomethingElse", "odd"), "ListClusters failed (SomethingElse): odd."),
        (AwsSetupError("pass --region"), "pass --region"),
        (RuntimeError("boom\nsecond line"), "RuntimeError: boom second line"),
    ],
)
def test_explain_gives_one_helpful_line(exc: BaseException, expected: str) -> None:
    message = explain(exc, profile="dev")
    assert expected in message
    assert "\n" not in message and message.strip() == message


def test_sso_hint_without_a_profile() -> None:
    assert "run aws sso login and" in explain(bx.UnauthorizedSSOTokenError())


@pytest.mark.parametrize(
    "exc",
    [
        client_error("InvalidSignatureException", f"Signature expected for {KEY_ID}, token {TOKEN}"),
        client_error("AccessDeniedException", f"denied for key {KEY_ID}"),
        bx.TokenRetrievalError(provider="sso", error_msg=f"bad token {TOKEN}"),
        RuntimeError(f"credentials {KEY_ID} {TOKEN}"),
    ],
)
def test_no_credential_in_any_message(exc: BaseException) -> None:
    message = explain(exc)
    assert KEY_ID not in message
    assert TOKEN not in message and "IQoJb3JpZ2luX2VjEJr" not in message


def test_task_arns_survive_scrubbing() -> None:
    arn = "arn:aws:ecs:us-east-1:123456789012:task/production/0123456789abcdef0123456789abcdef"
    assert arn in explain(client_error("InvalidParameterException", f"Task {arn} is not running"))


def settings_for(endpoint_url: str) -> ConnectionSettings:
    return ConnectionSettings(profile=None, region="us-east-1", endpoint_url=endpoint_url, region_source="--region")


def test_check_connection_returns_the_first_page(standin) -> None:
    for index in range(150):
        standin.add_cluster(f"c{index:03d}")
    clients = AwsClients(settings_for(standin.start()), static_credentials=("testing", "testing"))
    pacer = Pacer()
    page = check_connection(clients, pacer=pacer)
    assert isinstance(page, ListPage)
    assert len(page.arns) == 100 and page.next_token
    assert standin.requests == [("ListClusters", {"maxResults": 100})]
    assert pacer.stats.calls == {"ListClusters": 1}


def test_check_connection_on_a_closed_port_names_the_endpoint() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    clients = AwsClients(settings_for(url), static_credentials=("testing", "testing"))
    with pytest.raises(AwsSetupError) as caught:
        check_connection(clients)
    assert f"127.0.0.1:{port}" in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ExpiredTokenException", "have expired"), ("UnrecognizedClientException", "does not recognise")],
)
def test_check_connection_on_rejected_credentials(standin, code, expected) -> None:
    standin.inject_error("ListClusters", code, "The security token included in the request is expired")
    clients = AwsClients(settings_for(standin.start()), static_credentials=("testing", "testing"))
    with pytest.raises(AwsSetupError, match=expected):
        check_connection(clients)


def test_check_connection_without_credentials(isolated_aws_environment) -> None:
    clients = AwsClients(settings_for("http://127.0.0.1:9"))
    with pytest.raises(AwsSetupError, match="No AWS credentials found"):
        check_connection(clients)

