"""Pre-flight checks for ECS Exec: what ECS read calls and the local machine can tell before
ExecuteCommand is called (every call opens a session, so a doomed one is never made).

Check ids follow amazon-ecs-exec-checker (C5-C15) and ecs-tui's local ones (L2, L3, L6).
``preflight`` is pure: it reads models the caller fetched (see ``tui.exec.context``).
"""

from __future__ import annotations

import shlex
from typing import Literal

from tui.aws.models import ContainerInstance, Task, TaskDefinition
from tui.exec.findings import Diagnosis, Finding, summarise
from tui.ssm.launch import FIRST_VERSION_WITH_ENV_VAR, PluginInfo, parse_version

ClientChoice = Literal["auto", "plugin", "builtin"]

PLUGIN_INSTALL_URL = (
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html"
)
PLUGIN_NOT_FOUND = (
    "SessionManagerPlugin is not found. Please refer to SessionManager Documentation here: "
    "http://docs.aws.amazon.com/console/systems-manager/session-manager-plugin-not-found"
)
BUILTIN_HINT = 'or set session_client = "builtin" in the config (or pass --session-client builtin) to use ecs-tui\'s built-in client'
ENV_FORM_MINIMUM = ".".join(map(str, FIRST_VERSION_WITH_ENV_VAR))
PLUGIN_MINIMUM = "1.2.764.0"  # AWS's minimum supported session-manager-plugin
FARGATE_LINUX_MINIMUM = "1.4.0"
FARGATE_WINDOWS_MINIMUM = "1.0.0"
AGENT_MINIMUM = "1.50.2"
STARTING_STATUSES = frozenset({"PROVISIONING", "PENDING", "ACTIVATING"})
CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
EXEC_AGENT = "ExecuteCommandAgent"


def _older(version: tuple[int, int, int, int], minimum: str) -> bool:
    floor = parse_version(minimum)
    assert floor is not None
    return version < floor


def command_line(*words: str) -> str:
    return " ".join(shlex.quote(w) for w in words)


# ----- L2 / L3: the session client -----------------------------------------------------------


def check_client(client: PluginInfo | None, choice: ClientChoice) -> Finding:
    if client is None:
        if choice == "builtin":
            return Finding(
                "L2", "fail", "ecs-tui's built-in session client is not installed",
                "ecs-tui-session was found neither next to this Python nor on PATH.",
                'Reinstall ecs-tui (pip install --force-reinstall ecs-tui), or set session_client = "plugin" '
                "in the config to use AWS's session-manager-plugin.",
            )  # fmt: skip
        return Finding(
            "L2", "fail", "session-manager-plugin is not installed",
            PLUGIN_NOT_FOUND,
            f"Install AWS's Session Manager plugin ({PLUGIN_INSTALL_URL}), {BUILTIN_HINT}.",
        )  # fmt: skip
    if client.builtin:
        return Finding("L2", "ok", f"Session client: ecs-tui-session {client.version} (built in)")
    parsed = parse_version(client.version)
    if parsed is None:
        return Finding(
            "L3", "warn", "session-manager-plugin did not report a usable version",
            f"`session-manager-plugin --version` printed {client.version!r}, so ecs-tui cannot tell whether it "
            "reads the session from its environment; the session token goes on its command line.",
            f"Reinstall or upgrade session-manager-plugin ({PLUGIN_INSTALL_URL}).",
        )  # fmt: skip
    if _older(parsed, ENV_FORM_MINIMUM):
        return Finding(
            "L3", "warn", f"session-manager-plugin {client.version} is old",
            f"Versions before {ENV_FORM_MINIMUM} cannot read the session from the environment, "
            "so its token shows on the plugin's command line (in the process list) while the session runs; "
            f"AWS supports {PLUGIN_MINIMUM} and later.",
            f"Upgrade session-manager-plugin ({PLUGIN_INSTALL_URL}).",
        )  # fmt: skip
    if _older(parsed, PLUGIN_MINIMUM):
        return Finding(
            "L3", "warn", f"session-manager-plugin {client.version} is older than AWS supports",
            f"AWS lists {PLUGIN_MINIMUM} as the minimum supported version.",
            f"Upgrade session-manager-plugin ({PLUGIN_INSTALL_URL}).",
        )  # fmt: skip
    return Finding("L3", "ok", f"Session client: session-manager-plugin {client.version}")


