"""Listing and describing through boto3's paginators, filters and batch limits."""

from __future__ import annotations

import botocore.exceptions
import pytest

from tests.sim.fake_clock import FakeClock


@pytest.fixture(scope="module")
def big_sim():
    from tui.sim import SimConfig, Simulator

    with Simulator(SimConfig(world="scale", scale_services=5000, scale_tasks=20_000)) as simulator:
        yield simulator


def _all(client, method: str, key: str, **kwargs) -> list[str]:
    return [arn for page in client.get_paginator(method).paginate(**kwargs) for arn in page[key]]


def test_the_paginator_lists_twenty_thousand_tasks_exactly_once(big_sim, ecs_client):
    client = ecs_client(big_sim)
    tasks = _all(client, "list_tasks", "taskArns", cluster="scale")
    assert len(tasks) == 20_000
    assert len(set(tasks)) == 20_000
    services = _all(client, "list_services", "serviceArns", cluster="scale", PaginationConfig={"PageSize": 100})
    assert len(services) == len(set(services)) == 5000
    assert client.list_services(cluster="scale")["serviceArns"] == services[:10]  # ECS's default page is 10
    first = client.list_tasks(cluster="scale")
    assert len(first["taskArns"]) == 100 and first["nextToken"]


def test_scale_world_counts_add_up(big_sim, ecs_client):
    client = ecs_client(big_sim)
    cluster = client.describe_clusters(clusters=["scale"], include=["STATISTICS"])["clusters"][0]
    assert cluster["runningTasksCount"] == 20_000
    assert cluster["activeServicesCount"] == 5000
    stats = {s["name"]: s["value"] for s in cluster["statistics"]}
    assert stats["RunningFargateTasksCount"] == "20000"
    described = client.describe_services(cluster="scale", services=[f"svc-{n:05d}" for n in range(10)])["services"]
    assert [s["runningCount"] for s in described] == [4] * 10


