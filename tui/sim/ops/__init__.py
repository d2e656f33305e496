"""ECS operations the simulator answers, by name."""

from __future__ import annotations

from typing import Any, Callable

from ..params import Params
from .clusters import describe_clusters, list_clusters
from .container_instances import describe_container_instances, list_container_instances
from .context import Context
from .execute import execute_command
from .services import describe_services, list_services, update_service
from .tags import list_tags_for_resource
from .task_definitions import describe_task_definition, list_task_definition_families, list_task_definitions
from .tasks import describe_tasks, list_tasks, stop_task

Handler = Callable[[Context, Params], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {
    "ListClusters": list_clusters,
    "DescribeClusters": describe_clusters,
    "ListServices": list_services,
    "DescribeServices": describe_services,
    "UpdateService": update_service,
    "ListTasks": list_tasks,
    "DescribeTasks": describe_tasks,
    "StopTask": stop_task,
    "DescribeTaskDefinition": describe_task_definition,
    "ListTaskDefinitions": list_task_definitions,
    "ListTaskDefinitionFamilies": list_task_definition_families,
    "ListContainerInstances": list_container_instances,
    "DescribeContainerInstances": describe_container_instances,
    "ExecuteCommand": execute_command,
    "ListTagsForResource": list_tags_for_resource,
}

__all__ = ["OPERATIONS", "Context", "Handler"]
