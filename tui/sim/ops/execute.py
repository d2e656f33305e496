"""ExecuteCommand: ECS's checks, then a session whose stream URL points back at this server."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from .. import errors, lifecycle, render
from ..params import Params
from ..sessions import ExecSession
from .context import Context

STREAM_PATH = "/ssm/data-channel/"

NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run "
    "or the execute command agent isn't running. Wait and try again or run a new task with "
    "execute command enabled and try again."
)


def execute_command(ctx: Context, params: Params) -> dict[str, Any]:
    command = params.string("command", required=True) or ""
    interactive = params.boolean("interactive")
    reference = params.string("task", required=True) or ""
    container_name = params.string("container")
    if interactive is not True:
        raise errors.invalid_parameter("Interactive is the only mode supported currently.")
    cluster = ctx.cluster(params.string("cluster"))
    task = ctx.world.find_task(cluster, reference)
    if task is None:
        raise errors.invalid_parameter("The specified task was not found.")
    specs = task.task_definition.containers
    if container_name is None:
        if len(specs) > 1:
            raise errors.invalid_parameter(
                "The container name must be specified when the task has more than one container."
            )
        container_name = specs[0].name
    if all(spec.name != container_name for spec in specs):
        raise errors.invalid_parameter(f"The container {container_name} does not exist in the task.")
    status = lifecycle.last_status(task, ctx.now)
    agent = render.agent_status(task, container_name, status)
    if not task.enable_exec or not render.exec_supported(ctx.world, task) or agent != "RUNNING":
        raise errors.invalid_parameter(NOT_ENABLED)

    session_id = f"ecs-execute-command-{secrets.token_hex(9)[:17]}"
    token = base64.b64encode(secrets.token_bytes(192)).decode()
    stream_url = f"ws://{ctx.host}{STREAM_PATH}{session_id}?role=publish_subscribe"
    session = ExecSession(
        session_id=session_id,
        token_value=token,
        stream_url=stream_url,
        cluster=cluster.name,
        task_id=task.task_id,
        task_arn=task.arn,
        container_name=container_name,
        container_arn=render.container_arn(ctx.world, task, container_name),
        runtime_id=render.runtime_id(task, container_name),
        command=command,
        created_at=ctx.now,
    )
    ctx.sessions.add(session)
    return {
        "clusterArn": cluster.arn,
        "containerArn": session.container_arn,
        "containerName": container_name,
        "interactive": True,
        "session": {"sessionId": session_id, "streamUrl": stream_url, "tokenValue": token},
        "taskArn": task.arn,
    }
