"""Fixtures shared by every test: an environment that never sees the developer's AWS setup."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Hide every AWS_* variable and point the config files at empty ones in tmp_path.

    Returns the folder holding ``config`` and ``credentials`` so a test can write profiles.
    """
    import os

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    aws_dir = tmp_path / "aws-home"
    aws_dir.mkdir()
    (aws_dir / "config").write_text("")
    (aws_dir / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # ecs-tui's own settings file: never the developer's.
    monkeypatch.setenv("ECS_TUI_CONFIG", str(tmp_path / "ecs-tui.toml"))
    return aws_dir


# -- the local ECS simulator ------------------------------------------------------------------

from typing import Any, Callable, Iterator  # noqa: E402

from tui.sim import SimConfig, Simulator  # noqa: E402


@pytest.fixture
def sim_factory() -> Iterator[Callable[..., Simulator]]:
    """Call with SimConfig fields; returns a started Simulator, stopped at teardown."""
    started: list[Simulator] = []

    def make(**config: Any) -> Simulator:
        simulator = Simulator(SimConfig(**config))
        simulator.start()
        started.append(simulator)
        return simulator

    yield make
    for simulator in started:
        simulator.stop()


@pytest.fixture
def demo_sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    """A started simulator serving the demo world."""
    return sim_factory()


def make_ecs_client(simulator: Simulator, *, max_attempts: int | None = None) -> Any:
    """A boto3 ECS client for ``simulator`` with dummy credentials in us-east-1.

    ``max_attempts`` sets botocore's total attempts (standard retry mode); default: botocore's.
    """
    import boto3
    from botocore.config import Config

    retries: dict[str, Any] = {"mode": "standard"}
    if max_attempts is not None:
        retries["total_max_attempts"] = max_attempts
    return boto3.session.Session().client(
        "ecs",
        endpoint_url=simulator.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="sim",
        aws_secret_access_key="sim",
        config=Config(retries=retries),
    )


@pytest.fixture
def ecs_client() -> Callable[..., Any]:
    """``ecs_client(sim, max_attempts=None)`` → a boto3 ECS client for that simulator."""
    return make_ecs_client
