"""Worlds are the same for the same seed and hold the cases the app must show."""

from __future__ import annotations

from tests.sim.fake_clock import FakeClock
from tui.sim import SimConfig, Simulator


def _inventory(simulator: Simulator) -> list[tuple[str, str, str | None]]:
    return [(t.cluster, t.task_id, t.service) for c in simulator.world.clusters.values() for t in c.task_list]


def test_the_same_seed_builds_the_same_world():
    first = Simulator(SimConfig(clock=FakeClock()))
    second = Simulator(SimConfig(clock=FakeClock()))
    other = Simulator(SimConfig(clock=FakeClock(), seed=8))
    assert _inventory(first) == _inventory(second)
    assert [t[1] for t in _inventory(first)] != [t[1] for t in _inventory(other)]
    scale = [Simulator(SimConfig(world="scale", scale_services=7, scale_tasks=50, clock=FakeClock())) for _ in range(2)]
    assert _inventory(scale[0]) == _inventory(scale[1])


def test_the_demo_world_is_company_sized_and_varied(demo_sim, ecs_client):
    client = ecs_client(demo_sim)
    clusters = client.describe_clusters(clusters=client.list_clusters()["clusterArns"], include=["STATISTICS"])["clusters"]
    assert 20 < sum(c["runningTasksCount"] + c["pendingTasksCount"] for c in clusters) < 300
    assert sum(c["registeredContainerInstancesCount"] for c in clusters) == 9
    stats: dict[str, int] = {}
    for cluster in clusters:
        for item in cluster["statistics"]:
            stats[item["name"]] = stats.get(item["name"], 0) + int(item["value"])
    assert stats["runningEC2TasksCount"] > 0 and stats["RunningFargateTasksCount"] > 0
    instances = client.describe_container_instances(
        cluster="prod-payments", containerInstances=client.list_container_instances(cluster="prod-payments")["containerInstanceArns"]
    )["containerInstances"]
    assert {i["agentConnected"] for i in instances} == {True, False}
    assert min(tuple(map(int, i["versionInfo"]["agentVersion"].split("."))) for i in instances) < (1, 50, 2)
    runtime_ids = [
        c["runtimeId"]
        for cluster in ("prod-web", "prod-payments")
        for t in client.describe_tasks(cluster=cluster, tasks=client.list_tasks(cluster=cluster)["taskArns"])["tasks"]
        for c in t["containers"]
    ]
    assert any(len(r) == 64 for r in runtime_ids) and any("-" in r for r in runtime_ids)
    health = {t["healthStatus"] for t in client.describe_tasks(cluster="prod-web", tasks=client.list_tasks(cluster="prod-web")["taskArns"])["tasks"]}
    assert health == {"HEALTHY", "UNHEALTHY", "UNKNOWN"}
