"""Why an exec failed, as a Diagnosis: ExecuteCommand's API errors and the session client's
own last words, each with AWS's text kept verbatim (scrubbed of anything secret-shaped) and a fix.
"""

from __future__ import annotations

import re

from botocore.exceptions import BotoCoreError, ClientError

from tui.aws.errors import THROTTLING_CODES, explain
from tui.exec.findings import Diagnosis, Finding
from tui.exec.preflight import BUILTIN_HINT, PLUGIN_INSTALL_URL, PLUGIN_NOT_FOUND
from tui.exec.session_state import Ending, Phase, SessionState
from tui.ssm.launch import PluginInfo

_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b")
_LONG_RUN = re.compile(r"[A-Za-z0-9/+=_-]{100,}")
NOT_ENABLED_MARK = "execute command was not enabled"
AGENT_NOT_RUNNING_MARK = "execute command agent is not running"
INTERACTIVE_MARK = "Interactive is the only mode"
SESSION_LIMIT_MARK = "maximum session limit"
RETRY_LATER = "Retry in about 10 seconds."
EXPIRED_CODES = frozenset({"ExpiredTokenException", "ExpiredToken", "RequestExpired", "UnrecognizedClientException"})


def redact(text: str) -> str:
    """AWS text safe to show: access key ids and token-length runs replaced."""
    return _LONG_RUN.sub("[redacted]", _ACCESS_KEY_ID.sub("[redacted]", text))


def single_finding(check_id: str, title: str, cause: str, fix: str, command: str | None = None) -> Diagnosis:
    """A Diagnosis of one failing finding, summarised by its title."""
    return Diagnosis((Finding(check_id, "fail", title, cause, fix, command),), title)


def _code_and_message(error: ClientError) -> tuple[str, str]:
    details = error.response.get("Error", {}) if isinstance(error.response, dict) else {}
    return str(details.get("Code") or "Unknown"), str(details.get("Message") or "")


def diagnose_exec_error(
    error: BaseException,
    *,
    cluster_name: str,
    task_id: str,
    container_name: str,
    profile: str | None,
    region: str,
    checks: Diagnosis | None = None,
) -> Diagnosis:
    """A Diagnosis for an ExecuteCommand failure; ``checks`` (a fresh pre-flight) tells apart
    causes ECS words the same way, its failing findings are listed after the error's own."""
    finding = _finding_for(error, cluster_name, task_id, container_name, profile, region)
    diagnosis = Diagnosis((finding,), f"{finding.title}.")
    return with_checks(diagnosis, checks) if checks else diagnosis


def with_checks(diagnosis: Diagnosis, checks: Diagnosis) -> Diagnosis:
    """``diagnosis`` followed by the problems a fresh pre-flight found that it does not already name."""
    named = {f.check_id for f in diagnosis.findings}
    related = tuple(f for f in checks.problems if f.check_id not in named)
    return Diagnosis(diagnosis.findings + related, diagnosis.summary)


