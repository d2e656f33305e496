"""Profile, region and endpoint resolution: flags, environment, profile files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.aws.errors import AwsSetupError
from tui.aws.settings import ConnectionSettings, resolve_settings

CONFIG = """\
[default]
region = eu-central-1

[profile dev]
region = eu-west-1

[profile base]
region = ap-south-1

[profile child]
source_profile = base
role_arn = arn:aws:iam::123456789012:role/r

[profile grandchild]
source_profile = child
role_arn = arn:aws:iam::123456789012:role/r

[profile noregion]
output = json

[profile loop-a]
source_profile = loop-b

[profile loop-b]
source_profile = loop-a
"""

CREDENTIALS = """\
[static]
aws_access_key_id = AKIAEXAMPLEEXAMPLE12
aws_secret_access_key = secret
region = sa-east-1
"""


@pytest.fixture
def aws_home(isolated_aws_environment: Path) -> Path:
    (isolated_aws_environment / "config").write_text(CONFIG)
    (isolated_aws_environment / "credentials").write_text(CREDENTIALS)
    return isolated_aws_environment


def env(aws_home: Path, **values: str) -> dict[str, str]:
    return {
        "AWS_CONFIG_FILE": str(aws_home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws_home / "credentials"),
        **values,
    }


@pytest.mark.parametrize(
    ("flags", "variables", "expected_profile", "expected_region", "expected_source"),
    [
        ({}, {}, None, "eu-central-1", "profile default"),
        ({"region": "us-west-2"}, {"AWS_REGION": "eu-north-1"}, None, "us-west-2", "--region"),
        ({}, {"AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "us-east-2"}, None, "eu-north-1", "AWS_REGION"),
        ({}, {"AWS_DEFAULT_REGION": "us-east-2"}, None, "us-east-2", "AWS_DEFAULT_REGION"),
        ({}, {"AWS_REGION": "  "}, None, "eu-central-1", "profile default"),
        ({"profile": "dev"}, {}, "dev", "eu-west-1", "profile dev"),
        ({"profile": "dev"}, {"AWS_PROFILE": "base"}, "dev", "eu-west-1", "profile dev"),
        ({}, {"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "base"}, "dev", "eu-west-1", "profile dev"),
        ({}, {"AWS_DEFAULT_PROFILE": "base"}, "base", "ap-south-1", "profile base"),
        ({"profile": "dev"}, {"AWS_DEFAULT_REGION": "us-east-2"}, "dev", "us-east-2", "AWS_DEFAULT_REGION"),
        ({"profile": "child"}, {}, "child", "ap-south-1", "profile base (source_profile of child)"),
        ({"profile": "grandchild"}, {}, "grandchild", "ap-south-1", "profile base (source_profile of grandchild)"),
        ({"profile": "static"}, {}, "static", "sa-east-1", "profile static"),
    ],
)
def test_resolution_order(aws_home, flags, variables, expected_profile, expected_region, expected_source) -> None:
    settings = resolve_settings(**flags, environ=env(aws_home, **variables))
    assert (settings.profile, settings.region, settings.endpoint_url, settings.region_source) == (
        expected_profile, expected_region, None, expected_source
    )


@pytest.mark.parametrize(
    ("flags", "variables", "expected"),
    [
        ({}, {}, None),
        ({"profile": "dev"}, {"AWS_PROFILE": "base"}, "--profile"),
        ({}, {"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "base"}, "AWS_PROFILE"),
        ({}, {"AWS_DEFAULT_PROFILE": "base"}, "AWS_DEFAULT_PROFILE"),
    ],
)
def test_profile_source(aws_home, flags, variables, expected) -> None:
    assert resolve_settings(**flags, environ=env(aws_home, **variables)).profile_source == expected


def test_settings_can_be_built_without_a_profile_source() -> None:
    settings = ConnectionSettings(profile=None, region="us-east-1", endpoint_url=None, region_source="demo")
    assert settings.profile_source is None


@pytest.mark.parametrize(
    ("flag", "variables", "expected"),
    [
        ("http://127.0.0.1:1", {"AWS_ENDPOINT_URL_ECS": "http://127.0.0.1:2"}, "http://127.0.0.1:1"),
        (None, {"AWS_ENDPOINT_URL_ECS": "http://127.0.0.1:2", "AWS_ENDPOINT_URL": "http://127.0.0.1:3"}, "http://127.0.0.1:2"),
        (None, {"AWS_ENDPOINT_URL": "http://127.0.0.1:3"}, "http://127.0.0.1:3"),
        (None, {}, None),
    ],
)
def test_endpoint_order(aws_home, flag, variables, expected) -> None:
    assert resolve_settings(endpoint_url=flag, environ=env(aws_home, **variables)).endpoint_url == expected


def test_unknown_profile_lists_the_known_ones(aws_home) -> None:
    with pytest.raises(AwsSetupError) as caught:
        resolve_settings(profile="prod", environ=env(aws_home))
    message = caught.value.message
    assert "'prod'" in message and "--profile" in message
    assert "base, child, default, dev" in message
    assert "\n" not in message


def test_unknown_profile_from_the_environment_names_its_source(aws_home) -> None:
    with pytest.raises(AwsSetupError, match="AWS_PROFILE"):
        resolve_settings(environ=env(aws_home, AWS_PROFILE="nope"))


@pytest.mark.parametrize("profile", ["noregion", "loop-a"])
def test_no_region_says_what_to_do(aws_home, profile) -> None:
    with pytest.raises(AwsSetupError) as caught:
        resolve_settings(profile=profile, environ=env(aws_home))
    assert "pass --region or set AWS_REGION" in caught.value.message


def test_no_files_and_no_region(isolated_aws_environment) -> None:
    with pytest.raises(AwsSetupError, match="pass --region or set AWS_REGION"):
        resolve_settings(environ={"AWS_CONFIG_FILE": str(isolated_aws_environment / "missing")})


@pytest.mark.parametrize("region", ["eu west 1", "-bad-", "a" * 70])
def test_malformed_region_is_refused(aws_home, region) -> None:
    with pytest.raises(AwsSetupError, match="not a valid AWS region"):
        resolve_settings(region=region, environ=env(aws_home))


@pytest.mark.parametrize("url", ["localhost:4566", "ftp://127.0.0.1", "http://"])
def test_malformed_endpoint_is_refused(aws_home, url) -> None:
    with pytest.raises(AwsSetupError, match="not an http"):
        resolve_settings(region="us-east-1", endpoint_url=url, environ=env(aws_home))


def test_unparsable_config_is_one_line(aws_home) -> None:
    (aws_home / "config").write_text("[profile dev\nregion = x\n")
    with pytest.raises(AwsSetupError) as caught:
        resolve_settings(region="us-east-1", environ=env(aws_home))
    assert "\n" not in caught.value.message


def test_reads_os_environ_by_default_and_never_changes_it(aws_home, monkeypatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    monkeypatch.setenv("AWS_PROFILE", "dev")
    before = dict(os.environ)
    settings = resolve_settings()
    assert (settings.profile, settings.region, settings.region_source) == ("dev", "eu-north-1", "AWS_REGION")
    assert dict(os.environ) == before