def test_task_filters(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    checkout = _all(client, "list_tasks", "taskArns", cluster="prod-web", serviceName="checkout-api")
    described = client.describe_tasks(cluster="prod-web", tasks=checkout)["tasks"]
    assert described and {t["group"] for t in described} == {"service:checkout-api"}
    by_family = _all(client, "list_tasks", "taskArns", cluster="prod-web", family="db-migrate")
    by_starter = _all(client, "list_tasks", "taskArns", cluster="prod-web", startedBy="ci/deploy-1234")
    assert by_family == by_starter and len(by_family) == 1
    assert _all(client, "list_tasks", "taskArns", cluster="prod-web", launchType="EC2") == []
    assert _all(client, "list_tasks", "taskArns", cluster="prod-web", desiredStatus="PENDING") == []
    instance = _all(client, "list_container_instances", "containerInstanceArns", cluster="prod-payments")[0]
    on_instance = _all(client, "list_tasks", "taskArns", cluster="prod-payments", containerInstance=instance)
    assert on_instance
    placed = client.describe_tasks(cluster="prod-payments", tasks=on_instance)["tasks"]
    assert {t["containerInstanceArn"] for t in placed} == {instance}


def test_stopped_tasks_are_listed_per_service(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    stopped = _all(client, "list_tasks", "taskArns", cluster="prod-web", serviceName="storefront", desiredStatus="STOPPED")
    assert len(stopped) == 1
    task = client.describe_tasks(cluster="prod-web", tasks=stopped)["tasks"][0]
    assert (task["lastStatus"], task["desiredStatus"], task["stopCode"]) == ("STOPPED", "STOPPED", "EssentialContainerExited")
    app = next(c for c in task["containers"] if c["name"] == "storefront")
    assert app["exitCode"] == 137 and "OutOfMemoryError" in app["reason"]
    running = _all(client, "list_tasks", "taskArns", cluster="prod-web", serviceName="storefront")
    assert set(stopped).isdisjoint(running)


def test_stopped_tasks_disappear_after_about_an_hour(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    stopped = _all(client, "list_tasks", "taskArns", cluster="data-pipeline", desiredStatus="STOPPED")
    assert len(stopped) == 1  # the run that ended 25 hours ago is gone; the one from 20 minutes ago is there
    clock.advance(3600)
    assert _all(client, "list_tasks", "taskArns", cluster="data-pipeline", desiredStatus="STOPPED") == []
    assert client.describe_tasks(cluster="data-pipeline", tasks=stopped)["failures"][0]["reason"] == "MISSING"


def test_service_filters(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    assert _all(client, "list_services", "serviceArns", cluster="ci-runners", schedulingStrategy="DAEMON") == [
        "arn:aws:ecs:us-east-1:123456789012:service/ci-runners/log-shipper"
    ]
    ec2 = _all(client, "list_services", "serviceArns", cluster="prod-payments", launchType="EC2")
    assert len(ec2) == 3
    assert _all(client, "list_services", "serviceArns", cluster="prod-payments", launchType="FARGATE") == []


def test_container_instance_filters(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    zone_c = _all(client, "list_container_instances", "containerInstanceArns", cluster="prod-payments", filter="attribute:ecs.availability-zone == us-east-1c")
    assert len(zone_c) == 1
    instance = client.describe_container_instances(cluster="prod-payments", containerInstances=zone_c)["containerInstances"][0]
    assert instance["versionInfo"]["agentVersion"] == "1.47.0"
    all_four = _all(client, "list_container_instances", "containerInstanceArns", cluster="prod-payments", filter="attribute:ecs.vpc-id exists")
    assert len(all_four) == 4
    assert _all(client, "list_container_instances", "containerInstanceArns", cluster="prod-payments", status="DRAINING") == []


def test_task_definitions(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    latest = client.describe_task_definition(taskDefinition="checkout-api")["taskDefinition"]
    assert latest["revision"] == 14 and latest["status"] == "ACTIVE"
    old = client.describe_task_definition(taskDefinition="checkout-api:2")["taskDefinition"]
    assert old["status"] == "INACTIVE"
    same = client.describe_task_definition(taskDefinition=latest["taskDefinitionArn"])["taskDefinition"]
    assert same == latest
    descending = client.list_task_definitions(familyPrefix="checkout-api", sort="DESC")["taskDefinitionArns"]
    assert [a.rsplit(":", 1)[1] for a in descending] == ["14", "13", "12"]
    inactive = _all(client, "list_task_definitions", "taskDefinitionArns", familyPrefix="checkout-api", status="INACTIVE")
    assert len(inactive) == 11
    assert client.list_task_definitions(familyPrefix="checkout")["taskDefinitionArns"] == []  # a whole family name
    families = _all(client, "list_task_definition_families", "families", familyPrefix="st")
    assert families == ["storefront"]
    payments = client.describe_task_definition(taskDefinition="payments-api")["taskDefinition"]
    assert payments["containerDefinitions"][0]["readonlyRootFilesystem"] is True
    assert payments["networkMode"] == "bridge"


def test_batch_limits_and_missing_resources(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.describe_services(cluster="prod-web", services=[f"s{n}" for n in range(11)])
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.describe_tasks(cluster="prod-web", tasks=["t"] * 101)
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.list_tasks(cluster="prod-web", maxResults=101)
    with pytest.raises(client.exceptions.InvalidParameterException):
        client.list_services(cluster="prod-web", maxResults=0)
    answer = client.describe_services(cluster="prod-web", services=["storefront", "ghost"])
    assert [s["serviceName"] for s in answer["services"]] == ["storefront"]
    assert answer["failures"] == [{"arn": "arn:aws:ecs:us-east-1:123456789012:service/prod-web/ghost", "reason": "MISSING"}]
    with pytest.raises(client.exceptions.ClientException, match="Unable to describe task definition."):
        client.describe_task_definition(taskDefinition="checkout-api:99")
    with pytest.raises(botocore.exceptions.ClientError, match="Invalid nextToken"):
        client.list_tasks(cluster="prod-web", nextToken=client.list_services(cluster="prod-web", maxResults=1)["nextToken"])


def test_the_default_cluster_does_not_exist(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    with pytest.raises(client.exceptions.ClusterNotFoundException):
        client.list_tasks()
