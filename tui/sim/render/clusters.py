"""Clusters, as DescribeClusters answers them, with counts derived from their tasks."""

from __future__ import annotations

from typing import Any

from .. import lifecycle
from ..model import Cluster
from ..world import World


def cluster(world: World, cluster: Cluster, now: float, include: set[str]) -> dict[str, Any]:
    running = pending = 0
    by_type = {"EC2": [0, 0], "FARGATE": [0, 0]}
    for t in cluster.task_list:
        if t.stop_requested_at is not None and t.stop_requested_at <= now:
            status = lifecycle.last_status(t, now)
            if status == "STOPPED":
                continue
        else:
            status = lifecycle.last_status(t, now)
        if status == "RUNNING":
            running += 1
            by_type[t.launch_type][0] += 1
        elif status in lifecycle.STARTING_STATUSES:
            pending += 1
            by_type[t.launch_type][1] += 1
    body: dict[str, Any] = {
        "clusterArn": cluster.arn,
        "clusterName": cluster.name,
        "status": cluster.status,
        "registeredContainerInstancesCount": sum(1 for i in cluster.instances.values() if i.status == "ACTIVE"),
        "runningTasksCount": running,
        "pendingTasksCount": pending,
        "activeServicesCount": sum(1 for s in cluster.services.values() if s.status == "ACTIVE"),
        "statistics": [],
        "tags": [],
        "settings": [],
        "capacityProviders": list(cluster.capacity_providers),
        "defaultCapacityProviderStrategy": [dict(item) for item in cluster.default_strategy],
    }
    if "STATISTICS" in include:
        draining = sum(1 for s in cluster.services.values() if s.status == "DRAINING")
        stats = {
            "runningEC2TasksCount": by_type["EC2"][0],
            "RunningFargateTasksCount": by_type["FARGATE"][0],
            "pendingEC2TasksCount": by_type["EC2"][1],
            "pendingFargateTasksCount": by_type["FARGATE"][1],
            "activeEC2ServiceCount": sum(1 for s in cluster.services.values() if s.launch_type == "EC2"),
            "activeFargateServiceCount": sum(1 for s in cluster.services.values() if s.launch_type != "EC2"),
            "drainingEC2ServiceCount": 0,
            "drainingFargateServiceCount": draining,
        }
        body["statistics"] = [{"name": k, "value": str(v)} for k, v in stats.items()]
    if "TAGS" in include:
        body["tags"] = list(cluster.tags)
    if "SETTINGS" in include:
        body["settings"] = [{"name": "containerInsights", "value": cluster.container_insights}]
    if "CONFIGURATIONS" in include and cluster.exec_configuration is not None:
        body["configuration"] = {"executeCommandConfiguration": dict(cluster.exec_configuration)}
    if "ATTACHMENTS" in include:
        body["attachments"] = []
        body["attachmentsStatus"] = "UPDATE_COMPLETE"
    return body
