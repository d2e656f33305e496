"""Start-up's head start: a real child process connects while the app loads, and nothing is lost when it cannot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tui import head_start
from tui.aws.errors import AwsSetupError
from tui.head_start import HeadStart
from tui.sim import Simulator
from tui.startup import StartupError, connect, settings_for

REGION = "us-east-1"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example")


@pytest.fixture
def child_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the answer came from connecting in this process rather than from the child."""

    def connected_here(self: HeadStart) -> None:
        raise AssertionError("the child gave no answer; this process connected itself")

    monkeypatch.setattr(HeadStart, "_connect_here", connected_here)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_child_reads_what_connecting_here_reads(demo_sim: Simulator, credentials: None, child_only: None) -> None:
    here = connect(region=REGION, endpoint_url=demo_sim.endpoint_url).first_clusters.result()

    connection = HeadStart(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url).connection()

    assert connection.settings.endpoint_url == demo_sim.endpoint_url
    assert connection.settings.region == REGION
    assert connection.first_clusters.result() == here
    assert [cluster.name for cluster in here.clusters or ()][:2] == ["prod-web", "prod-payments"]


def test_in_a_terminal_the_page_comes_first_then_the_clusters(demo_sim: Simulator, credentials: None, child_only: None) -> None:
    settings = settings_for(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url)

    connection = HeadStart(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url).connection_now(settings)

    assert connection.first_page is not None
    page = connection.first_page.result(timeout=30)
    first = connection.first_clusters.result(timeout=30)
    assert first.page == page
    assert [cluster.arn for cluster in first.clusters or ()] == list(page.arns)


def test_the_clients_are_made_at_the_first_call_and_work(demo_sim: Simulator, credentials: None, child_only: None) -> None:
    connection = HeadStart(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url).connection()

    assert connection._clients is None  # nothing of botocore's client machinery yet
    services = [service for batch in connection.reader.iter_services("prod-web") for service in batch]

    assert connection._clients is not None
    assert "checkout-api" in {service.name for service in services}


def test_an_unreachable_endpoint_is_one_startup_error(credentials: None, child_only: None) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(StartupError) as failed:
        HeadStart(profile=None, region=REGION, endpoint_url=endpoint).connection()

    assert failed.value.exit_code == 1
    assert endpoint.removeprefix("http://") in str(failed.value)


def test_in_a_terminal_the_failure_reaches_both_futures(credentials: None, child_only: None) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    settings = settings_for(profile=None, region=REGION, endpoint_url=endpoint)

    connection = HeadStart(profile=None, region=REGION, endpoint_url=endpoint).connection_now(settings)

    assert connection.first_page is not None
    for future in (connection.first_page, connection.first_clusters):
        with pytest.raises(AwsSetupError, match="Could not reach"):
            future.result(timeout=60)


def test_a_child_that_answers_nothing_is_replaced_by_connecting_here(
    demo_sim: Simulator, credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A child that starts, reads nothing and exits silently.
    monkeypatch.setattr(head_start.subprocess, "Popen", _popen_running(["-c", "pass"]))

    connection = HeadStart(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url).connection()

    assert [cluster.name for cluster in connection.first_clusters.result().clusters or ()][:1] == ["prod-web"]


def test_a_child_that_writes_nonsense_is_replaced_by_connecting_here(
    demo_sim: Simulator, credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "import pickle, sys; sys.stdout.buffer.write(pickle.dumps('not an answer'))"
    monkeypatch.setattr(head_start.subprocess, "Popen", _popen_running(["-c", script]))

    connection = HeadStart(profile=None, region=REGION, endpoint_url=demo_sim.endpoint_url).connection()

    assert connection.first_clusters.result().clusters


def _popen_running(python_args: list[str]):  # type: ignore[no-untyped-def]
    """A Popen that runs ``python <python_args>`` in place of ``python -m tui.head_start``."""
    real_popen = subprocess.Popen

    def popen(argv: list[str], **options):  # type: ignore[no-untyped-def]
        assert argv[1:] == ["-m", "tui.head_start"]
        return real_popen([argv[0], *python_args], **options)

    return popen


def test_importing_the_app_leaves_botocore_and_the_exec_stack_for_later() -> None:
    """The first frame waits for none of these: they load on first use."""
    later = [
        "botocore.session",
        "botocore.loaders",
        "botocore.client",
        "tui.aws.clients",
        "tui.term",
        "tui.widgets.exec_session",
        "tui.exec.launch",
        "tui.screens.find",
        "tui.screens.json_view",
        "pexpect",
    ]
    probe = f"import sys, tui.app; print([name for name in {later!r} if name in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ, check=True)
    assert result.stdout.strip() == "[]"
