"""UpdateService deployments roll tasks over progressively and end in a steady state."""

from __future__ import annotations

from tests.sim.fake_clock import FakeClock


def _service(client, cluster, name):
    return client.describe_services(cluster=cluster, services=[name])["services"][0]


def _tasks(client, cluster, name):
    arns = client.list_tasks(cluster=cluster, serviceName=name)["taskArns"]
    return client.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []


def test_force_new_deployment_replaces_every_task(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    before = {t["taskArn"] for t in _tasks(client, "prod-web", "search-api")}
    service = client.update_service(cluster="prod-web", service="search-api", forceNewDeployment=True)["service"]
    primary, active = service["deployments"]
    assert (primary["status"], primary["rolloutState"]) == ("PRIMARY", "IN_PROGRESS")
    assert (active["status"], active["rolloutState"], active["runningCount"]) == ("ACTIVE", "COMPLETED", 3)
    assert primary["pendingCount"] == 3  # maximumPercent 200 lets all replacements start at once

    observed = []
    for _ in range(30):
        clock.advance(1.0)
        service = _service(client, "prod-web", "search-api")
        observed.append(service)
        total = sum(d["runningCount"] + d["pendingCount"] for d in service["deployments"])
        assert service["runningCount"] + service["pendingCount"] == total
        assert service["runningCount"] >= 3  # minimumHealthyPercent 100
    final = observed[-1]
    assert len(final["deployments"]) == 1
    assert (final["deployments"][0]["rolloutState"], final["deployments"][0]["id"]) == ("COMPLETED", primary["id"])
    assert (final["runningCount"], final["pendingCount"]) == (3, 0)
    messages = [e["message"] for e in final["events"]]
    assert messages[0] == "(service search-api) has reached a steady state."
    assert messages[1] == f"(service search-api) (deployment {primary['id']}) deployment completed."
    assert any("has stopped 3 running tasks" in m for m in messages[:10])
    assert any("registered 3 targets in (target-group" in m for m in messages[:10])
    after = _tasks(client, "prod-web", "search-api")
    assert {t["taskArn"] for t in after}.isdisjoint(before)
    assert {t["startedBy"] for t in after} == {primary["id"]}


def test_a_new_task_definition_and_exec_setting_reach_new_tasks_only(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    client.update_service(cluster="prod-web", service="notifications-api", enableExecuteCommand=True)
    assert len(_service(client, "prod-web", "notifications-api")["deployments"]) == 1  # no deployment by itself
    assert {t["enableExecuteCommand"] for t in _tasks(client, "prod-web", "notifications-api")} == {False}
    previous = client.describe_task_definition(taskDefinition="notifications-api:4")["taskDefinition"]["taskDefinitionArn"]
    client.update_service(cluster="prod-web", service="notifications-api", taskDefinition=previous)
    clock.advance(30)
    service = _service(client, "prod-web", "notifications-api")
    assert service["taskDefinition"] == previous
    tasks = _tasks(client, "prod-web", "notifications-api")
    assert {t["taskDefinitionArn"] for t in tasks} == {previous}
    assert {t["enableExecuteCommand"] for t in tasks} == {True}
    assert all(c["managedAgents"][0]["lastStatus"] == "RUNNING" for t in tasks for c in t["containers"])


def test_the_demo_deployment_progresses_and_finishes_by_itself(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    service = _service(client, "prod-web", "checkout-api")
    assert [d["status"] for d in service["deployments"]] == ["PRIMARY", "ACTIVE"]
    assert service["deployments"][0]["rolloutState"] == "IN_PROGRESS"
    running_new = []
    for _ in range(24):
        clock.advance(5)
        service = _service(client, "prod-web", "checkout-api")
        running_new.append(service["deployments"][0]["runningCount"])
    assert running_new == sorted(running_new)  # the new deployment only grows
    assert [d["rolloutState"] for d in service["deployments"]] == ["COMPLETED"]
    assert service["runningCount"] == service["desiredCount"] == 4
    assert service["taskDefinition"].endswith("checkout-api:14")


def test_scaling_an_ec2_service_places_tasks_on_connected_instances(sim_factory, ecs_client):
    clock = FakeClock()
    client = ecs_client(sim_factory(clock=clock))
    client.update_service(cluster="prod-payments", service="ledger-worker", desiredCount=5)
    clock.advance(10)
    tasks = _tasks(client, "prod-payments", "ledger-worker")
    assert len(tasks) == 5 and {t["lastStatus"] for t in tasks} == {"RUNNING"}
    instances = client.describe_container_instances(
        cluster="prod-payments", containerInstances=list({t["containerInstanceArn"] for t in tasks})
    )["containerInstances"]
    assert all(i["agentConnected"] for i in instances)


def test_update_service_errors(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    cases = [
        (dict(cluster="prod-web", service="ghost", desiredCount=1), "ServiceNotFoundException", "Service not found."),
        (dict(cluster="nope", service="storefront"), "ClusterNotFoundException", "Cluster not found."),
        (dict(cluster="prod-web", service="storefront", taskDefinition="nope:1"), "ClientException", "TaskDefinition not found."),
        (dict(cluster="prod-web", service="storefront", taskDefinition="storefront:1"), "ClientException", "TaskDefinition is inactive"),
        (dict(cluster="prod-web", service="storefront", desiredCount=-1), "InvalidParameterException", None),
        (dict(cluster="ci-runners", service="log-shipper", desiredCount=5), "InvalidParameterException", None),
    ]
    for kwargs, code, message in cases:
        try:
            client.update_service(**kwargs)
        except client.exceptions.ClientError as error:
            assert error.response["Error"]["Code"] == code, kwargs
            if message:
                assert error.response["Error"]["Message"] == message
        else:
            raise AssertionError(f"no error for {kwargs}")
