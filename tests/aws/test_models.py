"""Models read real shapes right and never raise on broken ones."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.aws import samples
from tui.aws.models import (
    Cluster,
    Container,
    ContainerDefinition,
    ContainerInstance,
    Deployment,
    ManagedAgent,
    Service,
    ServiceEvent,
    Task,
    TaskDefinition,
)

NOW = datetime(2026, 11, 30, 9, 0, 0, tzinfo=UTC)


def test_cluster() -> None:
    cluster = Cluster.from_api(samples.CLUSTER)
    assert (cluster.name, cluster.status, cluster.running_tasks, cluster.pending_tasks) == ("production", "ACTIVE", 12, 1)
    assert (cluster.active_services, cluster.container_instances) == (4, 3)
    assert cluster.capacity_providers == ("FARGATE", "FARGATE_SPOT")
    assert (cluster.container_insights, cluster.exec_logging) == ("enabled", "OVERRIDE")
    assert cluster.raw is samples.CLUSTER or cluster.raw == samples.CLUSTER


def test_service_with_deployments_and_events() -> None:
    service = Service.from_api(samples.SERVICE)
    assert (service.name, service.cluster_name, service.desired_count, service.running_count) == ("web", "production", 3, 2)
    assert service.enable_execute_command is True
    primary = service.primary_deployment
    assert primary is not None and primary.rollout_state == "IN_PROGRESS" and primary.running_count == 2
    assert [d.status for d in service.deployments] == ["PRIMARY", "ACTIVE"]
    assert service.events[0].message.endswith("steady state.")
    assert service.tags == (("team", "payments"),)
    assert service.age(NOW) > timedelta(days=300)


def test_task_and_its_containers() -> None:
    task = Task.from_api(samples.TASK)
    assert task.task_id == "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    assert (task.cluster_name, task.service_name, task.private_ip) == ("production", "web", "10.0.3.17")
    assert (task.cpu, task.memory) == (512, 1024)
    assert (task.task_definition_family, task.task_definition_revision) == ("web", 42)
    assert task.started_at == samples.STARTED + timedelta(seconds=30)  # epoch seconds accepted
    assert task.age(NOW) == timedelta(minutes=59, seconds=30)
    assert task.age(NOW.replace(tzinfo=None)) == timedelta(minutes=59, seconds=30)  # naive now is UTC

    app = task.container("app")
    assert app is not None and app.runtime_id == "0a1b2c3d4e5f60718293a4b5c6d7e8f9-2531612879"
    assert app.exec_agent == ManagedAgent("ExecuteCommandAgent", "RUNNING", None, samples.STARTED)
    router = task.container("log-router")
    assert router is not None and router.exit_code == 137 and router.exec_agent.last_status == "STOPPED"
    assert task.container("missing") is None


def test_task_without_service_or_network() -> None:
    task = Task.from_api({"taskArn": "arn:aws:ecs:r:1:task/old-style-id", "group": "family:batch"})
    assert (task.task_id, task.service_name, task.private_ip, task.age(NOW)) == ("old-style-id", None, None, None)
    bridge = Task.from_api({"containers": [{"name": "a", "networkInterfaces": [{"privateIpv4Address": "172.17.0.2"}]}]})
    assert bridge.private_ip == "172.17.0.2"


def test_task_definition() -> None:
    definition = TaskDefinition.from_api(samples.TASK_DEFINITION)
    assert (definition.family, definition.revision, definition.network_mode) == ("web", 42, "awsvpc")
    assert definition.registered_at == datetime(2026, 11, 29, 10, tzinfo=UTC)  # ISO string accepted
    app = definition.container_definition("app")
    assert app is not None
    assert (app.container_ports, app.log_driver, app.init_process_enabled, app.has_health_check) == ((8080,), "awslogs", True, True)
    assert dict(app.log_options)["awslogs-stream-prefix"] == "ecs"
    router = definition.container_definition("log-router")
    assert router is not None and router.essential is False and router.has_health_check is False
    assert TaskDefinition.from_api({"taskDefinitionArn": samples.TASK_DEFINITION_ARN}).revision == 42


def test_container_instance() -> None:
    instance = ContainerInstance.from_api(samples.CONTAINER_INSTANCE)
    assert (instance.instance_id, instance.ec2_instance_id, instance.agent_version) == ("9f8e7d6c", "i-0123456789abcdef0", "1.87.0")
    assert (instance.agent_connected, instance.health_status, instance.running_tasks) == (True, "OK", 5)
    assert dict(instance.attributes)["ecs.vpc-id"] == "vpc-1"
    assert instance.age(NOW) == timedelta(hours=1)


def test_raw_is_kept_but_out_of_eq_repr_and_hash() -> None:
    task = Task.from_api(samples.TASK)
    twin = Task.from_api({**samples.TASK, "version": 99})  # only raw differs
    assert task.raw["version"] == 3
    assert task == twin and hash(task) == hash(twin)
    assert "raw=" not in repr(task) and "'version'" not in repr(task)
    with pytest.raises(AttributeError):
        task.last_status = "STOPPED"  # type: ignore[misc]


ALL_MODELS = [
    (Cluster, samples.CLUSTER),
    (Service, samples.SERVICE),
    (Deployment, samples.SERVICE["deployments"][0]),
    (ServiceEvent, samples.SERVICE["events"][0]),
    (Task, samples.TASK),
    (Container, samples.TASK["containers"][0]),
    (ManagedAgent, samples.TASK["containers"][0]["managedAgents"][0]),
    (TaskDefinition, samples.TASK_DEFINITION),
    (ContainerDefinition, samples.TASK_DEFINITION["containerDefinitions"][0]),
    (ContainerInstance, samples.CONTAINER_INSTANCE),
]

ODD_VALUES: list[Any] = [
    None, 0, -1, 2**70, 1.5, float("nan"), float("inf"), True, "", "x" * 300, "not-a-date", "2026-13-45T99:99",
    [], [None], [1, "a", {}], {}, {"unexpected": {"deeper": [1]}}, datetime(2026, 1, 1), b"bytes", object(),
]


def _mutate(value: Any, rng: random.Random) -> Any:
    """A copy of ``value`` with random fields removed, retyped, or added, at every depth."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            roll = rng.random()
            if roll < 0.15:
                continue
            result[key] = rng.choice(ODD_VALUES) if roll < 0.35 else _mutate(item, rng)
        if rng.random() < 0.2:
            result[f"extra{rng.randrange(100)}"] = rng.choice(ODD_VALUES)
        return result
    if isinstance(value, list):
        items = [_mutate(item, rng) for item in value]
        if rng.random() < 0.3:
            items.append(rng.choice(ODD_VALUES))
        return items
    return rng.choice(ODD_VALUES) if rng.random() < 0.3 else value


@pytest.mark.parametrize(("model", "sample"), ALL_MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_from_api_never_raises_on_mutated_responses(model: Any, sample: dict[str, Any]) -> None:
    rng = random.Random(f"{model.__name__}-fuzz")
    for _ in range(400):
        mutated = _mutate(copy.deepcopy(sample), rng)
        item = model.from_api(mutated)
        repr(item)
        hash(item)
        for name in ("task_id", "cluster_name", "service_name", "private_ip", "exec_agent", "primary_deployment",
                     "task_definition_revision", "task_definition_family", "instance_id"):
            if hasattr(type(item), name):
                getattr(item, name)
        if hasattr(item, "age"):
            item.age(NOW)


@pytest.mark.parametrize("data", [None, [], "text", 42, {}])
@pytest.mark.parametrize("model", [m for m, _ in ALL_MODELS], ids=lambda m: m.__name__)
def test_from_api_accepts_anything(model: Any, data: Any) -> None:
    item = model.from_api(data)
    assert item == model.from_api({})
