"""ResourceIndex: what the palette finds for a query, in which order, and where each hit leads."""

from __future__ import annotations

import threading

from tui.aws.models import Cluster, Service, Task
from tui.index import ResourceIndex
from tui.navigation import ResourcePath

ACCOUNT = "arn:aws:ecs:eu-west-1:123456789012"


def cluster(name: str, services: int = 2, running: int = 5) -> Cluster:
    return Cluster.from_api(
        {
            "clusterArn": f"{ACCOUNT}:cluster/{name}",
            "clusterName": name,
            "activeServicesCount": services,
            "runningTasksCount": running,
        }
    )


def service(cluster_name: str, name: str) -> Service:
    return Service.from_api(
        {
            "serviceArn": f"{ACCOUNT}:service/{cluster_name}/{name}",
            "serviceName": name,
            "clusterArn": f"{ACCOUNT}:cluster/{cluster_name}",
            "desiredCount": 2,
            "runningCount": 2,
        }
    )


def task(cluster_name: str, task_id: str, containers: list[str], *, service_name: str | None = None, ip: str | None = None) -> Task:
    data: dict = {
        "taskArn": f"{ACCOUNT}:task/{cluster_name}/{task_id}",
        "clusterArn": f"{ACCOUNT}:cluster/{cluster_name}",
        "group": f"service:{service_name}" if service_name else "family:one-off",
        "lastStatus": "RUNNING",
        "containers": [{"name": name} for name in containers],
    }
    if ip:
        data["attachments"] = [{"type": "ElasticNetworkInterface", "details": [{"name": "privateIPv4Address", "value": ip}]}]
    return Task.from_api(data)


def cluster_arn(name: str) -> str:
    return f"{ACCOUNT}:cluster/{name}"


def task_arn(cluster_name: str, task_id: str) -> str:
    return f"{ACCOUNT}:task/{cluster_name}/{task_id}"


WEB_TASK = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
API_TASK = "0a1b99999999999999999999999999aa"
STAGING_TASK = "f0e1d2c3b4a5968778695a4b3c2d1e0f"


def small_index() -> ResourceIndex:
    index = ResourceIndex()
    index.add([cluster("production"), cluster("staging", services=1, running=1)])
    index.add([service("production", "web"), service("production", "checkout-api"), service("staging", "web")])
    index.add(
        [
            task("production", WEB_TASK, ["web", "envoy"], service_name="web", ip="10.0.3.17"),
            task("production", API_TASK, ["checkout-api", "envoy"], service_name="checkout-api", ip="10.0.3.170"),
            task("staging", STAGING_TASK, ["web"], service_name="web", ip="10.1.0.4"),
        ]
    )
    return index


def test_a_cluster_name_leads_to_the_cluster() -> None:
    hits = small_index().search("staging")
    assert hits[0].kind == "cluster"
    assert hits[0].label == "staging"
    assert hits[0].path == ResourcePath(cluster_arn("staging"))
    assert hits[0].detail == "1 service · 1 running"


def test_an_exact_name_finds_every_cluster_service_and_container_of_that_name() -> None:
    hits = small_index().search("WEB")
    assert [(h.kind, h.path) for h in hits] == [
        ("service", ResourcePath(cluster_arn("production"), "web")),
        ("service", ResourcePath(cluster_arn("staging"), "web")),
        ("container", ResourcePath(cluster_arn("production"), "web", task_arn("production", WEB_TASK), "web")),
        ("container", ResourcePath(cluster_arn("staging"), "web", task_arn("staging", STAGING_TASK), "web")),
    ]
    assert all(h.label == "web" for h in hits)


def test_a_task_id_prefix_finds_the_tasks_it_starts() -> None:
    index = small_index()
    hits = index.search("0a1b2")
    assert [(h.kind, h.label) for h in hits] == [("task", WEB_TASK)]
    assert hits[0].path == ResourcePath(cluster_arn("production"), "web", task_arn("production", WEB_TASK))
    assert hits[0].detail == "production/web · RUNNING · 10.0.3.17"
    assert {h.label for h in index.search("0a1b")} == {WEB_TASK, API_TASK}


def test_a_full_task_arn_finds_its_task() -> None:
    hits = small_index().search(task_arn("staging", STAGING_TASK))
    assert [h.path.task_arn for h in hits] == [task_arn("staging", STAGING_TASK)]


