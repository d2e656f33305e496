"""The demo world's exec cases, found through boto3 against a running simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import make_ecs_client
from tui.aws.actions import EcsActions
from tui.aws.models import Task
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings
from tui.sim import Simulator


class DemoWorld:
    """Readers, actions and task lookups over one demo simulator."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator
        self.ecs = make_ecs_client(simulator, max_attempts=1)
        self.reader = EcsReader(self.ecs)
        self.actions = EcsActions(self.ecs)
        self.settings = ConnectionSettings(
            profile=None, region="us-east-1", endpoint_url=simulator.endpoint_url, region_source="test"
        )

    def tasks(self, cluster: str, **filters: Any) -> list[Task]:
        arns = self.ecs.list_tasks(cluster=cluster, **filters)["taskArns"]
        return self.reader.describe_tasks(cluster, arns)

    def task(self, cluster: str, where: Callable[[Task], bool], **filters: Any) -> Task:
        return next(t for t in self.tasks(cluster, **filters) if where(t))

    def service_task(self, cluster: str, service: str, where: Callable[[Task], bool] = lambda t: True) -> Task:
        return self.task(cluster, where, serviceName=service)


@pytest.fixture
def demo(demo_sim: Simulator) -> DemoWorld:
    return DemoWorld(demo_sim)


@pytest.fixture
def frozen_demo(sim_factory: Callable[..., Simulator]) -> DemoWorld:
    """The demo world on a clock that stands still, so what it shows is the same every run."""
    from tests.app.helpers import FIXED_NOW

    frozen = FIXED_NOW.timestamp()
    return DemoWorld(sim_factory(world="demo", clock=lambda: frozen))