# ----- L6 / C5: the task ---------------------------------------------------------------------


def check_task_status(task: Task) -> Finding:
    status = task.last_status or "UNKNOWN"
    if status == "RUNNING":
        if task.desired_status == "STOPPED":
            return Finding(
                "C5", "warn", "Task is RUNNING but being stopped",
                "Its desired status is STOPPED, so a session would end when the task stops.",
                "Pick another RUNNING task if you need a lasting session.",
            )  # fmt: skip
        return Finding("C5", "ok", "Task is RUNNING")
    if status == "STOPPED":
        details = [f"stoppedReason: {task.stopped_reason}" if task.stopped_reason else "no stoppedReason recorded"]
        if task.stop_code:
            details.append(f"stopCode: {task.stop_code}")
        return Finding(
            "C5", "fail", "Task is STOPPED",
            f"ECS Exec needs a RUNNING task ({'; '.join(details)}).",
            "Pick a RUNNING task (refresh the task list).",
        )  # fmt: skip
    if status in STARTING_STATUSES:
        return Finding(
            "C5", "fail", f"Task is {status}",
            "ECS Exec needs a RUNNING task; this one is still starting.",
            "Wait until it is RUNNING, then try again.",
        )  # fmt: skip
    return Finding(
        "C5", "fail", f"Task is {status}",
        "ECS Exec needs a RUNNING task; this one is on its way down.",
        "Pick a RUNNING task (refresh the task list).",
    )  # fmt: skip


def _runs_on_fargate(task: Task) -> bool:
    if task.launch_type:
        return task.launch_type == "FARGATE"
    return task.container_instance_arn is None and task.platform_version is not None


def check_platform(
    task: Task, container_instance: ContainerInstance | None, cluster_name: str, service_name: str | None
) -> Finding:
    if _runs_on_fargate(task):
        windows = "WINDOWS" in str(task.raw.get("platformFamily") or "").upper()
        minimum = FARGATE_WINDOWS_MINIMUM if windows else FARGATE_LINUX_MINIMUM
        version = task.platform_version or ""
        parsed = parse_version(version)
        if parsed is None:
            return Finding(
                "C6", "warn", f"Fargate platform version {version or 'unknown'} not checked",
                f"ECS Exec needs platform version {minimum} or later; ECS did not report a number.",
            )  # fmt: skip
        if _older(parsed, minimum):
            command = None
            if service_name:
                command = command_line(
                    "aws", "ecs", "update-service", "--cluster", cluster_name, "--service", service_name,
                    "--platform-version", "LATEST", "--force-new-deployment",
                )  # fmt: skip
            return Finding(
                "C6", "fail", f"Fargate platform version {version} is too old for ECS Exec",
                f"ECS Exec needs Fargate platform version {minimum} or later "
                f"({'Windows' if windows else 'Linux'}).",
                "Run the task on platform version LATEST"
                + (": update the service and force a new deployment." if service_name else " (start a new task)."),
                command,
            )  # fmt: skip
        return Finding("C6", "ok", f"Fargate platform version {version}")
    if container_instance is None:
        return Finding(
            "C6", "warn", "ECS agent version not checked",
            "The task runs on a container instance that could not be read.",
            f"ECS Exec needs ECS agent {AGENT_MINIMUM} or later on the instance.",
        )  # fmt: skip
    version = container_instance.agent_version or ""
    parsed = parse_version(version)
    host = container_instance.ec2_instance_id or container_instance.instance_id
    if parsed is not None and _older(parsed, AGENT_MINIMUM):
        return Finding(
            "C6", "fail", f"ECS agent {version} on {host} is too old for ECS Exec",
            f"ECS Exec needs ECS container agent {AGENT_MINIMUM} or later.",
            "Update the agent on that instance (or move the task to a newer ECS-optimized AMI), then start new tasks.",
            command_line(
                "aws", "ecs", "update-container-agent", "--cluster", cluster_name,
                "--container-instance", container_instance.instance_id,
            ),
        )  # fmt: skip
    if parsed is None:
        return Finding("C6", "warn", f"ECS agent version on {host} unknown", f"ECS reported {version!r}.")
    return Finding("C6", "ok", f"ECS agent {version} on {host}")


