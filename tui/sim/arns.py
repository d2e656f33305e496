"""Amazon Resource Names of ECS resources in one account and Region."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Arns:
    region: str
    account_id: str

    @property
    def prefix(self) -> str:
        return f"arn:aws:ecs:{self.region}:{self.account_id}:"

    def cluster(self, name: str) -> str:
        return f"{self.prefix}cluster/{name}"

    def service(self, cluster: str, name: str) -> str:
        return f"{self.prefix}service/{cluster}/{name}"

    def task(self, cluster: str, task_id: str) -> str:
        return f"{self.prefix}task/{cluster}/{task_id}"

    def container(self, cluster: str, task_id: str, container_uuid: str) -> str:
        return f"{self.prefix}container/{cluster}/{task_id}/{container_uuid}"

    def container_instance(self, cluster: str, instance_id: str) -> str:
        return f"{self.prefix}container-instance/{cluster}/{instance_id}"

    def task_definition(self, family: str, revision: int) -> str:
        return f"{self.prefix}task-definition/{family}:{revision}"

    def role(self, name: str) -> str:
        return f"arn:aws:iam::{self.account_id}:role/{name}"

    def target_group(self, name: str, suffix: str) -> str:
        return f"arn:aws:elasticloadbalancing:{self.region}:{self.account_id}:targetgroup/{name}/{suffix}"

    def owns(self, arn: str) -> bool:
        return arn.startswith(self.prefix)


def is_arn(reference: str) -> bool:
    return reference.startswith("arn:")


def resource_path(arn: str) -> list[str]:
    """The parts after the resource type: ``task/c/id`` gives ``["c", "id"]``."""
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    return resource.split("/")[1:]


def resource_type(arn: str) -> str:
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    return resource.split("/", 1)[0]
