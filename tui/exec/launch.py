"""Open an ECS Exec session and say how to run its session client.

``start_exec`` calls ExecuteCommand (always ``interactive=True``: ECS supports nothing else),
finds the container's runtimeId, and builds the client's argv and environment exactly as
``aws ecs execute-command`` does (session JSON, region, StartSession, profile, target JSON,
endpoint), with the session in an ``AWS_SSM_START_SESSION_RESPONSE_*`` variable whenever
the client can read it there. A one-off command runs as ``sh -c '<command>'`` in an
interactive session, so its output shows like a shell's.
"""

from __future__ import annotations

import ipaddress
import shlex
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from tui.aws.actions import EcsActions
from tui.aws.endpoints import ecs_hostname
from tui.aws.errors import explain
from tui.aws.fields import arn_resource_id
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings
from tui.exec.errors import diagnose_exec_error, single_finding
from tui.exec.findings import Diagnosis
from tui.exec.preflight import ClientChoice
from tui.ssm.launch import PluginInfo, builtin_client, detect_plugin, invocation_for

DEFAULT_SHELL = "/bin/sh"
ONE_OFF_SHELL = "sh"
TASK_NOT_FOUND = "The task provided in the request was not found."


class ExecLaunchError(Exception):
    """Exec could not start; ``diagnosis`` says why and what to do, ``str(error)`` in one line."""

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__(diagnosis.summary)
        self.diagnosis = diagnosis


@dataclass(frozen=True)
class ExecRequest:
    """Exec into one container: an interactive ``command`` (a shell), or with
    ``interactive=False`` a one-off command line whose output stays on screen.
    ``runtime_id`` saves a DescribeTasks when the caller already knows it (then give
    ``service_name`` too, for the session's header)."""

    cluster_arn: str
    task_arn: str
    container_name: str
    command: str = DEFAULT_SHELL
    interactive: bool = True
    runtime_id: str | None = None
    service_name: str | None = None


@dataclass(frozen=True)
class ExecLaunch:
    """A session ECS opened and how to run its client. ``argv`` and ``env`` may hold the
    session token: they are kept out of repr; show ``display_command`` instead."""

    request: ExecRequest
    client: PluginInfo
    argv: list[str] = field(repr=False)
    env: dict[str, str] = field(repr=False)
    target: str
    session_id: str
    cluster_name: str
    task_id: str
    container_name: str
    service_name: str | None
    remote_command: str

    @property
    def display_command(self) -> str:
        """The client's command line with the session JSON (if on argv) replaced by ``<session>``."""
        words = [self.argv[0], self.argv[1] if self.env else "<session>", *self.argv[2:]]
        return shlex.join(words)


def remote_command(request: ExecRequest) -> str:
    """What ExecuteCommand runs in the container; raises ExecLaunchError for an unusable one."""
    text = request.command.strip()
    if request.interactive:
        problem = _shell_problem(text)
        if problem:
            raise ExecLaunchError(
                single_finding("E-SHELL", f"Cannot use {text!r} as the shell", problem,
                               "Give a program path such as /bin/sh or /bin/bash (arguments may follow).")
            )  # fmt: skip
        return text
    if not text or "\x00" in text:
        raise ExecLaunchError(
            single_finding("E-COMMAND", "No command to run", "The one-off command is empty.", "Type a command line.")
        )
    return shlex.join([ONE_OFF_SHELL, "-c", text])


def _shell_problem(shell: str) -> str | None:
    if not shell:
        return "The shell is empty."
    if any(ord(c) < 32 or ord(c) == 127 for c in shell):
        return "It contains control characters."
    try:
        words = shlex.split(shell)
    except ValueError as error:
        return f"It does not split into words ({error})."
    if not words or words[0].startswith("-"):
        return "It starts with '-', which ECS would read as an option, not a program."
    return None


