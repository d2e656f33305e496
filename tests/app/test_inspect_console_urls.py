"""Console links and copied identifiers for every kind of resource, in every partition."""

from __future__ import annotations

import pytest

from tui.aws.console_urls import ConsoleUrlError, console_host, console_url, copy_arn, copy_id
from tui.aws.models import Cluster, Service, Task, TaskDefinition

ACCOUNT = "123456789012"


def arn(region: str, resource: str, partition: str = "aws") -> str:
    return f"arn:{partition}:ecs:{region}:{ACCOUNT}:{resource}"


def cluster(name: str = "prod-web", region: str = "us-east-1") -> Cluster:
    return Cluster.from_api({"clusterArn": arn(region, f"cluster/{name}"), "clusterName": name})


def service(name: str = "checkout-api", cluster_name: str = "prod-web", region: str = "us-east-1") -> Service:
    return Service.from_api(
        {
            "serviceArn": arn(region, f"service/{cluster_name}/{name}"),
            "serviceName": name,
            "clusterArn": arn(region, f"cluster/{cluster_name}"),
        }
    )


def task(group: str = "service:checkout-api", cluster_name: str = "prod-web", region: str = "us-east-1") -> Task:
    task_id = "0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b"
    return Task.from_api(
        {
            "taskArn": arn(region, f"task/{cluster_name}/{task_id}"),
            "clusterArn": arn(region, f"cluster/{cluster_name}"),
            "taskDefinitionArn": arn(region, "task-definition/checkout-api:42"),
            "group": group,
            "containers": [
                {"name": "app", "containerArn": arn(region, f"container/{cluster_name}/{task_id}/9d1c")},
                {"name": "envoy proxy", "containerArn": arn(region, f"container/{cluster_name}/{task_id}/77aa")},
            ],
        }
    )


def task_definition(family: str = "checkout-api", revision: int | None = 42) -> TaskDefinition:
    suffix = f":{revision}" if revision is not None else ""
    data: dict[str, object] = {"taskDefinitionArn": arn("us-east-1", f"task-definition/{family}{suffix}")}
    data["family"] = family
    if revision is not None:
        data["revision"] = revision
    return TaskDefinition.from_api(data)


# -- console hosts per partition -----------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "host"),
    [
        ("us-east-1", "https://us-east-1.console.aws.amazon.com"),
        ("eu-west-1", "https://eu-west-1.console.aws.amazon.com"),
        ("ap-southeast-5", "https://ap-southeast-5.console.aws.amazon.com"),
        ("cn-north-1", "https://console.amazonaws.cn"),
        ("cn-northwest-1", "https://console.amazonaws.cn"),
        ("us-gov-west-1", "https://console.amazonaws-us-gov.com"),
        ("us-gov-east-1", "https://console.amazonaws-us-gov.com"),
    ],
)
def test_console_host_follows_the_partition(region: str, host: str) -> None:
    assert console_host(region) == host


ISOLATED_REGIONS = ["us-iso-east-1", "us-isob-east-1", "us-isof-south-1", "eu-isoe-west-1", "eusc-de-east-1"]


@pytest.mark.parametrize("region", ISOLATED_REGIONS)
def test_partitions_without_a_public_console_give_one_clear_message(region: str) -> None:
    with pytest.raises(ConsoleUrlError, match=f"Region {region}: its console address is not public"):
        console_url(cluster(region=region), region)


@pytest.mark.parametrize("region", ["", "US-EAST-1", "us-east-1/../x", "localhost", "us east 1"])
def test_a_region_that_is_not_one_is_refused(region: str) -> None:
    with pytest.raises(ConsoleUrlError, match="is not an AWS Region name"):
        console_url(cluster(), region)


# -- one URL form per resource ----------------------------------------------------------------


def test_cluster_url() -> None:
    assert console_url(cluster(), "us-east-1") == (
        "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web?region=us-east-1"
    )


def test_service_url_in_china() -> None:
    assert console_url(service(region="cn-north-1"), "cn-north-1") == (
        "https://console.amazonaws.cn/ecs/v2/clusters/prod-web/services/checkout-api?region=cn-north-1"
    )


def test_task_of_a_service_opens_under_its_service_in_govcloud() -> None:
    assert console_url(task(region="us-gov-west-1"), "us-gov-west-1") == (
        "https://console.amazonaws-us-gov.com/ecs/v2/clusters/prod-web/services/checkout-api"
        "/tasks/0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b?region=us-gov-west-1"
    )


@pytest.mark.parametrize("group", ["family:nightly-report", "", "service:"])
def test_a_task_not_started_by_a_service_opens_under_its_cluster(group: str) -> None:
    assert console_url(task(group=group), "eu-west-1") == (
        "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-web"
        "/tasks/0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b/configuration?region=eu-west-1"
    )


def test_container_links_to_its_task_with_the_container_selected() -> None:
    parent = task()
    url = console_url(parent.containers[1], "us-east-1", task=parent)
    assert url == (
        "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web/services/checkout-api"
        "/tasks/0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b?region=us-east-1&selectedContainer=envoy%20proxy"
    )


def test_container_without_its_task_is_refused() -> None:
    with pytest.raises(ConsoleUrlError, match="container 'app'.*task is not known"):
        console_url(task().containers[0], "us-east-1")


def test_task_definition_url_names_family_and_revision() -> None:
    assert console_url(task_definition(), "us-east-1") == (
        "https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/checkout-api/42/containers?region=us-east-1"
    )


def test_task_definition_without_a_revision_opens_its_family() -> None:
    assert console_url(task_definition(revision=None), "us-east-1") == (
        "https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/checkout-api?region=us-east-1"
    )


def test_names_are_url_quoted() -> None:
    # Service names allow only [A-Za-z0-9_-], but whatever arrives must not break the URL.
    odd = service(name="a/b?c#d e", cluster_name="x&y")
    assert console_url(odd, "us-east-1") == (
        "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/x%26y/services/a%2Fb%3Fc%23d%20e?region=us-east-1"
    )


def test_a_resource_missing_its_identifiers_is_refused() -> None:
    with pytest.raises(ConsoleUrlError, match="the cluster of the service is missing"):
        console_url(Service.from_api({"serviceName": "orphan"}), "us-east-1")


def test_an_unsupported_object_is_refused() -> None:
    with pytest.raises(ConsoleUrlError, match="No console link for a dict"):
        console_url({"clusterName": "x"}, "us-east-1")  # type: ignore[arg-type]


# -- what c and C copy ----------------------------------------------------------------------


def test_copy_id_is_the_short_name_people_type() -> None:
    parent = task()
    assert copy_id(cluster()) == "prod-web"
    assert copy_id(service()) == "checkout-api"
    assert copy_id(parent) == "0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b"
    assert copy_id(parent.containers[1]) == "envoy proxy"
    assert copy_id(task_definition()) == "checkout-api:42"
    assert copy_id(task_definition(revision=None)) == "checkout-api"


def test_copy_arn_is_the_full_arn() -> None:
    parent = task()
    assert copy_arn(cluster()) == "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web"
    assert copy_arn(service()) == "arn:aws:ecs:us-east-1:123456789012:service/prod-web/checkout-api"
    assert copy_arn(parent) == "arn:aws:ecs:us-east-1:123456789012:task/prod-web/0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b"
    assert copy_arn(parent.containers[0]) == (
        "arn:aws:ecs:us-east-1:123456789012:container/prod-web/0f3b9c2e8a4d4e6f9a1b2c3d4e5f6a7b/9d1c"
    )
    assert copy_arn(task_definition()) == "arn:aws:ecs:us-east-1:123456789012:task-definition/checkout-api:42"
