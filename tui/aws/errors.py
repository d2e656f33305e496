"""One clear line for every AWS failure a user may hit, and the first-call check.

No message ever carries a credential: AWS text that is kept verbatim is
scrubbed of anything shaped like an access key id or a token first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from botocore import exceptions as bx

from tui.aws.limits import LIST_PAGE_SIZE
from tui.aws.models import ListPage

if TYPE_CHECKING:
    from tui.aws.clients import AwsClients
    from tui.aws.pacing import Pacer


class AwsSetupError(Exception):
    """The app cannot talk to AWS as configured; ``message`` says what to do, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
    }
)
_EXPIRED_CODES = frozenset({"ExpiredTokenException", "ExpiredToken", "RequestExpired", "TokenRefreshRequired"})
_UNKNOWN_KEY_CODES = frozenset({"UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "AuthFailure"})
_SIGNATURE_CODES = frozenset({"InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature"})
_DENIED_CODES = frozenset({"AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnauthorizedException"})
_SERVER_CODES = frozenset({"ServerException", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException"})

_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b")
_BASE64_RUN = re.compile(r"[A-Za-z0-9/+=]{40,}")


def throttling_code(exc: BaseException) -> str | None:
    """The error code when ``exc`` is a throttling error, else None."""
    if isinstance(exc, bx.ClientError):
        code = exc.response.get("Error", {}).get("Code")
        if code in THROTTLING_CODES:
            return code
    return None


def _looks_like_secret(run: re.Match[str]) -> str:
    """Replace a long base64 run that an ARN or an id could not be (a token, a signature)."""
    text = run.group(0)
    return "[redacted]" if "+" in text or "=" in text or len(text) >= 100 else text


def _scrub(message: str) -> str:
    """One line, with anything shaped like a credential replaced."""
    message = _ACCESS_KEY_ID.sub("[redacted]", message)
    return " ".join(_BASE64_RUN.sub(_looks_like_secret, message).split())


def _login_hint(profile: str | None) -> str:
    return f"aws sso login --profile {profile}" if profile else "aws sso login"


def _explain_client_error(exc: bx.ClientError, profile: str | None) -> str:
    error = exc.response.get("Error", {}) if isinstance(exc.response, dict) else {}
    code = str(error.get("Code") or "Unknown")
    aws_message = _scrub(str(error.get("Message") or "")).rstrip(".")
    operation = exc.operation_name or "the call"
    said = f": {aws_message}." if aws_message else "."
    with_profile = f" of profile {profile}" if profile else ""
    if code in _EXPIRED_CODES:
        return (
            f"Your AWS credentials{with_profile} have expired ({code}): refresh them "
            f"(e.g. {_login_hint(profile)}, or your credential tool) and try again."
        )
    if code in _UNKNOWN_KEY_CODES:
        return (
            f"AWS does not recognise the access key{with_profile} ({code}): it is wrong, deactivated, "
            "or for another partition or region; check your profile or environment credentials."
        )
    if code in _SIGNATURE_CODES:
        return (
            f"AWS rejected the request signature ({code}): the secret key does not match the access key"
            f"{with_profile}, or this machine's clock is off."
        )
    if code in _DENIED_CODES:
        return f"Access denied for {operation} ({code}){said} Ask for the IAM permission, or use another profile."
    if code in THROTTLING_CODES:
        return f"ECS is throttling {operation} ({code}): the account's API budget is used up; wait a moment and retry."
    if code == "ClusterNotFoundException":
        return f"Cluster not found ({operation}){said} It may have been deleted, or be in another region or account."
    if code in ("ServiceNotFoundException", "ServiceNotActiveException"):
        return f"Service not found or not active ({operation}){said}"
    if code == "TargetNotConnectedException":
        return f"The ECS Exec agent of that container is not connected ({operation}){said}"
    if code in ("InvalidParameterException", "ClientException"):
        return f"ECS rejected {operation} ({code}){said}"
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") if isinstance(exc.response, dict) else None
    if code in _SERVER_CODES or (isinstance(status, int) and status >= 500):
        return f"AWS had an internal error during {operation} ({code}){said} Try again."
    return f"{operation} failed ({code}){said}"


def explain(exc: BaseException, *, profile: str | None = None) -> str:
    """One clear line saying what went wrong and what to do; ``profile`` names the profile in use."""
    if isinstance(exc, AwsSetupError):
        return exc.message
    if isinstance(exc, bx.ClientError):
        return _explain_client_error(exc, profile)
    if isinstance(exc, bx.ProfileNotFound):
        return f"AWS profile {exc.kwargs.get('profile')!r} was not found in your AWS config; pass --profile with a known one."
    if isinstance(exc, bx.NoRegionError):
        return "No AWS region is set: pass --region or set AWS_REGION."
    if isinstance(exc, (bx.InvalidRegionError, bx.UnknownRegionError)):
        return f"{exc.kwargs.get('region_name')!r} is not a valid AWS region name: pass --region, e.g. eu-west-1."
    if isinstance(exc, bx.NoCredentialsError):
        return (
            "No AWS credentials found: pass --profile (or set AWS_PROFILE), run aws configure or "
            "aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    if isinstance(exc, bx.PartialCredentialsError):
        return (
            f"Incomplete AWS credentials in {exc.kwargs.get('provider')}: {exc.kwargs.get('cred_var')} is missing; "
            "set it or remove the others."
        )
    if isinstance(exc, (bx.UnauthorizedSSOTokenError, bx.SSOTokenLoadError)):
        return f"Your AWS SSO session is missing or has expired: run {_login_hint(profile)} and try again."
    if isinstance(exc, bx.TokenRetrievalError):
        detail = _scrub(str(exc.kwargs.get("error_msg") or "")).rstrip(".")
        return f"Could not refresh the AWS SSO token ({detail}): run {_login_hint(profile)} and try again."
    if isinstance(exc, bx.LoginError):
        return "Your AWS login session has expired or is invalid: run aws login and try again."
    if isinstance(exc, bx.CredentialRetrievalError):
        detail = _scrub(str(exc.kwargs.get("error_msg") or "")).rstrip(".")
        return f"Could not get AWS credentials from {exc.kwargs.get('provider')}: {detail}."
    if isinstance(exc, bx.ConnectTimeoutError):
        return f"Timed out connecting to {exc.kwargs.get('endpoint_url')}: check the region, the endpoint URL and your network."
    if isinstance(exc, bx.ReadTimeoutError):
        return f"{exc.kwargs.get('endpoint_url')} did not answer in time: the network or the service is slow; try again."
    if isinstance(exc, bx.ProxyConnectionError):
        return f"Could not connect to the proxy {exc.kwargs.get('proxy_url')}: check HTTPS_PROXY / HTTP_PROXY."
    if isinstance(exc, bx.SSLError):
        return f"TLS failed for {exc.kwargs.get('endpoint_url')}: check AWS_CA_BUNDLE or your proxy's certificate."
    if isinstance(exc, (bx.EndpointConnectionError, bx.ConnectionClosedError)):
        return f"Could not reach {exc.kwargs.get('endpoint_url')}: check the region, the endpoint URL and your network."
    if isinstance(exc, bx.ParamValidationError):
        return f"Invalid request: {_scrub(str(exc.kwargs.get('report') or exc))}"
    if isinstance(exc, bx.BotoCoreError):
        return _scrub(str(exc)) or type(exc).__name__
    return _scrub(f"{type(exc).__name__}: {exc}")


def check_connection(clients: AwsClients, *, pacer: Pacer | None = None) -> ListPage:
    """Make the first real call (one ListClusters page) and return that page for the app to use.

    Any failure becomes an AwsSetupError with one line, so the CLI can print it and exit.
    """
    profile = clients.settings.profile
    try:
        ecs = clients.ecs

        def call() -> dict:
            return ecs.list_clusters(maxResults=LIST_PAGE_SIZE)

        response = pacer.call("ListClusters", call) if pacer else call()
    except (bx.BotoCoreError, bx.ClientError) as exc:
        raise AwsSetupError(explain(exc, profile=profile)) from exc
    arns = response.get("clusterArns") or []
    token = response.get("nextToken")
    return ListPage(tuple(a for a in arns if isinstance(a, str)), token if isinstance(token, str) and token else None)
