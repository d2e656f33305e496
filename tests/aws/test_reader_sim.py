"""The data layer against the local ECS simulator: demo world shapes, scale, shared throttling."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.aws.conftest import CallRecorder, local_ecs_client
from tui.aws import limits
from tui.aws.clients import AwsClients
from tui.aws.errors import AwsSetupError, check_connection
from tui.aws.pacing import Pacer
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings
from tui.sim import Simulator


def all_of(batches: Iterator[list[Any]]) -> list[Any]:
    return [item for batch in batches for item in batch]


def clients_for(simulator: Simulator) -> AwsClients:
    settings = ConnectionSettings(None, "us-east-1", simulator.endpoint_url, "--region")
    return AwsClients(settings, static_credentials=("sim", "sim"))


def test_demo_world_from_first_page_down_to_exec_agents(demo_sim: Simulator) -> None:
    clients = clients_for(demo_sim)
    pacer = Pacer()
    first = check_connection(clients, pacer=pacer)
    reader = EcsReader(clients.ecs, pacer=pacer)
    clusters = all_of(reader.iter_clusters(start=first))
    assert len(clusters) == len(first.arns) and all(c.status for c in clusters)
    assert pacer.stats.calls["ListClusters"] == 1  # the first page was reused
    cluster = max(clusters, key=lambda c: c.running_tasks)
    services = all_of(reader.iter_services(cluster.arn))
    assert len(services) == cluster.active_services
    tasks = all_of(reader.iter_tasks(cluster.arn))
    assert len(tasks) == cluster.running_tasks
    containers = [c for t in tasks for c in t.containers]
    assert all(c.runtime_id for c in containers if c.last_status == "RUNNING")
    exec_tasks = [t for t in tasks if t.enable_execute_command]
    assert exec_tasks and any(c.exec_agent is not None for t in exec_tasks for c in t.containers)
    for service in services:
        own = all_of(reader.iter_tasks(cluster.arn, service=service.name))
        assert {t.service_name for t in own} <= {service.name}
        assert len(own) == service.running_count


def test_scale_world_every_task_within_limits(sim_factory: Callable[..., Simulator]) -> None:
    simulator = sim_factory(world="scale", scale_services=60, scale_tasks=2_500, throttle=True)
    client = clients_for(simulator).ecs
    calls = CallRecorder(client)
    reader = EcsReader(client)
    tasks = all_of(reader.iter_tasks("scale"))
    services = all_of(reader.iter_services("scale"))
    assert len({t.arn for t in tasks}) == 2_500 and len(services) == 60
    assert max(calls.sizes("DescribeTasks", "tasks")) <= limits.DESCRIBE_TASKS_BATCH
    assert max(calls.sizes("DescribeServices", "services")) <= limits.DESCRIBE_SERVICES_BATCH
    assert calls.count("ListTasks") == 25 and calls.count("ListServices") == 1
    assert simulator.stats.total_throttled == 0


def test_someone_else_emptied_the_bucket(sim_factory: Callable[..., Simulator]) -> None:
    """The account's budget is shared: another client drains it, and keeps draining it until
    our calls have met throttling (however slow the machine is)."""
    simulator = sim_factory(world="scale", scale_services=20, scale_tasks=1_500, throttle=True)
    other = local_ecs_client(simulator.endpoint_url, Config(retries={"mode": "standard", "total_max_attempts": 1}))
    pacer = Pacer()
    reader = EcsReader(clients_for(simulator).ecs, pacer=pacer)
    while True:
        try:
            other.list_tasks(cluster="scale", maxResults=1)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ThrottlingException"
            break
    listed = threading.Event()

    def keep_draining() -> None:
        deadline = time.monotonic() + 30.0
        while not listed.is_set() and pacer.stats.throttled_responses == 0 and time.monotonic() < deadline:
            with contextlib.suppress(ClientError):
                other.list_tasks(cluster="scale", maxResults=1)
            time.sleep(0.02)

    drainer = threading.Thread(target=keep_draining)
    drainer.start()
    try:
        tasks = all_of(reader.iter_tasks("scale"))
    finally:
        listed.set()
        drainer.join()
    assert len({t.arn for t in tasks}) == 1_500
    stats = pacer.stats
    assert stats.throttled_responses > 0 and stats.throttles_raised == 0


def test_injected_throttling_is_absorbed(demo_sim: Simulator) -> None:
    demo_sim.inject_error("DescribeServices", "ThrottlingException", "Rate exceeded", count=4)
    pacer = Pacer(backoff_base=0.01)
    reader = EcsReader(clients_for(demo_sim).ecs, pacer=pacer)
    cluster = all_of(reader.iter_clusters())[0]
    assert all_of(reader.iter_services(cluster.arn))
    assert pacer.stats.throttled_responses + pacer.stats.throttles_retried >= 4


def test_expired_credentials_at_the_first_call(demo_sim: Simulator) -> None:
    demo_sim.inject_error("ListClusters", "ExpiredTokenException", "The security token included in the request is expired")
    with pytest.raises(AwsSetupError, match="have expired"):
        check_connection(clients_for(demo_sim))
