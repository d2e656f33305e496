"""find_anywhere against the demo world: every answer is checked against a plain walk of the account."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.aws.conftest import CallRecorder
from tui.aws.models import Task
from tui.aws.search import Match, SearchProgress, SearchQuery, find_anywhere
from tui.navigation import ResourcePath
from tui.startup import Connection, connect


@pytest.fixture
def demo() -> Iterator[Connection]:
    connection = connect(demo=True)
    yield connection
    connection.close()


def all_tasks(ecs: Any, desired_status: str = "RUNNING") -> list[Task]:
    """Every task of the account, read with plain boto3 calls (the ground truth)."""
    tasks: list[Task] = []
    for cluster_arn in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_tasks(cluster=cluster_arn, desiredStatus=desired_status, maxResults=100)["taskArns"]
        if arns:
            tasks += [Task.from_api(t) for t in ecs.describe_tasks(cluster=cluster_arn, tasks=arns)["tasks"]]
    return tasks


def found(connection: Connection, query: str, **options: Any) -> list[Match]:
    return [match for batch in find_anywhere(connection.reader, query, **options) for match in batch]


def test_a_task_id_prefix_finds_exactly_the_tasks_it_starts(demo: Connection) -> None:
    tasks = all_tasks(demo.clients.ecs)
    target = next(t for t in tasks if t.cluster_name == "data-pipeline")
    prefix = target.task_id[:5]
    expected = {t.arn for t in tasks if t.task_id.startswith(prefix)}

    matches = found(demo, prefix.upper())

    assert {m.task.arn for m in matches if m.container is None} == expected
    match = next(m for m in matches if m.task.arn == target.arn)
    assert match.path == ResourcePath(target.cluster_arn, target.service_name, target.arn)
    assert match.why == f"task id starts with {prefix}"


def test_a_container_name_is_found_in_every_cluster(demo: Connection) -> None:
    tasks = all_tasks(demo.clients.ecs)
    expected = {(t.cluster_arn, t.arn, "envoy") for t in tasks for c in t.containers if c.name == "envoy"}

    matches = found(demo, "envoy")

    assert {(m.path.cluster_arn, m.path.task_arn, m.path.container_name) for m in matches} == expected
    assert len({m.task.cluster_name for m in matches}) >= 2
    assert all(m.container is not None and m.container.name == "envoy" and m.why == "container envoy" for m in matches)
    assert all(m.path.service_name == m.task.service_name for m in matches)


def test_part_of_a_container_name_finds_every_container_containing_it(demo: Connection) -> None:
    tasks = all_tasks(demo.clients.ecs)
    expected = {(t.arn, c.name) for t in tasks for c in t.containers if "log" in c.name}
    assert len({name for _, name in expected}) >= 2

    matches = found(demo, "Log")

    assert {(m.task.arn, m.path.container_name) for m in matches} == expected


def test_a_private_ip_finds_its_task_and_a_partial_one_its_subnet(demo: Connection) -> None:
    tasks = all_tasks(demo.clients.ecs)
    addressed = [t for t in tasks if t.private_ip]
    target = addressed[len(addressed) // 2]
    address = target.private_ip
    assert address is not None

    matches = found(demo, f" {address} ")
    assert [(m.task.arn, m.container, m.why) for m in matches] == [(target.arn, None, f"private IP {address}")]

    subnet = address.rpartition(".")[0] + "."
    expected = {t.arn for t in tasks if t.private_ip and t.private_ip.startswith(subnet)}
    assert len(expected) >= 2
    assert {m.task.arn for m in found(demo, subnet)} == expected


def test_a_full_task_id_is_described_on_each_cluster_without_listing(demo: Connection) -> None:
    stopped = all_tasks(demo.clients.ecs, "STOPPED")
    assert stopped, "the demo world has stopped tasks"
    target = stopped[0]
    recorder = CallRecorder(demo.clients.ecs)

    matches = found(demo, target.task_id)

    assert [(m.task.arn, m.why) for m in matches] == [(target.arn, "task id")]
    assert matches[0].task.last_status == "STOPPED"
    assert recorder.count("ListTasks") == 0
    assert recorder.sizes("DescribeTasks", "tasks") == [1] * recorder.count("DescribeTasks")


def test_a_task_arn_asks_only_its_own_cluster(demo: Connection) -> None:
    target = all_tasks(demo.clients.ecs)[-1]
    recorder = CallRecorder(demo.clients.ecs)

    matches = found(demo, target.arn)

    assert [m.task.arn for m in matches] == [target.arn]
    assert recorder.count("ListClusters") == 0
    assert [body["cluster"] for body in recorder.bodies["DescribeTasks"]] == [target.cluster_arn]


def test_clusters_without_tasks_are_not_listed_and_progress_counts_them(demo: Connection) -> None:
    ecs = demo.clients.ecs
    clusters = ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"]
    busy = {c["clusterArn"] for c in clusters if c["runningTasksCount"] or c["pendingTasksCount"]}
    assert 0 < len(busy) < len(clusters)
    recorder = CallRecorder(ecs)
    steps: list[SearchProgress] = []

    found(demo, "no-container-is-called-this", progress=steps.append)

    assert {body["cluster"] for body in recorder.bodies["ListTasks"]} == busy
    assert steps[0] == SearchProgress(len(clusters) - len(busy), len(clusters), 0)
    assert steps[-1] == SearchProgress(len(clusters), len(clusters), len(all_tasks(ecs)))
    assert [s.clusters_searched for s in steps] == sorted(s.clusters_searched for s in steps)


def test_an_aws_error_ends_the_search_with_that_error(demo: Connection) -> None:
    assert demo.simulator is not None
    demo.simulator.inject_error("ListTasks", "AccessDeniedException", "not allowed to list tasks", count=None)
    with pytest.raises(ClientError, match="not allowed to list tasks"):
        found(demo, "envoy")


def test_cancelling_ends_a_search_before_it_has_read_every_cluster(demo: Connection) -> None:
    assert demo.simulator is not None
    demo.simulator.set_latency(300)  # each cluster needs a ListTasks and a DescribeTasks: 0.6 s at least
    cancel = threading.Event()
    steps: list[SearchProgress] = []
    outcome: list[BaseException] = []

    def cancel_once_listed(step: SearchProgress) -> None:
        steps.append(step)
        cancel.set()

    def run() -> None:
        try:
            for _ in find_anywhere(demo.reader, "envoy", progress=cancel_once_listed, cancel=cancel):
                pass
        except BaseException as exc:
            outcome.append(exc)

    searcher = threading.Thread(target=run)
    searcher.start()
    searcher.join(timeout=60)
    assert not searcher.is_alive()
    assert outcome == []
    assert steps[-1].clusters_searched < steps[-1].clusters_total


@pytest.mark.parametrize(
    ("query", "message"),
    [("   ", "Type a task id, a container name or a private IP"), ("x" * 300, "longer than any task id")],
)
def test_a_query_that_cannot_match_is_refused_with_one_line(demo: Connection, query: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_anywhere(demo.reader, query)


def test_queries_are_read_as_ids_arns_names_or_addresses() -> None:
    full = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    assert SearchQuery.parse(full.upper()) == SearchQuery(full, full_task_id=full)
    arn = f"arn:aws:ecs:eu-west-1:123456789012:task/prod/{full}"
    assert SearchQuery.parse(arn) == SearchQuery(full, full_task_id=full, cluster="prod")
    old_arn = "arn:aws:ecs:eu-west-1:123456789012:task/0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9"
    assert SearchQuery.parse(old_arn) == SearchQuery(
        "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9", full_task_id="0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9"
    )
    assert SearchQuery.parse("Envoy") == SearchQuery("envoy")
    assert SearchQuery.parse("0a1b2c") == SearchQuery("0a1b2c")
