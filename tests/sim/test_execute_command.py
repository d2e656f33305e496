"""ExecuteCommand: a session on success, ECS's own errors for each reason it refuses."""

from __future__ import annotations

import re

import pytest

NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task was run "
    "or the execute command agent isn't running. Wait and try again or run a new task with "
    "execute command enabled and try again."
)


def _tasks(client, cluster, **filters):
    arns = client.list_tasks(cluster=cluster, **filters)["taskArns"]
    return client.describe_tasks(cluster=cluster, tasks=arns)["tasks"]


def _error(client, **kwargs) -> tuple[str, str]:
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.execute_command(command="/bin/sh", **kwargs)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_a_session_points_back_at_the_simulator(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    announced = []
    demo_sim.sessions.subscribe(announced.append)
    task = _tasks(client, "prod-web", serviceName="storefront")[0]
    answer = client.execute_command(cluster="prod-web", task=task["taskArn"], container="storefront", command="/bin/bash", interactive=True)
    session = answer["session"]
    assert answer["clusterArn"].endswith(":cluster/prod-web")
    assert (answer["taskArn"], answer["containerName"], answer["interactive"]) == (task["taskArn"], "storefront", True)
    container = next(c for c in task["containers"] if c["name"] == "storefront")
    assert answer["containerArn"] == container["containerArn"]
    assert re.fullmatch(r"ecs-execute-command-[0-9a-f]{17}", session["sessionId"])
    assert session["streamUrl"].startswith(f"ws://{demo_sim.endpoint_url.removeprefix('http://')}/ssm/data-channel/{session['sessionId']}")
    assert len(session["tokenValue"]) > 100
    stored = demo_sim.sessions.get(session["sessionId"])
    assert stored.token_value == session["tokenValue"]
    assert stored.target == f"ecs:prod-web_{task['taskArn'].rsplit('/', 1)[1]}_{container['runtimeId']}"
    assert stored.command == "/bin/bash"
    assert announced == [stored]
    again = client.execute_command(cluster="prod-web", task=task["taskArn"], container="storefront", command="sh", interactive=True)
    assert again["session"]["tokenValue"] != session["tokenValue"]


def test_a_single_container_task_needs_no_container_name(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    task = _tasks(client, "prod-web", family="db-migrate")[0]
    answer = client.execute_command(cluster="prod-web", task=task["taskArn"].rsplit("/", 1)[1], command="sh", interactive=True)
    assert answer["containerName"] == "db-migrate"


def test_each_refusal_has_ecs_code_and_message(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    storefront = _tasks(client, "prod-web", serviceName="storefront")[0]["taskArn"]
    stopped = client.list_tasks(cluster="prod-web", serviceName="storefront", desiredStatus="STOPPED")["taskArns"][0]
    exec_off = _tasks(client, "prod-web", serviceName="notifications-api")[0]["taskArn"]
    ledger = _tasks(client, "prod-payments", serviceName="ledger-worker")
    agent_stopped = next(t for t in ledger if t["containers"][0].get("managedAgents", [{}])[0].get("lastStatus") == "STOPPED")["taskArn"]
    fraud = _tasks(client, "prod-payments", serviceName="fraud-scorer")
    agent_pending = next(t for t in fraud if t["containers"][0].get("managedAgents", [{}])[0].get("lastStatus") == "PENDING")["taskArn"]
    search = _tasks(client, "prod-web", serviceName="search-api")
    old_platform = next(t for t in search if t["platformVersion"] == "1.3.0")
    assert all("managedAgents" not in c for c in old_platform["containers"])
    provisioning = next(t for t in _tasks(client, "staging", serviceName="feature-flags") if t["lastStatus"] == "PROVISIONING")["taskArn"]

    assert _error(client, cluster="prod-web", task=storefront, container="storefront", interactive=False) == (
        "InvalidParameterException", "Interactive is the only mode supported currently.")
    assert _error(client, cluster="nowhere", task=storefront, container="storefront", interactive=True) == (
        "ClusterNotFoundException", "Cluster not found.")
    assert _error(client, cluster="prod-web", task="0" * 32, interactive=True)[0] == "InvalidParameterException"
    code, message = _error(client, cluster="prod-web", task=storefront, interactive=True)
    assert code == "InvalidParameterException" and "container name must be specified" in message
    code, message = _error(client, cluster="prod-web", task=storefront, container="nginx", interactive=True)
    assert code == "InvalidParameterException" and "nginx" in message
    for cluster, task, container in [
        ("prod-web", exec_off, "notifications-api"),
        ("prod-web", stopped, "storefront"),
        ("prod-payments", agent_stopped, "ledger-worker"),
        ("prod-payments", agent_pending, "fraud-scorer"),
        ("prod-web", old_platform["taskArn"], "search-api"),
        ("staging", provisioning, "feature-flags"),
    ]:
        assert _error(client, cluster=cluster, task=task, container=container, interactive=True) == ("InvalidParameterException", NOT_ENABLED)


def test_exec_into_a_task_on_an_old_ecs_agent_is_refused(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    instances = client.describe_container_instances(
        cluster="prod-payments", containerInstances=client.list_container_instances(cluster="prod-payments")["containerInstanceArns"]
    )["containerInstances"]
    old = next(i for i in instances if i["versionInfo"]["agentVersion"] == "1.47.0")
    tasks = _tasks(client, "prod-payments", containerInstance=old["containerInstanceArn"])
    assert tasks
    assert _error(client, cluster="prod-payments", task=tasks[0]["taskArn"], container=tasks[0]["containers"][0]["name"], interactive=True)[1] == NOT_ENABLED
