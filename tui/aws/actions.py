"""Typed ECS write calls: stop a task, update a service, open an ECS Exec session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.aws.fields import arn_resource_id, mapping, text
from tui.aws.models import Service, Task
from tui.aws.pacing import Pacer


def ssm_target(cluster_name: str, task_id: str, runtime_id: str) -> str:
    """The Session Manager target of a container: ``ecs:<cluster>_<taskId>_<runtimeId>``.

    ARNs are accepted for the cluster and the task (their last path segment is used).
    """
    parts = {"cluster": arn_resource_id(cluster_name), "task": arn_resource_id(task_id), "runtime id": runtime_id}
    missing = [name for name, value in parts.items() if not value]
    if missing:
        raise ValueError(f"An ECS Exec target needs a {' and a '.join(missing)}.")
    return f"ecs:{parts['cluster']}_{parts['task']}_{runtime_id}"


@dataclass(frozen=True)
class ExecSession:
    """The Session Manager session ECS opened for ExecuteCommand; ``token_value`` never shows in repr."""

    session_id: str
    stream_url: str
    token_value: str = field(repr=False)
    cluster_arn: str
    task_arn: str
    container_name: str
    container_arn: str

    def target(self, runtime_id: str) -> str:
        """The SSM target for this session's container, given its runtimeId (from DescribeTasks)."""
        return ssm_target(self.cluster_arn, self.task_arn, runtime_id)

    def plugin_response(self) -> dict[str, str]:
        """The StartSession response shape session-manager-plugin expects (it holds the token)."""
        return {"SessionId": self.session_id, "StreamUrl": self.stream_url, "TokenValue": self.token_value}


class EcsActions:
    """Write calls through one ECS client, paced like reads when a Pacer is given."""

    def __init__(self, ecs_client: Any, *, pacer: Pacer | None = None) -> None:
        self._ecs = ecs_client
        self._pacer = pacer

    def _call(self, operation: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return self._pacer.call(operation, fn) if self._pacer else fn()

    def stop_task(self, cluster: str, task: str, reason: str) -> Task:
        """Stop a task; ``reason`` shows in its stoppedReason. Returns the task as ECS reports it."""
        response = self._call("StopTask", lambda: self._ecs.stop_task(cluster=cluster, task=task, reason=reason))
        return Task.from_api(mapping(response.get("task")))

    def update_service(
        self, cluster: str, service: str, *, desired_count: int | None = None, force_new_deployment: bool = False
    ) -> Service:
        """Change a service's desired count and/or start a new deployment of it."""
        params: dict[str, Any] = {"cluster": cluster, "service": service}
        if desired_count is not None:
            if desired_count < 0:
                raise ValueError("desired_count cannot be negative")
            params["desiredCount"] = desired_count
        if force_new_deployment:
            params["forceNewDeployment"] = True
        response = self._call("UpdateService", lambda: self._ecs.update_service(**params))
        return Service.from_api(mapping(response.get("service")))

    def execute_command(
        self, cluster: str, task: str, container: str, command: str, interactive: bool = True
    ) -> ExecSession:
        """Ask ECS to open an Exec session running ``command`` in that container."""
        response = self._call(
            "ExecuteCommand",
            lambda: self._ecs.execute_command(
                cluster=cluster, task=task, container=container, command=command, interactive=interactive
            ),
        )
        session = mapping(response.get("session"))
        return ExecSession(
            session_id=text(session, "sessionId"),
            stream_url=text(session, "streamUrl"),
            token_value=text(session, "tokenValue"),
            cluster_arn=text(response, "clusterArn") or cluster,
            task_arn=text(response, "taskArn") or task,
            container_name=text(response, "containerName") or container,
            container_arn=text(response, "containerArn"),
        )
