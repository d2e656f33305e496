"""Clients: one session and one ECS client per app, explicit config, pickers' data, no Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tui.aws
from tui.aws.clients import AwsClients, available_profiles
from tui.aws.endpoints import ecs_regions
from tui.aws.parsing import parse_timestamp
from tui.aws.errors import AwsSetupError
from tui.aws.settings import ConnectionSettings, resolve_settings

SETTINGS = ConnectionSettings(profile=None, region="eu-west-1", endpoint_url="http://127.0.0.1:9", region_source="--region")


def test_one_ecs_client_with_the_apps_config() -> None:
    clients = AwsClients(SETTINGS, static_credentials=("demo", "demo"))
    with ThreadPoolExecutor(8) as pool:
        seen = {id(c) for c in pool.map(lambda _: clients.ecs, range(32))}
    assert len(seen) == 1
    ecs = clients.ecs
    config = ecs.meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert (config.connect_timeout, config.read_timeout) == (5, 20)
    assert config.max_pool_connections >= 16
    assert config.user_agent_appid == "ecs-tui"
    assert ecs.meta.region_name == "eu-west-1"
    assert ecs.meta.endpoint_url == "http://127.0.0.1:9"
    credentials = clients.session.get_credentials()
    assert (credentials.access_key, credentials.secret_key) == ("demo", "demo")


def test_profile_is_used_and_an_unknown_one_is_one_line(isolated_aws_environment: Path) -> None:
    (isolated_aws_environment / "credentials").write_text("[dev]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n")
    dev = AwsClients(ConnectionSettings("dev", "eu-west-1", None, "--region"))
    assert dev.session.profile == "dev"
    assert dev.ecs.meta.endpoint_url == "https://ecs.eu-west-1.amazonaws.com"
    with pytest.raises(AwsSetupError, match="'ghost'"):
        AwsClients(ConnectionSettings("ghost", "eu-west-1", None, "--region"))


def test_pickers_data(isolated_aws_environment: Path) -> None:
    (isolated_aws_environment / "config").write_text("[profile b]\nregion = eu-west-1\n[default]\nregion = us-east-1\n")
    (isolated_aws_environment / "credentials").write_text("[a]\naws_access_key_id = x\naws_secret_access_key = y\n")
    assert available_profiles() == ["a", "b", "default"]
    (isolated_aws_environment / "config").write_text("[profile broken\n")
    assert available_profiles() == []
    regions = ecs_regions()
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= set(regions) and regions == sorted(regions)
    assert ecs_regions("aws-cn") == ["cn-north-1", "cn-northwest-1"]


def test_timestamps_are_aware_and_fast_for_epochs() -> None:
    assert parse_timestamp(1_700_000_000.5) == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC)
    assert parse_timestamp("2026-01-02T03:04:05Z") == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_the_data_layer_imports_without_textual() -> None:
    modules = sorted(f"tui.aws.{m.name}" for m in pkgutil.iter_modules(tui.aws.__path__))
    assert "tui.aws.reader" in modules and "tui.aws.settings" in modules
    code = f"import tui.aws, {', '.join(modules)}; import sys; assert 'textual' not in sys.modules, 'textual imported'"
    repo_root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=repo_root)
    assert result.returncode == 0, result.stderr


DEV_KEYS = "[dev]\naws_access_key_id = AKIAEXAMPLEPROFILE01\naws_secret_access_key = profile-secret\n"


def test_the_profile_flag_wins_over_environment_credentials(isolated_aws_environment: Path, monkeypatch) -> None:
    (isolated_aws_environment / "credentials").write_text(DEV_KEYS)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENVIRON01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    settings = resolve_settings(profile="dev", region="eu-west-1")
    assert AwsClients(settings).session.get_credentials().access_key == "AKIAEXAMPLEPROFILE01"


def test_exported_credentials_win_over_a_profile_variable(isolated_aws_environment: Path, monkeypatch) -> None:
    """As inside aws-vault exec or granted's assume, and as the AWS CLI does."""
    (isolated_aws_environment / "credentials").write_text(DEV_KEYS)
    monkeypatch.setenv("AWS_PROFILE", "dev")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENVIRON01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    settings = resolve_settings()
    assert (settings.profile, settings.profile_source) == ("dev", "AWS_PROFILE")
    assert AwsClients(settings).session.get_credentials().access_key == "AKIAEXAMPLEENVIRON01"
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert AwsClients(settings).session.get_credentials().access_key == "AKIAEXAMPLEPROFILE01"
