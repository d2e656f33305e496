"""The AWS CLI, a client nobody here wrote, reads the simulator correctly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def _aws(simulator, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="sim",
        AWS_SECRET_ACCESS_KEY="sim",
        AWS_CONFIG_FILE=os.environ["AWS_CONFIG_FILE"],
        AWS_SHARED_CREDENTIALS_FILE=os.environ["AWS_SHARED_CREDENTIALS_FILE"],
        AWS_EC2_METADATA_DISABLED="true",
    )
    command = [sys.executable, "-m", "awscli", "ecs", *args, "--endpoint-url", simulator.endpoint_url, "--region", "us-east-1", "--output", "json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_list_clusters(demo_sim):
    answer = _aws(demo_sim, "list-clusters")
    assert answer["clusterArns"][0] == "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web"
    assert len(answer["clusterArns"]) == 6


def test_describe_tasks(demo_sim, ecs_client):
    arns = ecs_client(demo_sim).list_tasks(cluster="prod-web", serviceName="checkout-api")["taskArns"][:2]
    answer = _aws(demo_sim, "describe-tasks", "--cluster", "prod-web", "--tasks", *arns)
    assert answer["failures"] == []
    assert [t["taskArn"] for t in answer["tasks"]] == arns
    task = answer["tasks"][0]
    assert task["lastStatus"] == "RUNNING" and task["enableExecuteCommand"] is True
    assert isinstance(task["createdAt"], float)  # CLI v1 prints ECS's epoch seconds as sent
    app = task["containers"][0]
    assert app["managedAgents"][0]["name"] == "ExecuteCommandAgent"
    assert app["runtimeId"].startswith(arns[0].rsplit("/", 1)[1] + "-")


def test_the_cli_follows_next_tokens(sim_factory):
    simulator = sim_factory(world="scale", scale_services=3, scale_tasks=250)
    answer = _aws(simulator, "list-tasks", "--cluster", "scale")
    assert len(answer["taskArns"]) == len(set(answer["taskArns"])) == 250


def test_cli_errors_carry_code_and_message(demo_sim):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | {"AWS_ACCESS_KEY_ID": "sim", "AWS_SECRET_ACCESS_KEY": "sim"}
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "ecs", "describe-services", "--cluster", "nope", "--services", "x",
         "--endpoint-url", demo_sim.endpoint_url, "--region", "us-east-1"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 255  # AWS CLI v1's exit status for a service error
    assert "An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found." in done.stderr