def check_exec_enabled(task: Task, cluster_name: str, service_name: str | None) -> Finding:
    if task.enable_execute_command:
        return Finding("C7", "ok", "Execute command is enabled on the task")
    cause = (
        "Execute command was not enabled when this task started; it can only be enabled for new tasks."
    )
    if service_name:
        return Finding(
            "C7", "fail", "Execute command is not enabled on this task", cause,
            f"Enable it on service {service_name} and force a new deployment (boto3: update_service(..., "
            "enableExecuteCommand=True, forceNewDeployment=True)); exec into one of the new tasks.",
            command_line(
                "aws", "ecs", "update-service", "--cluster", cluster_name, "--service", service_name,
                "--enable-execute-command", "--force-new-deployment",
            ),
        )  # fmt: skip
    definition = f"{task.task_definition_family}:{task.task_definition_revision}" if task.task_definition_revision else task.task_definition_arn
    return Finding(
        "C7", "fail", "Execute command is not enabled on this task", cause,
        "This task was not started by a service: run a new one with execute command enabled "
        "(with the same network configuration and overrides as this one).",
        command_line("aws", "ecs", "run-task", "--cluster", cluster_name, "--task-definition", definition, "--enable-execute-command"),
    )  # fmt: skip


# ----- per container -------------------------------------------------------------------------


def check_container(task: Task, container_name: str) -> Finding:
    container = task.container(container_name)
    if container is None:
        names = ", ".join(c.name for c in task.containers) or "none"
        return Finding(
            "L6", "fail", f"No container named {container_name} in this task",
            f"The task's containers: {names}.", "Pick one of the task's containers.",
        )  # fmt: skip
    if container.last_status and container.last_status != "RUNNING" and task.last_status == "RUNNING":
        detail = f" ({container.reason})" if container.reason else ""
        return Finding(
            "C5", "fail", f"Container {container_name} is {container.last_status}",
            f"ECS Exec needs a running container{detail}.", "Pick a running container of the task.",
        )  # fmt: skip
    return Finding("L6", "ok", f"Container {container_name} found")


def check_agent(task: Task, container_name: str) -> Finding:
    container = task.container(container_name)
    agent = container.exec_agent if container else None
    if agent is None:
        return Finding(
            "C8", "fail", f"ECS reports no {EXEC_AGENT} for {container_name}",
            "The SSM agent that ECS Exec talks to was not started in this container.",
            "Start a new task with execute command enabled, on a supported platform version or agent.",
        )  # fmt: skip
    status = agent.last_status or "UNKNOWN"
    if status == "RUNNING":
        return Finding("C8", "ok", f"{EXEC_AGENT} is RUNNING in {container_name}")
    if status == "PENDING":
        return Finding(
            "C8", "fail", f"{EXEC_AGENT} is still starting in {container_name}",
            "The agent is PENDING; ECS refuses exec until it is RUNNING.",
            "Retry in about 10 seconds.",
        )  # fmt: skip
    reason = agent.reason or "no reason recorded"
    others = [c.name for c in task.containers if c.name != container_name and c.exec_agent and c.exec_agent.last_status == "RUNNING"]
    hint = f" Containers of this task whose agent is RUNNING: {', '.join(others)}." if others else ""
    return Finding(
        "C8", "fail", f"{EXEC_AGENT} is {status} in {container_name}",
        f"The agent stopped ({reason}).{hint}",
        "Restart the task (stop it; its service starts a new one). If it stops again, check that the task role "
        "allows ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, "
        "and that the task can reach ssmmessages (NAT or a VPC endpoint).",
    )  # fmt: skip