def _finding_for(
    error: BaseException, cluster_name: str, task_id: str, container_name: str, profile: str | None, region: str
) -> Finding:
    if not isinstance(error, ClientError):
        if isinstance(error, BotoCoreError):
            return Finding("E-CALL", "fail", "ExecuteCommand did not reach ECS", explain(error, profile=profile), "Check the network and try again.")
        return Finding("E-CALL", "fail", "ExecuteCommand failed", redact(f"{type(error).__name__}: {error}"), "Try again.")
    code, message = _code_and_message(error)
    verbatim = redact(str(error))
    who = f"profile {profile}" if profile else "the default credentials"
    if code == "InvalidParameterException" and INTERACTIVE_MARK in message:
        return Finding(
            "E-INTERACTIVE", "fail", "ECS accepts interactive exec sessions only", verbatim,
            "This is a bug in ecs-tui (it must always ask for an interactive session); please report it.",
        )  # fmt: skip
    if code == "InvalidParameterException" and AGENT_NOT_RUNNING_MARK in message:
        return Finding("C8", "fail", "The exec agent is not running yet", verbatim, RETRY_LATER)
    if code == "InvalidParameterException" and NOT_ENABLED_MARK in message:
        return Finding(
            "E-NOT-ENABLED", "fail", "ECS refused exec into this task", verbatim,
            "Either the task started before execute command was enabled (enable it and force a new "
            "deployment), or its exec agent is not RUNNING yet (retry in about 10 seconds). The checks below tell which.",
        )  # fmt: skip
    if code == "InvalidParameterException":
        return Finding("E-PARAMETER", "fail", "ECS rejected the exec request", verbatim, "Check the task and container, refresh the list and try again.")
    if code == "TargetNotConnectedException":
        return Finding(
            "E-NOT-CONNECTED", "fail", "The container's exec agent is not connected", verbatim,
            f"{RETRY_LATER} If it persists: the task role needs ssmmessages:CreateControlChannel, "
            "CreateDataChannel, OpenControlChannel and OpenDataChannel (start new tasks after granting them); "
            "the task needs a way out to ssmmessages (NAT, or an ssmmessages VPC endpoint next to an ECS one); "
            "AWS keys in the container's environment override the task role; a read-only root filesystem "
            "stops the agent.",
        )  # fmt: skip
    if code in ("AccessDeniedException", "AccessDenied"):
        return Finding(
            "E-DENIED", "fail", "Not allowed to run ECS Exec here", verbatim,
            f"The identity of {who} needs ecs:ExecuteCommand on task {task_id} of cluster {cluster_name}, "
            f"and any IAM condition (cluster, container name {container_name}, tags) must match. "
            "Ask for the permission, or switch to a profile that has it.",
        )  # fmt: skip
    if code == "ClusterNotFoundException":
        return Finding(
            "E-CLUSTER", "fail", f"Cluster {cluster_name} not found", verbatim,
            f"You are using {who} in {region}: switch to the Region or profile that holds the cluster.",
        )  # fmt: skip
    if code == "ClientException" and SESSION_LIMIT_MARK in message:
        return Finding("E-LIMIT", "fail", "Too many exec sessions to this container", verbatim, "Close another session to this container, then retry.")
    if code in THROTTLING_CODES:
        return Finding("E-THROTTLED", "fail", "ECS is throttling requests", verbatim, "The account's API budget is used up (CI, Terraform and consoles share it): wait a moment and retry.")
    if code == "ServerException":
        return Finding("E-SERVER", "fail", "ECS had an internal error", verbatim, "This is usually transient: retry later.")
    if code in EXPIRED_CODES or code.startswith("Expired"):
        return Finding("E-CREDENTIALS", "fail", "AWS did not accept the credentials", explain(error, profile=profile), "Refresh your credentials and retry.")
    return Finding("E-OTHER", "fail", f"ExecuteCommand failed ({code})", verbatim, "Try again; if it keeps failing, run the checks again.")


def plugin_missing(client_path: str) -> Diagnosis:
    """The client program could not be started (it vanished after detection)."""
    return single_finding(
        "L2", "The session client could not be started", f"{client_path} could not be run. {PLUGIN_NOT_FOUND}",
        f"Install AWS's Session Manager plugin ({PLUGIN_INSTALL_URL}), {BUILTIN_HINT}.",
    )


def diagnose_session_end(state: SessionState, *, client: PluginInfo, region: str) -> Diagnosis | None:
    """What went wrong with a session that ended or stopped answering; None for a normal end."""
    reason = redact(state.reason)
    if state.phase is Phase.UNRESPONSIVE:
        return single_finding(
            "S-SILENT", "The session is not answering", reason.capitalize() + ".",
            "Reconnect (r) or close it (x). AWS's plugin does not notice a dropped connection by itself.",
        )  # fmt: skip
    if state.phase is not Phase.ENDED or state.ending in (Ending.CLOSED, Ending.CLOSED_HERE, None):
        return None
    ending = state.ending
    if ending is Ending.NOT_STARTED and reason.endswith("EOF"):
        return single_finding(
            "S-EOF", "The session client saw no terminal", reason,
            "This is a bug in ecs-tui (the client must run on a pty); please report it.",
        )  # fmt: skip
    if ending is Ending.NOT_STARTED:
        return single_finding(
            "S-START", "The session could not start", reason,
            f"This machine must reach ssmmessages.{region}.amazonaws.com over HTTPS (check proxy and firewall "
            "settings). ExecuteCommand sessions must be opened soon after they are issued: reconnect to get a new one.",
        )  # fmt: skip
    if ending is Ending.REFUSED:
        return single_finding("S-AGENT", "The container's agent ended the session", reason, "Reconnect to try again.")
    if ending is Ending.TIMED_OUT:
        return single_finding("S-IDLE", "The session timed out", reason, "Reconnect to open a new one.")
    if ending is Ending.LOST:
        return single_finding("S-LOST", "The connection to the session was lost", reason, "Reconnect to open a new one.")
    if ending is Ending.NO_CLIENT:
        return plugin_missing(client.path)
    if ending is Ending.BAD_ARGUMENTS:
        return single_finding(
            "S-ARGS", "The session client rejected its arguments", reason,
            "This is a bug in ecs-tui; please report it with the session client's version.",
        )  # fmt: skip
    return single_finding("S-OTHER", "The session ended unexpectedly", reason, "Reconnect to try again.")
