"""Resources as ECS's JSON answers them (the shapes of botocore's ECS model)."""

from .clusters import cluster
from .common import stamp
from .instances import container_instance, matches_attribute
from .services import service
from .task_definitions import task_definition
from .tasks import agent_status, container_arn, exec_supported, runtime_id, task

__all__ = [
    "agent_status",
    "cluster",
    "container_arn",
    "container_instance",
    "exec_supported",
    "matches_attribute",
    "runtime_id",
    "service",
    "stamp",
    "task",
    "task_definition",
]
