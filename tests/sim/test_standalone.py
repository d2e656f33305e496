"""``python -m tui.sim.standalone`` prints its endpoint and exports, serves, and stops on Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tui.sim import standalone

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_standalone_serves_until_sigint(isolated_aws_environment):
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.sim.standalone", "--world", "scale", "--services", "5", "--tasks", "40", "--latency-ms", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        while not any(line.startswith("Press Ctrl+C") for line in lines):
            line = process.stdout.readline()
            assert line, f"the simulator exited early: {process.stderr.read()}"
            lines.append(line.strip())
        exports = dict(re.findall(r"export (\w+)=(\S+)", "\n".join(lines)))
        assert set(exports) == {"AWS_ENDPOINT_URL_ECS", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", exports["AWS_ENDPOINT_URL_ECS"])
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | exports
        env["AWS_CONFIG_FILE"] = os.environ["AWS_CONFIG_FILE"]
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"]
        listed = subprocess.run(
            [sys.executable, "-c", "import boto3; print(boto3.client('ecs').list_services(cluster='scale', maxResults=100)['serviceArns'])"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.count("service/scale/svc-") == 5
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in out


def test_bad_options_give_one_clear_message(capsys):
    assert standalone.main(["--world", "mars"]) == 2
    assert "invalid choice: 'mars'" in capsys.readouterr().err
    assert standalone.main(["--services", "0", "--world", "scale"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "ecs-tui sim: scale_services must be at least 1"