def ecs_endpoint(settings: ConnectionSettings) -> str:
    """The ECS endpoint the app uses: its override, else the Region's (from botocore's data)."""
    if settings.endpoint_url:
        return settings.endpoint_url
    return f"https://{ecs_hostname(settings.region) or f'ecs.{settings.region}.amazonaws.com'}"


def is_local_endpoint(url: str | None) -> bool:
    """True for an endpoint on this machine (the simulator): localhost or a loopback address."""
    host = urlsplit(url or "").hostname
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def choose_client(config_choice: ClientChoice, endpoint_is_local: bool) -> PluginInfo | None:
    """The session client to run, or None when the chosen one is not installed.

    A local endpoint (the demo simulator serves ws:// data channels, which AWS's plugin may
    refuse) always gets the built-in client. Otherwise "builtin" means ecs-tui-session,
    "plugin" and "auto" mean session-manager-plugin (pre-flight explains when it is missing).
    """
    if endpoint_is_local or config_choice == "builtin":
        return builtin_client() or (detect_plugin() if endpoint_is_local else None)
    return detect_plugin()


def start_exec(
    actions: EcsActions,
    reader: EcsReader,
    settings: ConnectionSettings,
    request: ExecRequest,
    client: PluginInfo,
    *,
    endpoint: str | None = None,
) -> ExecLaunch:
    """ExecuteCommand, DescribeTasks (unless the runtimeId is known), then the client's argv/env.

    Blocking (call it from a thread worker). Raises ExecLaunchError with a Diagnosis for any
    failure; the token is in the result's ``argv``/``env`` only.
    """
    command = remote_command(request)
    cluster_name = arn_resource_id(request.cluster_arn)
    task_id = arn_resource_id(request.task_arn)
    try:
        session = actions.execute_command(
            request.cluster_arn, request.task_arn, request.container_name, command, interactive=True
        )
    except (ClientError, BotoCoreError) as error:
        raise ExecLaunchError(
            diagnose_exec_error(
                error, cluster_name=cluster_name, task_id=task_id, container_name=request.container_name,
                profile=settings.profile, region=settings.region,
            )  # fmt: skip
        ) from None
    runtime_id, service_name = request.runtime_id, request.service_name
    if runtime_id is None:
        runtime_id, task_service = _runtime_id(reader, session.cluster_arn, session.task_arn, session.container_name, settings)
        service_name = service_name or task_service
    argv, env = invocation_for(
        client,
        {"sessionId": session.session_id, "streamUrl": session.stream_url, "tokenValue": session.token_value},
        settings.region,
        settings.profile,
        session.target(runtime_id),
        endpoint or ecs_endpoint(settings),
    )
    return ExecLaunch(
        request=request,
        client=client,
        argv=argv,
        env=env,
        target=session.target(runtime_id),
        session_id=session.session_id,
        cluster_name=arn_resource_id(session.cluster_arn) or cluster_name,
        task_id=arn_resource_id(session.task_arn) or task_id,
        container_name=session.container_name,
        service_name=service_name,
        remote_command=command,
    )


def _runtime_id(
    reader: EcsReader, cluster_arn: str, task_arn: str, container_name: str, settings: ConnectionSettings
) -> tuple[str, str | None]:
    """The container's runtimeId and the task's service, from DescribeTasks (as the AWS CLI does)."""
    try:
        tasks = reader.describe_tasks(arn_resource_id(cluster_arn), [arn_resource_id(task_arn)])
    except (ClientError, BotoCoreError) as error:
        raise ExecLaunchError(
            single_finding("L6", "Could not read the task after ExecuteCommand", explain(error, profile=settings.profile),
                           "Try again; the session ECS opened expires on its own.")
        ) from None  # fmt: skip
    container = tasks[0].container(container_name) if tasks else None
    if container is None or not container.runtime_id:
        raise ExecLaunchError(
            single_finding("L6", TASK_NOT_FOUND, "DescribeTasks did not return the task or its container's runtimeId: "
                           "it stopped in between, or the cluster or Region is wrong.", "Refresh the task list.")
        )  # fmt: skip
    return container.runtime_id, tasks[0].service_name
