"""The streaming reader against a local ECS stand-in with real pagination and batch limits."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.aws.conftest import CallRecorder, local_ecs_client, wait_for
from tests.aws.standin import StandIn
from tui.aws import limits
from tui.aws.models import ListPage
from tui.aws.pacing import Pacer
from tui.aws.pipeline import THREAD_NAME_PREFIX
from tui.aws.reader import EcsReader


def reader_for(standin: StandIn, pacer: Pacer | None = None) -> tuple[EcsReader, CallRecorder]:
    client = local_ecs_client(standin.start())
    return EcsReader(client, pacer=pacer), CallRecorder(client)


def read_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME_PREFIX)]


def test_lists_every_task_beyond_a_hundred_within_batch_limits(standin: StandIn) -> None:
    standin.add_cluster("big", services=7, tasks_per_service=50)  # 350 tasks: 4 pages
    reader, calls = reader_for(standin)
    batches = list(reader.iter_tasks("big"))
    arns = [task.arn for batch in batches for task in batch]
    assert len(arns) == len(set(arns)) == 350
    assert calls.count("ListTasks") == 4
    assert all(body["maxResults"] == 100 for body in calls.bodies["ListTasks"])
    assert [b.get("nextToken") for b in calls.bodies["ListTasks"]] == [None, "tok-100", "tok-200", "tok-300"]
    assert max(calls.sizes("DescribeTasks", "tasks")) <= limits.DESCRIBE_TASKS_BATCH
    assert sum(calls.sizes("DescribeTasks", "tasks")) == 350
    assert sorted(len(batch) for batch in batches) == [50, 100, 100, 100]


def test_services_ask_for_pages_of_a_hundred_and_describe_by_ten(standin: StandIn) -> None:
    standin.add_cluster("c", services=235)
    reader, calls = reader_for(standin)
    services = [s for batch in reader.iter_services("c") for s in batch]
    assert sorted(s.name for s in services) == [f"svc-{i:04d}" for i in range(235)]
    assert calls.count("ListServices") == 3
    assert all(body["maxResults"] == 100 for body in calls.bodies["ListServices"])
    sizes = calls.sizes("DescribeServices", "services")
    assert max(sizes) <= limits.DESCRIBE_SERVICES_BATCH and sum(sizes) == 235 and len(sizes) == 24


def test_clusters_beyond_a_hundred_and_from_a_first_page(standin: StandIn) -> None:
    for index in range(230):
        standin.add_cluster(f"c{index:03d}")
    reader, calls = reader_for(standin)
    names = sorted(c.name for batch in reader.iter_clusters() for c in batch)
    assert names == [f"c{i:03d}" for i in range(230)]
    assert max(calls.sizes("DescribeClusters", "clusters")) <= limits.DESCRIBE_CLUSTERS_BATCH
    assert calls.bodies["DescribeClusters"][0]["include"] == ["CONFIGURATIONS", "SETTINGS", "STATISTICS"]

    first = ListPage(arns=tuple(f"arn:aws:ecs:us-east-1:123456789012:cluster/c{i:03d}" for i in range(100)), next_token="tok-100")
    before = calls.count("ListClusters")
    again = sorted(c.name for batch in reader.iter_clusters(start=first) for c in batch)
    assert again == names
    assert calls.count("ListClusters") - before == 2  # the first page was not fetched again


def test_container_instances(standin: StandIn) -> None:
    standin.add_cluster("ec2", instances=130)
    reader, calls = reader_for(standin)
    instances = [i for batch in reader.iter_container_instances("ec2") for i in batch]
    assert len({i.arn for i in instances}) == 130 and all(i.agent_connected for i in instances)
    assert max(calls.sizes("DescribeContainerInstances", "containerInstances")) <= 100


def test_running_tasks_of_one_service_use_the_service_filter(standin: StandIn) -> None:
    standin.add_cluster("c", services=3, tasks_per_service=120, standalone_tasks=5)
    reader, calls = reader_for(standin)
    tasks = [t for batch in reader.iter_tasks("c", service="svc-0001") for t in batch]
    assert len(tasks) == 120 and {t.service_name for t in tasks} == {"svc-0001"}
    assert {b.get("serviceName") for b in calls.bodies["ListTasks"]} == {"svc-0001"}


def test_stopped_tasks_of_one_service_are_listed_cluster_wide_and_kept_by_group(standin: StandIn) -> None:
    standin.add_cluster("c", services=3, tasks_per_service=10, stopped_per_service=70)
    reader, calls = reader_for(standin)
    service_arn = "arn:aws:ecs:us-east-1:123456789012:service/c/svc-0002"
    stopped = [t for batch in reader.iter_tasks("c", service=service_arn, desired_status="STOPPED") for t in batch]
    assert len(stopped) == 70
    assert {(t.service_name, t.desired_status) for t in stopped} == {("svc-0002", "STOPPED")}
    assert all("serviceName" not in body for body in calls.bodies["ListTasks"])
    every_stopped = [t for batch in reader.iter_tasks("c", desired_status="STOPPED") for t in batch]
    assert len(every_stopped) == 210


def test_unknown_desired_status_is_refused(standin: StandIn) -> None:
    reader, _ = reader_for(standin)
    with pytest.raises(ValueError, match="RUNNING, STOPPED"):
        reader.iter_tasks("c", desired_status="PENDING")


def test_describe_calls_keep_the_order_asked_and_skip_missing(standin: StandIn) -> None:
    standin.add_cluster("c", services=12, tasks_per_service=20)
    reader, calls = reader_for(standin)
    task_ids = [f"svc-{s:04d}-{t:05d}" for s in reversed(range(12)) for t in range(20)]
    arns = [f"arn:aws:ecs:us-east-1:123456789012:task/c/{task_id}" for task_id in task_ids]
    tasks = reader.describe_tasks("c", [*arns, "arn:aws:ecs:us-east-1:123456789012:task/c/gone"])
    assert [t.arn for t in tasks] == arns
    assert max(calls.sizes("DescribeTasks", "tasks")) <= 100
    names = [f"svc-{i:04d}" for i in (11, 3, 7, 0, 5, 9, 1, 2, 4, 6, 8, 10)]
    assert [s.name for s in reader.describe_services("c", names)] == names
    assert calls.sizes("DescribeServices", "services") == [10, 2]
    assert [c.name for c in reader.describe_clusters(["c", "nope"])] == ["c"]


def test_first_batch_arrives_while_the_listing_goes_on(standin: StandIn) -> None:
    standin.add_cluster("big", services=5, tasks_per_service=100)
    second_page = standin.gate("ListTasks", 2)  # the listing cannot end until this is released
    reader, _ = reader_for(standin)
    batches = reader.iter_tasks("big")
    first = next(batches)
    assert len(first) == 100
    assert not second_page.is_set() and standin.calls["DescribeTasks"] == 1
    second_page.set()
    assert sum(len(b) for b in batches) == 400


def test_closing_a_listing_stops_further_calls_and_its_threads(standin: StandIn) -> None:
    standin.add_cluster("big", services=10, tasks_per_service=100)
    second_page = standin.gate("ListTasks", 2)
    reader, _ = reader_for(standin)
    batches = reader.iter_tasks("big")
    next(batches)
    batches.close()  # the user navigated away while page 2 is in flight
    second_page.set()
    assert wait_for(lambda: not read_threads())
    assert standin.calls["ListTasks"] <= 2  # nothing after the page in flight
    assert standin.calls["DescribeTasks"] == 1


def test_breaking_out_of_a_loop_also_cleans_up(standin: StandIn) -> None:
    standin.add_cluster("big", services=10, tasks_per_service=100)
    third_page = standin.gate("ListTasks", 3)
    reader, _ = reader_for(standin)
    for batch in reader.iter_tasks("big"):
        assert batch
        break
    third_page.set()
    assert wait_for(lambda: not read_threads())
    assert standin.calls["ListTasks"] <= 3  # at most the page in flight; the listing had 10


def test_errors_reach_the_caller_as_botocore_errors(standin: StandIn) -> None:
    reader, _ = reader_for(standin)
    with pytest.raises(Exception) as caught:
        list(reader.iter_services("missing"))
    assert type(caught.value).__name__ == "ClusterNotFoundException"
    assert wait_for(lambda: not read_threads())


def test_a_failed_describe_mid_listing_is_raised(standin: StandIn) -> None:
    standin.add_cluster("big", services=3, tasks_per_service=100)
    standin.inject_error("DescribeTasks", "AccessDeniedException", "User: x is not authorized to perform: ecs:DescribeTasks")
    reader, _ = reader_for(standin)
    with pytest.raises(Exception, match="not authorized"):
        list(reader.iter_tasks("big"))


def test_a_repeated_next_token_ends_in_an_error_not_a_loop(standin: StandIn) -> None:
    standin.add_cluster("c", services=1, tasks_per_service=300)
    standin._op_ListTasks = lambda body: {"taskArns": [], "nextToken": "same"}  # type: ignore[method-assign]
    reader, _ = reader_for(standin)
    with pytest.raises(Exception, match="same nextToken"):
        list(reader.iter_tasks("c"))


def test_several_threads_share_one_reader(standin: StandIn) -> None:
    standin.add_cluster("a", services=4, tasks_per_service=60)
    standin.add_cluster("b", services=25)
    reader, _ = reader_for(standin)

    def count_tasks() -> int:
        return sum(len(batch) for batch in reader.iter_tasks("a"))

    def count_services() -> int:
        return sum(len(batch) for batch in reader.iter_services("b"))

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(count_tasks) for _ in range(3)] + [pool.submit(count_services) for _ in range(3)]
        assert [f.result() for f in futures] == [240] * 3 + [25] * 3
    assert reader.stats.calls["ListTasks"] == 9


def test_task_definitions(standin: StandIn) -> None:
    pages = [
        {"taskDefinitionArns": [f"arn:aws:ecs:us-east-1:1:task-definition/web:{n}" for n in range(150, 50, -1)], "nextToken": "t2"},
        {"taskDefinitionArns": [f"arn:aws:ecs:us-east-1:1:task-definition/web:{n}" for n in range(50, 0, -1)]},
    ]
    standin._op_ListTaskDefinitions = lambda body: pages[1 if body.get("nextToken") else 0]  # type: ignore[attr-defined]
    standin._op_DescribeTaskDefinition = lambda body: {  # type: ignore[attr-defined]
        "taskDefinition": {"taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:150", "family": "web", "revision": 150}
    }
    reader, calls = reader_for(standin)
    arns = reader.list_task_definitions("web")
    assert len(arns) == 150 and arns[0].endswith(":150")
    assert calls.bodies["ListTaskDefinitions"][0] == {"familyPrefix": "web", "sort": "DESC", "status": "ACTIVE", "maxResults": 100}
    definition = reader.describe_task_definition("web")
    assert (definition.family, definition.revision) == ("web", 150)
