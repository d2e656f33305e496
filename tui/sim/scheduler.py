"""The service scheduler: keeps each service at its desired count and rolls deployments.

It runs lazily. A service with work pending has ``next_check_at``; every request first
replays the steps that fell due since (:func:`settle_cluster`), each at its own time, so
the outcome is the same whether it is read every 100 ms or once an hour later.
"""

from __future__ import annotations

import math

from . import ids, lifecycle
from .model import Cluster, Deployment, Service, ServiceEvent, Task, TaskDefinition
from .world import World

MAX_EVENTS = 100


def add_event(world: World, service: Service, at: float, message: str) -> None:
    service.events.insert(0, ServiceEvent(ids.uuid_from(world.rng), at, f"(service {service.name}) {message}"))
    del service.events[MAX_EVENTS:]


def wake(cluster: Cluster, service: Service, at: float) -> None:
    """Ask the scheduler to look at ``service`` at ``at`` (or earlier if already due)."""
    if service.next_check_at is None or at < service.next_check_at:
        service.next_check_at = at
    cluster.busy.add(service.name)


def settle_cluster(world: World, cluster: Cluster, now: float) -> None:
    for name in sorted(cluster.busy):
        service = cluster.services[name]
        while service.next_check_at is not None and service.next_check_at <= now:
            at = service.next_check_at
            service.next_check_at = None
            _step(world, cluster, service, at)
        if service.next_check_at is None:
            cluster.busy.discard(name)


def new_deployment(world: World, cluster: Cluster, service: Service, definition: TaskDefinition, at: float) -> Deployment:
    """Make a new PRIMARY deployment; the previous ones become ACTIVE and are drained."""
    for old in service.deployments:
        old.status = "ACTIVE"
        old.updated_at = at
    deployment = Deployment(
        deployment_id=ids.deployment_id(world.rng),
        status="PRIMARY",
        task_definition=definition,
        created_at=at,
        updated_at=at,
        rollout_state="IN_PROGRESS",
        rollout_state_reason="",
        enable_exec=service.enable_exec,
    )
    deployment.rollout_state_reason = f"ECS deployment {deployment.deployment_id} in progress."
    service.deployments.insert(0, deployment)
    service.steady = False
    wake(cluster, service, at)
    return deployment


def _running_by(task: Task, at: float) -> bool:
    return lifecycle.last_status(task, at) == "RUNNING"


def _task_list(tasks: list[Task]) -> str:
    return " ".join(f"(task {task.task_id})" for task in tasks)


def _start(world: World, cluster: Cluster, service: Service, count: int, at: float) -> list[Task]:
    started = launch_service_tasks(world, cluster, service, count, at)
    if started:
        add_event(world, service, at, f"has started {len(started)} tasks: {_task_list(started)}.")
    return started


def launch_service_tasks(
    world: World, cluster: Cluster, service: Service, count: int, at: float, *, spacing: float = 0.0
) -> list[Task]:
    """Launch up to ``count`` tasks of the service's primary deployment, ``spacing`` seconds apart."""
    primary = service.primary
    return [
        world.launch_task(
            cluster,
            primary.task_definition,
            at + spacing * n,
            launch_type=service.launch_type or "FARGATE",
            started_by=primary.deployment_id,
            group=f"service:{service.name}",
            enable_exec=primary.enable_exec,
            subnets=service.subnets,
            service=service,
            deployment_id=primary.deployment_id,
            platform_version=platform_version(service),
            capacity_provider=capacity_provider(service),
            container_instance=instance,
        )
        for n, instance in enumerate(placements(cluster, service, count))
    ]


def placements(cluster: Cluster, service: Service, count: int) -> list:
    """Container instances for EC2 tasks (round robin over connected ones); None for Fargate.

    Fewer than ``count`` (none) when an EC2 service has no usable instance.
    """
    if (service.launch_type or "FARGATE") != "EC2":
        return [None] * count
    usable = [i for i in cluster.instances.values() if i.status == "ACTIVE" and i.agent_connected]
    if not usable:
        return []
    offset = len(service.tasks)
    return [usable[(offset + n) % len(usable)] for n in range(count)]


