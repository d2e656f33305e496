"""Fixtures of the data-layer tests: an ECS stand-in, a moto server, clients bound to either."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.aws.standin import StandIn
from tui.aws.clients import client_config

TEST_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def local_ecs_client(endpoint_url: str, config: Config | None = None) -> Any:
    """A low-level ECS client for a local endpoint, configured as the app configures its own."""
    return boto3.Session(region_name="us-east-1", **TEST_CREDENTIALS).client(
        "ecs", endpoint_url=endpoint_url, config=config or client_config()
    )


class CallRecorder:
    """Records every ECS request a client sends, through botocore's before-call hook."""

    def __init__(self, client: Any) -> None:
        self.bodies: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._lock = threading.Lock()
        client.meta.events.register("before-call.ecs", self._record)

    def _record(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        body = params.get("body") or b"{}"
        with self._lock:
            self.bodies[model.name].append(json.loads(body))

    def sizes(self, operation: str, key: str) -> list[int]:
        return [len(body.get(key, [])) for body in self.bodies[operation]]

    def count(self, operation: str) -> int:
        return len(self.bodies[operation])


@pytest.fixture
def standin() -> Iterator[StandIn]:
    server = StandIn()
    yield server
    server.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes; returns whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One moto server for the session, with tasks kept RUNNING (moto advances them on each describe)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    request = urllib.request.Request(
        f"{url}/moto-api/state-manager/set-transition",
        data=json.dumps({"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1_000_000}}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
    yield url
    server.stop()
