"""Tasks move through ECS's statuses as the (injected) clock moves; services keep their counts."""

from __future__ import annotations

from tests.sim.fake_clock import FakeClock


def _task(client, cluster, arn):
    return client.describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]


def _service(client, cluster, name):
    return client.describe_services(cluster=cluster, services=[name])["services"][0]


def test_stop_task_walks_down_to_stopped_and_the_service_replaces_it(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    arn = client.list_tasks(cluster="prod-web", serviceName="search-api")["taskArns"][0]
    stopped = client.stop_task(cluster="prod-web", task=arn)["task"]
    assert (stopped["desiredStatus"], stopped["lastStatus"]) == ("STOPPED", "DEACTIVATING")
    assert (stopped["stopCode"], stopped["stoppedReason"]) == ("UserInitiated", "Task stopped by user")
    seen = []
    for _ in range(4):
        seen.append(_task(client, "prod-web", arn)["lastStatus"])
        clock.advance(1.0)
    assert seen == ["DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"]
    final = _task(client, "prod-web", arn)
    assert final["stoppedAt"] and final["stoppingAt"] and final["executionStoppedAt"]
    assert {c["lastStatus"] for c in final["containers"]} == {"STOPPED"}
    assert all(c["managedAgents"][0]["lastStatus"] == "STOPPED" for c in final["containers"])

    running = client.list_tasks(cluster="prod-web", serviceName="search-api")["taskArns"]
    assert arn not in running and len(running) == 3  # a replacement was started at once
    replacement = next(a for a in running if _task(client, "prod-web", a)["createdAt"].timestamp() >= clock.now - 5)
    service = _service(client, "prod-web", "search-api")
    assert (service["runningCount"], service["desiredCount"]) == (3, 3)
    assert any("has started 1 tasks" in e["message"] for e in service["events"][:3])
    assert _task(client, "prod-web", replacement)["lastStatus"] == "RUNNING"


def test_a_new_task_comes_up_through_each_start_phase(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    client.update_service(cluster="prod-web", service="image-resizer_worker", desiredCount=3)
    tasks = client.describe_tasks(cluster="prod-web", tasks=client.list_tasks(cluster="prod-web", serviceName="image-resizer_worker")["taskArns"])["tasks"]
    new = next(t for t in tasks if t["lastStatus"] != "RUNNING")
    seen, service_counts = [], []
    for _ in range(5):
        task = _task(client, "prod-web", new["taskArn"])
        seen.append(task["lastStatus"])
        service = _service(client, "prod-web", "image-resizer_worker")
        service_counts.append((service["runningCount"], service["pendingCount"]))
        clock.advance(1.0)
    assert seen == ["PROVISIONING", "PENDING", "PENDING", "ACTIVATING", "RUNNING"]
    assert service_counts == [(2, 1), (2, 1), (2, 1), (2, 1), (3, 0)]
    task = _task(client, "prod-web", new["taskArn"])
    assert task["startedAt"] and task["pullStartedAt"] and task["pullStoppedAt"]
    assert all("runtimeId" in c for c in task["containers"])
    assert task["enableExecuteCommand"] is False  # the service had exec off when it started


def test_scaling_in_stops_tasks_and_counts_follow(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    before = client.describe_clusters(clusters=["prod-web"])["clusters"][0]["runningTasksCount"]
    client.update_service(cluster="prod-web", service="storefront", desiredCount=2)
    service = _service(client, "prod-web", "storefront")
    assert service["desiredCount"] == 2 and service["runningCount"] == 2
    assert service["events"][0]["message"].startswith("(service storefront) has stopped 4 running tasks")
    clock.advance(5)
    service = _service(client, "prod-web", "storefront")
    assert service["events"][0]["message"] == "(service storefront) has reached a steady state."
    after = client.describe_clusters(clusters=["prod-web"])["clusters"][0]["runningTasksCount"]
    assert after == before - 4
    stopped = client.list_tasks(cluster="prod-web", serviceName="storefront", desiredStatus="STOPPED")["taskArns"]
    reasons = {t["stopCode"] for t in client.describe_tasks(cluster="prod-web", tasks=stopped)["tasks"]}
    assert reasons == {"ServiceSchedulerInitiated", "EssentialContainerExited"}


def test_ec2_tasks_skip_the_network_phases(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    arn = client.list_tasks(cluster="prod-payments", serviceName="payments-api")["taskArns"][0]
    assert client.stop_task(cluster="prod-payments", task=arn, reason="rotating")["task"]["lastStatus"] == "STOPPING"
    clock.advance(2.0)
    task = _task(client, "prod-payments", arn)
    assert (task["lastStatus"], task["stoppedReason"]) == ("STOPPED", "rotating")


def test_stopping_a_stopped_task_changes_nothing(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    arn = client.list_tasks(cluster="prod-web", family="db-migrate")["taskArns"][0]
    first = client.stop_task(cluster="prod-web", task=arn, reason="first")["task"]
    clock.advance(10)
    again = client.stop_task(cluster="prod-web", task=arn, reason="second")["task"]
    assert again["stoppedReason"] == "first" and again["lastStatus"] == "STOPPED"
    assert first["stopCode"] == "UserInitiated"
