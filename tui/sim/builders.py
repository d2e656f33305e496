"""Put services and tasks into a world as if they had been running for a while."""

from __future__ import annotations

from typing import Any

from . import ids, scheduler
from .model import Cluster, ContainerInstance, Deployment, Service, Task, TaskDefinition
from .world import World

STEADY_EVENT_EVERY = 6 * 3600.0  # ECS repeats "has reached a steady state." about every six hours


def subnets_for(cluster: Cluster) -> tuple[str, ...]:
    return tuple(f"subnet-0{ids.derived_hex(cluster.name, zone, length=16)}" for zone in ("a", "b", "c"))


def create_service(
    world: World,
    cluster: Cluster,
    name: str,
    definition: TaskDefinition,
    desired: int,
    *,
    deployed_at: float,
    now: float,
    launch_type: str | None = "FARGATE",
    strategy: list[dict[str, Any]] | None = None,
    enable_exec: bool = True,
    target_port: int | None = None,
    platform_version: str | None = None,
    scheduling_strategy: str = "REPLICA",
    tags: dict[str, str] | None = None,
    history: bool = True,
) -> Service:
    """A steady service whose ``desired`` tasks started at ``deployed_at``."""
    awsvpc = definition.network_mode == "awsvpc"
    deployment = Deployment(
        deployment_id=ids.deployment_id(world.rng),
        status="PRIMARY",
        task_definition=definition,
        created_at=deployed_at,
        updated_at=deployed_at + 90.0,
        rollout_state="COMPLETED",
        rollout_state_reason="",
        enable_exec=enable_exec,
    )
    deployment.rollout_state_reason = f"ECS deployment {deployment.deployment_id} completed."
    service = Service(
        name=name,
        arn=world.arns.service(cluster.name, name),
        cluster=cluster.name,
        desired=desired,
        launch_type=None if strategy else launch_type,
        capacity_provider_strategy=strategy or [],
        platform_version="LATEST" if (launch_type == "FARGATE" or strategy) and platform_version is None else platform_version,
        created_at=deployed_at - 3600.0,
        enable_exec=enable_exec,
        deployments=[deployment],
        scheduling_strategy=scheduling_strategy,
        subnets=subnets_for(cluster) if awsvpc else (),
        security_groups=(f"sg-0{ids.derived_hex(cluster.name, name, length=16)}",) if awsvpc else (),
        last_step_at=now,
        tags=[{"key": k, "value": v} for k, v in (tags or {"team": "platform"}).items()],
    )
    if target_port is not None:
        service.target_group_arn = world.arns.target_group(name[:24], ids.derived_hex(name, length=16))
        service.load_balancer_container = definition.containers[0].name
        service.load_balancer_port = target_port
    cluster.services[name] = service
    tasks = start_tasks(world, cluster, service, desired, deployed_at)
    if history:
        _history(world, service, tasks, deployed_at, now)
    return service


def start_tasks(world: World, cluster: Cluster, service: Service, count: int, at: float) -> list[Task]:
    return scheduler.launch_service_tasks(world, cluster, service, count, at, spacing=0.3)


def _history(world: World, service: Service, tasks: list[Task], deployed_at: float, now: float) -> None:
    task_list = " ".join(f"(task {t.task_id})" for t in tasks[:10])
    scheduler.add_event(world, service, deployed_at, f"has started {len(tasks)} tasks: {task_list}.")
    if service.target_group_arn:
        scheduler.add_event(world, service, deployed_at + 45.0, f"registered {len(tasks)} targets in (target-group {service.target_group_arn})")
    scheduler.add_event(world, service, deployed_at + 90.0, f"(deployment {service.primary.deployment_id}) deployment completed.")
    at = deployed_at + 95.0
    while at < now:
        scheduler.add_event(world, service, at, "has reached a steady state.")
        at += STEADY_EVENT_EVERY


def run_task(
    world: World,
    cluster: Cluster,
    definition: TaskDefinition,
    at: float,
    *,
    started_by: str,
    launch_type: str = "FARGATE",
    enable_exec: bool = True,
    instance: ContainerInstance | None = None,
    platform_version: str | None = "1.4.0",
) -> Task:
    """A task run on its own (RunTask), not by a service."""
    return world.launch_task(
        cluster,
        definition,
        at,
        launch_type=launch_type,
        started_by=started_by,
        group=f"family:{definition.family}",
        enable_exec=enable_exec,
        subnets=subnets_for(cluster),
        platform_version=platform_version if launch_type == "FARGATE" else None,
        capacity_provider="FARGATE" if launch_type == "FARGATE" else None,
        container_instance=instance,
    )


def add_instance(
    world: World,
    cluster: Cluster,
    *,
    instance_type: str,
    cpu: int,
    memory: int,
    agent_version: str,
    registered_at: float,
    zone: str,
    capacity_provider: str | None,
    agent_connected: bool = True,
) -> ContainerInstance:
    instance_id = ids.hex_id(world.rng)
    instance = ContainerInstance(
        instance_id=instance_id,
        arn=world.arns.container_instance(cluster.name, instance_id),
        cluster=cluster.name,
        ec2_instance_id=f"i-0{ids.hex_id(world.rng, 16)}",
        instance_type=instance_type,
        agent_version=agent_version,
        docker_version="25.0.6" if _version(agent_version) >= (1, 70, 0) else "20.10.25",
        agent_connected=agent_connected,
        registered_at=registered_at,
        cpu=cpu,
        memory=memory,
        availability_zone=f"{world.arns.region}{zone}",
        subnet_id=f"subnet-0{ids.derived_hex(cluster.name, zone, length=16)}",
        vpc_id=f"vpc-0{ids.derived_hex(cluster.name, length=16)}",
        capacity_provider=capacity_provider,
        tags=[{"key": "aws:autoscaling:groupName", "value": f"{cluster.name}-asg"}],
    )
    cluster.instances[instance_id] = instance
    return instance


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def new_cluster(
    world: World,
    name: str,
    *,
    capacity_providers: list[str],
    strategy: list[dict[str, Any]] | None = None,
    insights: str = "enabled",
    exec_configuration: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
) -> Cluster:
    return world.add_cluster(
        Cluster(
            name=name,
            arn=world.arns.cluster(name),
            capacity_providers=capacity_providers,
            default_strategy=strategy or [],
            container_insights=insights,
            exec_configuration=exec_configuration,
            tags=[{"key": k, "value": v} for k, v in (tags or {}).items()],
        )
    )
