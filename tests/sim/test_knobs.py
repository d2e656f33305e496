"""Throttling, latency, injected errors and statistics."""

from __future__ import annotations

import threading
import time

import botocore.exceptions
import pytest

from tests.sim.fake_clock import FakeClock
from tui.aws.limits import CLUSTER_READ, SERVICE_MODIFY


def test_a_burst_beyond_the_bucket_is_throttled_until_it_refills(sim_factory, ecs_client):
    clock = FakeClock()
    simulator = sim_factory(throttle=True, clock=clock)
    client = ecs_client(simulator, max_attempts=1)
    for _ in range(CLUSTER_READ.burst):
        client.list_clusters()
    with pytest.raises(client.exceptions.ClientError) as raised:
        client.describe_clusters(clusters=["prod-web"])  # the same cluster-read bucket
    assert raised.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    client.list_services(cluster="prod-web")  # another bucket is still full
    clock.advance(1.0)  # 20 tokens per second
    for _ in range(int(CLUSTER_READ.refill_per_second)):
        client.list_clusters()
    with pytest.raises(botocore.exceptions.ClientError, match="ThrottlingException"):
        client.list_clusters()
    stats = simulator.stats
    assert stats.throttled == {"DescribeClusters": 1, "ListClusters": 1}
    assert stats.calls["ListClusters"] == CLUSTER_READ.burst + 21


def test_botocore_standard_retries_treat_it_as_throttling(sim_factory, ecs_client):
    clock = FakeClock()
    simulator = sim_factory(throttle=True, clock=clock)
    client = ecs_client(simulator, max_attempts=3)
    for _ in range(SERVICE_MODIFY.burst):
        client.update_service(cluster="prod-web", service="search-api", desiredCount=3)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.update_service(cluster="prod-web", service="search-api", desiredCount=3)
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2  # retried as throttling, then gave up
    assert simulator.stats.throttled == {"UpdateService": 3}


def test_throttling_is_off_unless_asked(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    for _ in range(CLUSTER_READ.burst + 5):
        client.list_clusters()
    assert demo_sim.stats.throttled == {}


def test_latency_is_added_to_each_call_and_calls_overlap(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    client.list_clusters()  # connect first
    demo_sim.set_latency(300)
    started = time.monotonic()
    client.list_clusters()
    assert time.monotonic() - started >= 0.3
    demo_sim.set_latency(400)
    clients = [ecs_client(demo_sim) for _ in range(4)]
    threads = [threading.Thread(target=c.list_clusters) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert elapsed >= 0.4
    assert elapsed < 4 * 0.4  # they slept side by side, not one after another


def test_injected_errors_for_one_operation_then_cleared(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    demo_sim.inject_error("DescribeTasks", "AccessDeniedException", count=2)
    for _ in range(2):
        with pytest.raises(client.exceptions.AccessDeniedException, match="not authorized to perform: ecs:DescribeTasks"):
            client.describe_tasks(cluster="prod-web", tasks=["x"])
    assert client.describe_tasks(cluster="prod-web", tasks=["x"])["failures"]
    demo_sim.inject_error("*", "ServerException", "boom", count=None, status=500)
    for call in (client.list_clusters, lambda: client.list_services(cluster="prod-web")):
        with pytest.raises(client.exceptions.ServerException, match="boom"):
            call()
    demo_sim.clear_errors()
    assert client.list_clusters()["clusterArns"]
    assert demo_sim.stats.injected == {"DescribeTasks": 2, "ListClusters": 1, "ListServices": 1}


def test_injected_target_not_connected_reaches_execute_command(demo_sim, ecs_client):
    client = ecs_client(demo_sim, max_attempts=1)
    demo_sim.inject_error("ExecuteCommand", "TargetNotConnectedException")
    with pytest.raises(client.exceptions.TargetNotConnectedException, match="internal error. Try again later."):
        client.execute_command(cluster="prod-web", task="x", command="sh", interactive=True)


def test_stats_count_every_call_and_reset(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    client.list_clusters()
    client.list_services(cluster="prod-web")
    client.list_services(cluster="prod-web")
    stats = demo_sim.stats
    assert stats.calls == {"ListClusters": 1, "ListServices": 2}
    assert stats.total_calls == 3
    demo_sim.reset_stats()
    assert demo_sim.stats.calls == {}


def test_bad_knob_values_are_refused(demo_sim):
    with pytest.raises(ValueError):
        demo_sim.inject_error("ListClusters", "ServerException", count=0)
    with pytest.raises(ValueError):
        demo_sim.set_latency(-1)
