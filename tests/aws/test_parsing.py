"""The fast parse of big describe answers gives what botocore's own parse gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3

from tui.aws.clients import AwsClients
from tui.aws.parsing import timestamp_paths
from tui.aws.settings import ConnectionSettings
from tui.sim import Simulator


def comparable(response: dict[str, Any]) -> str:
    response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return json.dumps(response, sort_keys=True, default=lambda value: value.timestamp())


def test_answers_match_botocore_on_the_demo_world(demo_sim: Simulator) -> None:
    settings = ConnectionSettings(None, "us-east-1", demo_sim.endpoint_url, "--region")
    ours = AwsClients(settings, static_credentials=("sim", "sim")).ecs
    plain = boto3.Session(aws_access_key_id="sim", aws_secret_access_key="sim", region_name="us-east-1").client(
        "ecs", endpoint_url=demo_sim.endpoint_url
    )
    clusters = ours.list_clusters()["clusterArns"]
    include = ["CONFIGURATIONS", "SETTINGS", "STATISTICS"]
    assert comparable(ours.describe_clusters(clusters=clusters, include=include)) == comparable(
        plain.describe_clusters(clusters=clusters, include=include)
    )
    compared_tasks = 0
    for cluster in clusters:
        for status in ("RUNNING", "STOPPED"):
            arns = ours.list_tasks(cluster=cluster, desiredStatus=status)["taskArns"]
            if arns:
                mine = ours.describe_tasks(cluster=cluster, tasks=arns, include=["TAGS"])
                assert comparable(mine) == comparable(plain.describe_tasks(cluster=cluster, tasks=arns, include=["TAGS"]))
                assert isinstance(mine["tasks"][0]["createdAt"], datetime)
                assert mine["tasks"][0]["createdAt"].tzinfo is UTC
                compared_tasks += len(arns)
        services = ours.list_services(cluster=cluster, maxResults=10)["serviceArns"]
        if services:
            assert comparable(ours.describe_services(cluster=cluster, services=services)) == comparable(
                plain.describe_services(cluster=cluster, services=services)
            )
    assert compared_tasks > 20


def test_timestamp_paths_reach_nested_members() -> None:
    model = boto3.Session(region_name="us-east-1").client("ecs").meta.service_model
    paths = timestamp_paths(model.operation_model("DescribeTasks").output_shape)
    assert ("tasks", "*", "createdAt") in paths
    assert ("tasks", "*", "containers", "*", "managedAgents", "*", "lastStartedAt") in paths