def platform_version(service: Service) -> str | None:
    if (service.launch_type or "FARGATE") != "FARGATE":
        return None
    return "1.4.0" if service.platform_version in (None, "LATEST") else service.platform_version


def capacity_provider(service: Service) -> str | None:
    if service.capacity_provider_strategy:
        return service.capacity_provider_strategy[0]["capacityProvider"]
    return None


def _stop(world: World, service: Service, tasks: list[Task], at: float, reason: str) -> None:
    for task in tasks:
        world.request_stop(task, at, "ServiceSchedulerInitiated", reason)
    if not tasks:
        return
    if service.target_group_arn:
        add_event(world, service, at, f"has begun draining connections on {len(tasks)} tasks.")
        add_event(world, service, at, f"deregistered {len(tasks)} targets in (target-group {service.target_group_arn})")
    add_event(world, service, at, f"has stopped {len(tasks)} running tasks: {_task_list(tasks)}.")


def _step(world: World, cluster: Cluster, service: Service, at: float) -> None:
    """One scheduler pass at time ``at``: scale, retire, start, then decide when to look again."""
    primary = service.primary
    desired = service.desired
    reason = f"Scaling activity initiated by (deployment {primary.deployment_id})"
    live = [t for t in service.tasks if lifecycle.is_live(t)]
    new = [t for t in live if t.deployment_id == primary.deployment_id]
    old = [t for t in live if t.deployment_id != primary.deployment_id]

    registered = [t for t in new if _became_running(t, service.last_step_at, at)]
    if registered and service.target_group_arn:
        add_event(world, service, at, f"registered {len(registered)} targets in (target-group {service.target_group_arn})")
    service.last_step_at = at

    if len(new) > desired:
        excess = sorted(new, key=lambda t: (_running_by(t, at), -t.created_at))[: len(new) - desired]
        _stop(world, service, excess, at, reason)
        new = [t for t in new if t not in excess]

    # Retire old tasks while enough tasks stay healthy (minimumHealthyPercent).
    floor = math.ceil(desired * service.min_healthy_percent / 100)
    healthy = sum(1 for t in new + old if _running_by(t, at))
    old.sort(key=lambda t: _running_by(t, at))  # tasks that never came up go first
    not_running = sum(1 for t in old if not _running_by(t, at))
    retire = min(len(old), not_running + max(0, healthy - floor))
    if retire:
        _stop(world, service, old[:retire], at, reason)
        old = old[retire:]

    ceiling = math.floor(desired * service.max_percent / 100)
    count = min(desired - len(new), ceiling - len(new) - len(old))
    if service.wave_size:
        count = min(count, service.wave_size)
    if count > 0:
        new += _start(world, cluster, service, count, at)

    waits = [lifecycle.running_at(t) for t in new if not _running_by(t, at)]
    waits += [lifecycle.stopped_at(t) for t in service.tasks if t.stop_requested_at is not None and not _gone(t, at)]
    future = [w for w in waits if w is not None and w > at]
    if future:
        pause = service.wave_pause if len(service.deployments) > 1 else 0.0
        wake(cluster, service, min(future) + pause)
        service.steady = False
        return
    if old or len(new) != desired or any(not _running_by(t, at) for t in new):
        return  # waiting on something that never comes (a stuck task or no capacity)
    if len(service.deployments) > 1 or primary.rollout_state == "IN_PROGRESS":
        del service.deployments[1:]
        primary.rollout_state = "COMPLETED"
        primary.rollout_state_reason = f"ECS deployment {primary.deployment_id} completed."
        primary.updated_at = at
        add_event(world, service, at, f"(deployment {primary.deployment_id}) deployment completed.")
        service.steady = False
    if not service.steady:
        service.steady = True
        add_event(world, service, at, "has reached a steady state.")


def _became_running(task: Task, since: float, at: float) -> bool:
    started = lifecycle.running_at(task)
    return started is not None and since < started <= at


def _gone(task: Task, at: float) -> bool:
    end = lifecycle.stopped_at(task)
    return end is not None and end <= at
