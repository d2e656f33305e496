"""The reader against moto's server, so the simulator is not its own only judge.

moto implements the read calls (without pagination or batch limits, and with
single-container tasks); it lacks ExecuteCommand, runtimeId and managedAgents.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from tests.aws.conftest import TEST_CREDENTIALS, CallRecorder, local_ecs_client
from tui.aws import limits
from tui.aws.actions import EcsActions
from tui.aws.clients import AwsClients
from tui.aws.errors import check_connection, explain
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings

SERVICES = 23
RUNNING_TASKS = 230  # beyond two describe batches
API_TASKS = 12


@dataclass
class MotoWorld:
    endpoint: str
    cluster: str
    other_cluster: str
    stopped_arn: str
    instances: int


@pytest.fixture(scope="module")
def moto_world(moto_endpoint: str) -> Iterator[MotoWorld]:
    """Seeded through boto3 the way a user's account would be built."""
    suffix = uuid.uuid4().hex[:8]
    ecs = local_ecs_client(moto_endpoint)
    ec2 = boto3.Session(region_name="us-east-1", **TEST_CREDENTIALS).client("ec2", endpoint_url=moto_endpoint)
    cluster, other = f"big-{suffix}", f"small-{suffix}"
    ecs.create_cluster(clusterName=cluster)
    ecs.create_cluster(clusterName=other)
    ecs.register_task_definition(
        family=f"web-{suffix}", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]
    )
    ecs.register_task_definition(family=f"web-{suffix}", containerDefinitions=[{"name": "app", "image": "nginx:2", "memory": 128}])
    for index in range(SERVICES):
        ecs.create_service(cluster=cluster, serviceName=f"svc-{index:02d}", taskDefinition=f"web-{suffix}", desiredCount=1)
    for _ in range((RUNNING_TASKS - API_TASKS) // 100):
        ecs.run_task(cluster=cluster, taskDefinition=f"web-{suffix}", count=100, launchType="FARGATE", startedBy="batch")
    rest = RUNNING_TASKS - API_TASKS - 100 * ((RUNNING_TASKS - API_TASKS) // 100)
    ecs.run_task(cluster=cluster, taskDefinition=f"web-{suffix}", count=rest, launchType="FARGATE", startedBy="batch")
    api = ecs.run_task(cluster=cluster, taskDefinition=f"web-{suffix}", count=API_TASKS + 1, launchType="FARGATE", group="service:api")
    stopped_arn = api["tasks"][0]["taskArn"]
    ecs.stop_task(cluster=cluster, task=stopped_arn, reason="test")
    reservation = ec2.run_instances(ImageId="ami-12c6146b", MinCount=3, MaxCount=3)
    for instance in reservation["Instances"]:
        document = json.dumps({"instanceId": instance["InstanceId"], "region": "us-east-1"})
        ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=document)
    yield MotoWorld(moto_endpoint, cluster, other, stopped_arn, 3)


@pytest.fixture
def reader(moto_world: MotoWorld) -> Iterator[tuple[EcsReader, CallRecorder]]:
    client = local_ecs_client(moto_world.endpoint)
    yield EcsReader(client), CallRecorder(client)


def all_of(batches: Iterator[list[Any]]) -> list[Any]:
    return [item for batch in batches for item in batch]


def test_clusters(moto_world: MotoWorld, reader) -> None:
    ecs_reader, calls = reader
    clusters = {c.name: c for c in all_of(ecs_reader.iter_clusters())}
    assert {moto_world.cluster, moto_world.other_cluster} <= set(clusters)
    big = clusters[moto_world.cluster]
    assert big.status == "ACTIVE" and big.arn.endswith(f"cluster/{moto_world.cluster}")
    assert max(calls.sizes("DescribeClusters", "clusters")) <= limits.DESCRIBE_CLUSTERS_BATCH


def test_first_call_check(moto_world: MotoWorld) -> None:
    settings = ConnectionSettings(None, "us-east-1", moto_world.endpoint, "--region")
    page = check_connection(AwsClients(settings, static_credentials=("testing", "testing")))
    assert any(arn.endswith(f"cluster/{moto_world.cluster}") for arn in page.arns)


def test_services_in_batches_of_ten(moto_world: MotoWorld, reader) -> None:
    ecs_reader, calls = reader
    services = all_of(ecs_reader.iter_services(moto_world.cluster))
    assert sorted(s.name for s in services) == [f"svc-{i:02d}" for i in range(SERVICES)]
    assert {s.cluster_name for s in services} == {moto_world.cluster}
    assert all(s.primary_deployment is not None for s in services)
    sizes = calls.sizes("DescribeServices", "services")
    assert max(sizes) <= limits.DESCRIBE_SERVICES_BATCH and sum(sizes) == SERVICES
    assert all(body["maxResults"] == 100 for body in calls.bodies["ListServices"])
    assert [s.name for s in ecs_reader.describe_services(moto_world.cluster, ["svc-07", "svc-01"])] == ["svc-07", "svc-01"]


def test_every_running_task_in_batches_of_a_hundred(moto_world: MotoWorld, reader) -> None:
    ecs_reader, calls = reader
    tasks = all_of(ecs_reader.iter_tasks(moto_world.cluster))
    running = [t for t in tasks if t.desired_status == "RUNNING"]
    assert len(running) == RUNNING_TASKS and len({t.arn for t in running}) == RUNNING_TASKS
    assert {t.cluster_name for t in running} == {moto_world.cluster}
    assert all(t.containers and t.containers[0].name == "app" for t in running)
    assert max(calls.sizes("DescribeTasks", "tasks")) <= limits.DESCRIBE_TASKS_BATCH
    assert len(calls.sizes("DescribeTasks", "tasks")) >= 3


def test_tasks_of_one_service_running_and_stopped(moto_world: MotoWorld, reader) -> None:
    ecs_reader, _ = reader
    # moto ignores the serviceName filter; the reader's group check keeps the answer right.
    api = all_of(ecs_reader.iter_tasks(moto_world.cluster, service="api"))
    assert {t.service_name for t in api} == {"api"}
    assert len([t for t in api if t.desired_status == "RUNNING"]) == API_TASKS
    stopped = all_of(ecs_reader.iter_tasks(moto_world.cluster, service="api", desired_status="STOPPED"))
    assert [t.arn for t in stopped] == [moto_world.stopped_arn]
    assert stopped[0].stopped_reason == "test"


def test_describe_tasks_by_id_keeps_the_order(moto_world: MotoWorld, reader) -> None:
    ecs_reader, _ = reader
    arns = [t.arn for t in all_of(ecs_reader.iter_tasks(moto_world.cluster))][:150]
    wanted = list(reversed(arns))
    assert [t.arn for t in ecs_reader.describe_tasks(moto_world.cluster, wanted)] == wanted


def test_container_instances(moto_world: MotoWorld, reader) -> None:
    ecs_reader, _ = reader
    instances = all_of(ecs_reader.iter_container_instances(moto_world.cluster))
    assert len(instances) == moto_world.instances
    assert all(i.ec2_instance_id and i.ec2_instance_id.startswith("i-") and i.status == "ACTIVE" for i in instances)
    assert all(i.agent_version for i in instances)


def test_task_definitions(moto_world: MotoWorld, reader) -> None:
    ecs_reader, _ = reader
    family = f"web-{moto_world.cluster.removeprefix('big-')}"
    arns = ecs_reader.list_task_definitions(family)
    assert {arn.rsplit(":", 1)[-1] for arn in arns} == {"1", "2"}
    latest = ecs_reader.describe_task_definition(family)
    assert (latest.family, latest.revision) == (family, 2)
    first = ecs_reader.describe_task_definition(f"{family}:1")
    assert first.container_definitions[0].container_ports == (80,)


def test_unknown_cluster_is_a_clear_error(moto_world: MotoWorld, reader) -> None:
    ecs_reader, _ = reader
    with pytest.raises(Exception) as caught:
        all_of(ecs_reader.iter_tasks("no-such-cluster"))
    assert explain(caught.value).startswith("Cluster not found (ListTasks)")


def test_actions_against_moto(moto_world: MotoWorld) -> None:
    client = local_ecs_client(moto_world.endpoint)
    actions = EcsActions(client)
    service = actions.update_service(moto_world.cluster, "svc-03", desired_count=3)
    assert (service.name, service.desired_count) == ("svc-03", 3)
    reader = EcsReader(client)
    victim = next(t for t in all_of(reader.iter_tasks(moto_world.cluster, service="api")) if t.desired_status == "RUNNING")
    stopped = actions.stop_task(moto_world.cluster, victim.arn, "stopped by a test")
    assert (stopped.arn, stopped.desired_status) == (victim.arn, "STOPPED")
