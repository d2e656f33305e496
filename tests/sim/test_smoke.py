"""The simulator serves boto3 over loopback, with keep-alive, and stops cleanly."""

from __future__ import annotations


def test_boto3_lists_the_demo_clusters(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    arns = client.list_clusters()["clusterArns"]
    assert "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web" in arns
    assert demo_sim.endpoint_url.startswith("http://127.0.0.1:")


def test_stop_is_idempotent(sim_factory):
    simulator = sim_factory()
    simulator.stop()
    simulator.stop()