def test_a_private_ip_prefix_finds_tasks_by_address() -> None:
    index = small_index()
    assert [h.label for h in index.search("10.0.3.17")] == ["10.0.3.17", "10.0.3.170"]
    hit = index.search("10.1")[0]
    assert hit.kind == "task"
    assert hit.path.task_arn == task_arn("staging", STAGING_TASK)
    assert hit.detail == f"task {STAGING_TASK[:12]} · staging/web · RUNNING"


def test_names_match_by_prefix_then_substring_then_fuzzily() -> None:
    index = small_index()
    assert [h.label for h in index.search("check")] == ["checkout-api", "checkout-api"]
    assert [h.kind for h in index.search("check")] == ["service", "container"]
    assert [h.label for h in index.search("out-a")] == ["checkout-api", "checkout-api"]
    assert [h.label for h in index.search("chkapi")] == ["checkout-api", "checkout-api"]
    assert [h.label for h in index.search("prd")] == ["production"]
    scores = [h.score for h in index.search("o")]
    assert scores == sorted(scores, reverse=True)


def test_better_matches_come_first() -> None:
    index = ResourceIndex()
    index.add([cluster("api-fuzzy-x"), cluster("my-api"), cluster("apiary"), cluster("api")])
    assert [h.label for h in index.search("api")] == ["api", "apiary", "api-fuzzy-x", "my-api"]
    assert [h.label for h in index.search("ai")] == ["api", "apiary", "my-api", "api-fuzzy-x"]


def test_a_name_shared_by_many_containers_does_not_crowd_out_the_others() -> None:
    index = ResourceIndex()
    index.add([task("big", f"{n:032x}", ["sidecar-proxy"], service_name="app") for n in range(100)])
    index.add([task("big", f"{1000 + n:032x}", ["sidecar-logger"], service_name="app") for n in range(3)])
    hits = index.search("sidecar", limit=10)
    assert len(hits) == 10
    assert [h.label for h in hits[:2]] == ["sidecar-proxy", "sidecar-logger"]
    assert len(index.search("sidecar-proxy", limit=500)) == 100


def test_limit_and_blank_queries() -> None:
    index = small_index()
    assert index.search("   ") == []
    assert index.search("e", limit=0) == []
    assert len(index.search("e", limit=2)) == 2
    assert index.search("nothing-like-this") == []


def test_adding_a_task_again_updates_it_without_duplicates() -> None:
    index = ResourceIndex()
    index.add([task("production", WEB_TASK, ["web"], service_name="web")])
    assert index.search("10.0") == []
    index.add([task("production", WEB_TASK, ["web"], service_name="web", ip="10.0.9.9")])
    index.add([task("production", WEB_TASK, ["web"], service_name="web", ip="10.0.7.7")])
    assert [h.label for h in index.search("10.0")] == ["10.0.7.7"]
    assert len(index.search(WEB_TASK[:6])) == 1
    assert len(index.search("web")) == 1


def test_one_off_tasks_have_no_service_in_their_path() -> None:
    index = ResourceIndex()
    index.add([task("production", WEB_TASK, ["db-migrate"])])
    hit = index.search("db-migrate")[0]
    assert hit.path == ResourcePath(cluster_arn("production"), None, task_arn("production", WEB_TASK), "db-migrate")
    assert hit.detail == f"in task {WEB_TASK[:12]} · production"


def test_clusters_lists_every_cluster_by_name() -> None:
    index = small_index()
    assert [h.label for h in index.clusters()] == ["production", "staging"]


def test_adding_while_searching_from_other_threads() -> None:
    index = ResourceIndex()
    errors: list[BaseException] = []

    def add(start: int) -> None:
        try:
            for batch in range(start, start + 2000, 50):
                index.add(
                    task("big", f"{n:032x}", ["app"], service_name="svc", ip=f"10.0.{n // 256}.{n % 256}")
                    for n in range(batch, batch + 50)
                )
        except BaseException as exc:
            errors.append(exc)

    adders = [threading.Thread(target=add, args=(start,)) for start in (0, 2000, 4000)]
    for thread in adders:
        thread.start()
    while any(thread.is_alive() for thread in adders):
        index.search("10.0.1")
        index.search("000")
    for thread in adders:
        thread.join()
    assert errors == []
    assert len(index.search("app", limit=10_000)) == 6000
    assert [h.label for h in index.search(f"{4321:032x}")] == [f"{4321:032x}"]
