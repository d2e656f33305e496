"""Every answer of every operation, on the demo world and a small scale world, fits botocore's model."""

from __future__ import annotations

import botocore.exceptions
import pytest

from tests.sim.fake_clock import FakeClock
from tests.sim.shape_check import Recorder, output_problems, problems, operation
from tui.sim.ops import OPERATIONS


def _batches(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def _walk(client) -> None:
    """Call every operation over every resource of the world, successes and failures."""
    clusters = [arn for page in client.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 2}) for arn in page["clusterArns"]]
    client.describe_clusters(clusters=clusters + ["no-such-cluster"], include=["ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS"])
    client.describe_clusters(clusters=clusters)
    for cluster in clusters:
        client.list_tags_for_resource(resourceArn=cluster)
        services = [arn for page in client.get_paginator("list_services").paginate(cluster=cluster, PaginationConfig={"PageSize": 3}) for arn in page["serviceArns"]]
        for batch in _batches(services, 9):
            client.describe_services(cluster=cluster, services=batch + ["ghost"], include=["TAGS"])
            client.describe_services(cluster=cluster, services=batch)
        for service in services[:3]:
            client.list_tags_for_resource(resourceArn=service)
        tasks = []
        for status in ("RUNNING", "STOPPED"):
            for page in client.get_paginator("list_tasks").paginate(cluster=cluster, desiredStatus=status):
                tasks.extend(page["taskArns"])
        described = []
        for batch in _batches(tasks, 99):
            described += client.describe_tasks(cluster=cluster, tasks=batch + ["0" * 32], include=["TAGS"])["tasks"]
        for task in described[:40]:
            client.list_tags_for_resource(resourceArn=task["taskArn"])
            if task["lastStatus"] != "RUNNING":
                continue
            for container in task["containers"]:
                try:
                    client.execute_command(cluster=cluster, task=task["taskArn"], container=container["name"], command="/bin/sh", interactive=True)
                except botocore.exceptions.ClientError:
                    pass
        instances = [arn for page in client.get_paginator("list_container_instances").paginate(cluster=cluster) for arn in page["containerInstanceArns"]]
        if instances:
            client.describe_container_instances(cluster=cluster, containerInstances=instances + ["f" * 32], include=["TAGS", "CONTAINER_INSTANCE_HEALTH"])
            client.describe_container_instances(cluster=cluster, containerInstances=instances)
            client.list_tags_for_resource(resourceArn=instances[0])
        for definition in {t["taskDefinitionArn"] for t in described}:
            client.describe_task_definition(taskDefinition=definition, include=["TAGS"])
            client.list_tags_for_resource(resourceArn=definition)
    families = [f for page in client.get_paginator("list_task_definition_families").paginate(status="ALL") for f in page["families"]]
    for family in families:
        client.describe_task_definition(taskDefinition=family)
        client.list_task_definitions(familyPrefix=family, sort="DESC", maxResults=5)
    for status in ("ACTIVE", "INACTIVE"):
        for page in client.get_paginator("list_task_definitions").paginate(status=status, PaginationConfig={"PageSize": 50}):
            pass


def _mutate(client, clock: FakeClock, cluster: str) -> None:
    """Stop a task, scale and redeploy a service, and watch the transient states go by."""
    service_arn = client.list_services(cluster=cluster)["serviceArns"][0]
    task = client.list_tasks(cluster=cluster, serviceName=service_arn.rsplit("/", 1)[1])["taskArns"][0]
    client.stop_task(cluster=cluster, task=task, reason="shape check")
    client.update_service(cluster=cluster, service=service_arn, desiredCount=3, forceNewDeployment=True)
    client.update_service(cluster=cluster, service=service_arn, enableExecuteCommand=False)
    for _ in range(12):
        clock.advance(0.7)
        tasks = client.list_tasks(cluster=cluster)["taskArns"] + client.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"]
        for batch in _batches(tasks, 100):
            client.describe_tasks(cluster=cluster, tasks=batch)
        client.describe_services(cluster=cluster, services=[service_arn])
        client.describe_clusters(clusters=[cluster], include=["STATISTICS"])


def _failures(client) -> None:
    calls = [
        lambda: client.describe_services(cluster="nope", services=["x"]),
        lambda: client.describe_task_definition(taskDefinition="no-such-family"),
        lambda: client.update_service(cluster="prod-web", service="ghost", desiredCount=1),
        lambda: client.stop_task(cluster="prod-web", task="0" * 32),
        lambda: client.list_tasks(cluster="prod-web", serviceName="ghost"),
        lambda: client.execute_command(cluster="prod-web", task="0" * 32, command="sh", interactive=True),
        lambda: client.list_tags_for_resource(resourceArn="arn:aws:ecs:us-east-1:123456789012:cluster/ghost"),
        lambda: client.list_container_instances(cluster="prod-payments", filter="weird filter"),
        lambda: client.list_clusters(maxResults=1000),
        lambda: client.list_task_definitions(nextToken="garbage"),
        lambda: client.list_task_definition_families(nextToken="garbage"),
        lambda: client.describe_container_instances(cluster="ghost", containerInstances=["x"]),
        lambda: client.describe_clusters(clusters=["x"] * 101),
        lambda: client.describe_tasks(cluster="prod-web", tasks=["x"] * 101),
    ]
    for call in calls:
        with pytest.raises(botocore.exceptions.ClientError):
            call()


def test_every_operation_answers_in_botocore_shapes_on_the_demo_world(sim_factory, ecs_client):
    clock = FakeClock()
    simulator = sim_factory(clock=clock)
    recorder = Recorder()
    client = recorder.attach(ecs_client(simulator, max_attempts=1))
    _walk(client)
    _mutate(client, clock, "prod-web")
    _mutate(client, clock, "prod-payments")
    _failures(client)
    clock.advance(120)
    _walk(client)
    assert recorder.problems() == []
    assert {name for name, status, _ in recorder.answers if status == 200} == set(OPERATIONS)


def test_every_operation_answers_in_botocore_shapes_on_a_scale_world(sim_factory, ecs_client):
    clock = FakeClock()
    simulator = sim_factory(world="scale", scale_services=12, scale_tasks=150, clock=clock)
    recorder = Recorder()
    client = recorder.attach(ecs_client(simulator, max_attempts=1))
    _walk(client)
    _mutate(client, clock, "scale")
    assert recorder.problems() == []
    assert {name for name, status, _ in recorder.answers if status == 200} >= set(OPERATIONS) - {"ListContainerInstances", "DescribeContainerInstances"}


def test_the_checker_catches_what_it_must():
    shape = operation("DescribeTasks").output_shape
    assert problems(shape, {"tasks": [{"lastStatus": "RUNNING", "bogus": 1}]}) == ["$.tasks[0]: unknown key 'bogus' in Task"]
    assert "expected an integer" in problems(shape, {"tasks": [{"version": "3"}]})[0]
    assert "not one of" in problems(shape, {"tasks": [{"healthStatus": "FINE"}]})[0]
    assert "cannot parse timestamp" in problems(shape, {"tasks": [{"createdAt": "yesterday"}]})[0]
    assert "expected a boolean" in problems(shape, {"tasks": [{"enableExecuteCommand": 1}]})[0]
    assert "missing required member" in output_problems("DescribeTaskDefinition", {"taskDefinition": {"containerDefinitions": [{"healthCheck": {}}]}})[0]
