"""The simulated account: every resource, how to find it, and how tasks are launched and stopped."""

from __future__ import annotations

import random
import threading
from typing import Callable

from . import errors, ids, lifecycle
from .arns import Arns, is_arn, resource_path
from .model import Cluster, ContainerInstance, Service, Task, TaskDefinition

AVAILABILITY_ZONES = ("a", "b", "c")


class World:
    """All state of one simulator. Callers hold :attr:`lock` around reads and changes."""

    def __init__(self, arns: Arns, clock: Callable[[], float], seed: int) -> None:
        self.arns = arns
        self.clock = clock
        self.rng = random.Random(seed)
        self.lock = threading.RLock()
        self.clusters: dict[str, Cluster] = {}
        self.families: dict[str, list[TaskDefinition]] = {}  # revisions in order, revision n at index n-1
        self._next_ip = 0

    # -- look-ups -------------------------------------------------------------------------

    def cluster(self, reference: str | None) -> Cluster:
        """A cluster by short name or ARN; ECS's ``default`` cluster when none is given."""
        name = reference or "default"
        if is_arn(name):
            if not self.arns.owns(name):
                raise errors.cluster_not_found()
            name = resource_path(name)[0] if resource_path(name) else ""
        found = self.clusters.get(name)
        if found is None or found.status != "ACTIVE":
            raise errors.cluster_not_found()
        return found

    def _name_in(self, cluster: Cluster, reference: str) -> str | None:
        """The task id or service name a reference (itself, or an ARN of this cluster) names."""
        if not is_arn(reference):
            return reference
        path = resource_path(reference)
        if not self.arns.owns(reference) or not path:
            return None
        if len(path) == 2 and path[0] != cluster.name:
            return None
        return path[-1]

    def find_task(self, cluster: Cluster, reference: str) -> Task | None:
        task = cluster.tasks.get(self._name_in(cluster, reference) or "")
        if task is None or not lifecycle.is_visible(task, self.clock()):
            return None
        return task

    def find_service(self, cluster: Cluster, reference: str) -> Service | None:
        return cluster.services.get(self._name_in(cluster, reference) or "")

    def find_instance(self, cluster: Cluster, reference: str) -> ContainerInstance | None:
        instance_id = reference
        if is_arn(reference):
            path = resource_path(reference)
            if not self.arns.owns(reference) or not path:
                return None
            if len(path) == 2 and path[0] != cluster.name:
                return None
            instance_id = path[-1]
        return cluster.instances.get(instance_id)

    def task_definition(self, reference: str) -> TaskDefinition | None:
        """By ``family`` (latest ACTIVE revision), ``family:revision`` or full ARN."""
        text = reference
        if is_arn(text):
            if not self.arns.owns(text) or not text.split(":", 5)[5].startswith("task-definition/"):
                return None
            text = text.split(":", 5)[5][len("task-definition/"):]
        family, _, revision = text.partition(":")
        revisions = self.families.get(family)
        if not revisions:
            return None
        if not revision:
            active = [d for d in revisions if d.status == "ACTIVE"]
            return active[-1] if active else None
        if not revision.isdigit() or not 1 <= int(revision) <= len(revisions):
            return None
        return revisions[int(revision) - 1]

    # -- changes --------------------------------------------------------------------------

    def add_cluster(self, cluster: Cluster) -> Cluster:
        self.clusters[cluster.name] = cluster
        return cluster

    def add_task_definition(self, definition: TaskDefinition) -> TaskDefinition:
        revisions = self.families.setdefault(definition.family, [])
        if definition.revision != len(revisions) + 1:
            raise ValueError(f"{definition.family}: revision {definition.revision} out of order")
        revisions.append(definition)
        return definition

    def next_private_ip(self, subnet_index: int) -> str:
        value = self._next_ip
        self._next_ip += 1
        return f"10.0.{subnet_index * 64 + (value // 254) % 64}.{value % 254 + 1}"

    def launch_task(
        self,
        cluster: Cluster,
        definition: TaskDefinition,
        at: float,
        *,
        launch_type: str,
        started_by: str | None,
        group: str,
        enable_exec: bool,
        subnets: tuple[str, ...] = (),
        service: Service | None = None,
        deployment_id: str | None = None,
        platform_version: str | None = None,
        capacity_provider: str | None = None,
        container_instance: ContainerInstance | None = None,
        task_id: str | None = None,
    ) -> Task:
        """Create a task that starts at ``at`` and add it to its cluster (and service)."""
        drawn = ids.hex_id(self.rng, 64)  # one draw gives every id of the task
        task_id = task_id or drawn[:32]
        if container_instance is not None:
            zone_letter = container_instance.availability_zone[-1]
            subnet = container_instance.subnet_id
        else:
            zone_index = len(cluster.task_list) % len(AVAILABILITY_ZONES)
            zone_letter = AVAILABILITY_ZONES[zone_index]
            subnet = subnets[zone_index % len(subnets)] if subnets else f"subnet-0{ids.derived_hex(cluster.name, zone_letter, length=16)}"
        subnet_index = AVAILABILITY_ZONES.index(zone_letter) if zone_letter in AVAILABILITY_ZONES else 0
        task = Task(
            seq=len(cluster.task_list),
            task_id=task_id,
            arn=self.arns.task(cluster.name, task_id),
            cluster=cluster.name,
            task_definition=definition,
            launch_type=launch_type,
            created_at=at,
            started_by=started_by,
            group=group,
            enable_exec=enable_exec,
            availability_zone=f"{self.arns.region}{zone_letter}",
            private_ip=self.next_private_ip(subnet_index),
            subnet_id=subnet,
            eni_id=f"eni-0{drawn[32:48]}",
            attachment_id=f"{drawn[48:56]}-{drawn[56:60]}-4{drawn[33:36]}-a{drawn[37:40]}-{drawn[40:52]}",
            mac_address="0e:" + ":".join(drawn[i : i + 2] for i in range(52, 62, 2)),
            service=service.name if service else None,
            deployment_id=deployment_id,
            platform_version=platform_version,
            capacity_provider=capacity_provider,
            container_instance_id=container_instance.instance_id if container_instance else None,
        )
        cluster.tasks[task_id] = task
        cluster.task_list.append(task)
        if service is not None:
            service.tasks.append(task)
        return task

    def request_stop(self, task: Task, at: float, code: str, reason: str) -> None:
        if task.stop_requested_at is not None:
            return
        task.stop_requested_at = at
        task.stop_code = code
        task.stopped_reason = reason