def check_definition(definition: TaskDefinition | None, container_name: str) -> list[Finding]:
    """C9, C10, C14 for the container and C15 for the task, from its task definition."""
    if definition is None:
        return [
            Finding(
                "C9", "warn", "Task definition not checked",
                "It could not be read, so init process, read-only root filesystem, credentials in the "
                "environment and pidMode were not checked.",
            )  # fmt: skip
        ]
    findings = []
    container = definition.container_definition(container_name)
    if container is not None:
        if container.init_process_enabled:
            findings.append(Finding("C9", "ok", "initProcessEnabled is on"))
        else:
            findings.append(
                Finding(
                    "C9", "warn", "initProcessEnabled is off",
                    "Without an init process, processes left by ECS Exec sessions can become zombies.",
                    f"Set linuxParameters.initProcessEnabled: true for {container_name} in the task definition.",
                )  # fmt: skip
            )
        if container.readonly_root_filesystem:
            findings.append(
                Finding(
                    "C10", "fail", f"{container_name} has a read-only root filesystem",
                    "ECS Exec needs a writable root filesystem: the SSM agent writes into the container.",
                    "Set readonlyRootFilesystem: false, or mount writable volumes at /managed-agents, "
                    "/var/lib/amazon/ssm and /var/log/amazon/ssm; then start new tasks.",
                )  # fmt: skip
            )
        else:
            findings.append(Finding("C10", "ok", "Root filesystem is writable"))
        names = sorted(
            {str(v.get("name")) for v in container.raw.get("environment") or () if isinstance(v, dict)}
            & set(CREDENTIAL_VARIABLES)
        )
        if names:
            findings.append(
                Finding(
                    "C14", "warn", f"AWS credentials in {container_name}'s environment",
                    f"The task definition sets {', '.join(names)}. The SSM agent uses the default credential "
                    "chain, so these keys replace the task role; exec fails if they lack ssmmessages permissions.",
                    "Remove them from the task definition (use the task role), or grant them ssmmessages:*.",
                )  # fmt: skip
            )
    if definition.pid_mode == "task":
        findings.append(
            Finding(
                "C15", "warn", "pidMode is task",
                "With pidMode: task, ECS Exec sessions can be started into only one container of the task.",
                "If exec into this container fails, try the task's other container, or drop pidMode: task.",
            )  # fmt: skip
        )
    return findings


# ----- all together --------------------------------------------------------------------------


def preflight(
    task: Task | None,
    container_name: str,
    *,
    service_name: str | None = None,
    cluster_name: str | None = None,
    task_definition: TaskDefinition | None = None,
    container_instance: ContainerInstance | None = None,
    client_info: PluginInfo | None,
    client_choice: ClientChoice = "auto",
) -> Diagnosis:
    """Every check ECS read calls can answer, for exec into ``container_name`` of ``task``.

    ``service_name`` and ``cluster_name`` default to the task's own; ``task`` None means
    DescribeTasks did not find it.
    """
    findings = [check_client(client_info, client_choice)]
    if task is None:
        findings.append(
            Finding(
                "L6", "fail", "Task not found",
                "DescribeTasks did not return it: the cluster or Region is wrong, or the task is gone.",
                "Refresh the task list and pick a task again.",
            )  # fmt: skip
        )
        return summarise(findings)
    cluster = cluster_name or task.cluster_name
    service = service_name if service_name is not None else task.service_name
    findings.append(check_task_status(task))
    findings.append(check_container(task, container_name))
    platform = check_platform(task, container_instance, cluster, service)
    findings.append(platform)
    exec_enabled = check_exec_enabled(task, cluster, service)
    findings.append(exec_enabled)
    agent_matters = platform.severity != "fail" and exec_enabled.severity == "ok" and task.last_status == "RUNNING"
    if agent_matters and task.container(container_name) is not None:
        findings.append(check_agent(task, container_name))
    findings.extend(check_definition(task_definition, container_name))
    return summarise(findings)
