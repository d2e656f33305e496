"""Profile and Region descriptions for the pickers, read from the AWS files and botocore's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.aws.endpoints import ecs_regions
from tui.aws.profiles import asks_for_mfa, may_ask_on_the_terminal
from tui.config_aws import profile_auth, profile_details, region_names

AWS_CONFIG = """\
[default]
region = eu-west-1

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Developer

[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default

[profile admin-mfa]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/me

[profile chained]
role_arn = arn:aws:iam::444455556666:role/Reader
source_profile = admin-mfa

[profile on-ec2]
role_arn = arn:aws:iam::111122223333:role/Ops
credential_source = Ec2InstanceMetadata

[profile ci]
role_arn = arn:aws:iam::111122223333:role/Ci
web_identity_token_file = /var/run/token

[profile vault]
credential_process = aws-vault export --format=json vault

[profile console]
login_session = arn:aws:iam::111122223333:user/me

[profile region-only]
region = us-west-2
"""

AWS_CREDENTIALS = """\
[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = not-a-real-secret

[keys-only]
aws_access_key_id = AKIDEXAMPLE2
aws_secret_access_key = not-a-real-secret-either
"""


@pytest.fixture
def aws_files(isolated_aws_environment: Path) -> Path:
    (isolated_aws_environment / "config").write_text(AWS_CONFIG)
    (isolated_aws_environment / "credentials").write_text(AWS_CREDENTIALS)
    return isolated_aws_environment


def test_each_profile_is_described_by_how_it_signs_in_and_its_region(aws_files: Path) -> None:
    assert profile_details() == {
        "default": "static keys · eu-west-1",
        "sso-dev": "SSO · eu-central-1",
        "legacy-sso": "SSO",
        "admin": "assume role from default",
        "admin-mfa": "assume role from default (MFA)",
        "chained": "assume role from admin-mfa",
        "on-ec2": "assume role from Ec2InstanceMetadata",
        "ci": "web identity",
        "vault": "credential process",
        "console": "console login",
        "region-only": "us-west-2",
        "keys-only": "static keys",
    }


def test_details_follow_an_explicit_environment(aws_files: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-config"
    other.write_text("[profile elsewhere]\nsso_session = x\n")
    environ = {"AWS_CONFIG_FILE": str(other), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}
    assert profile_details(environ) == {"elsewhere": "SSO"}


def test_assume_role_wins_over_keys_in_the_same_profile() -> None:
    # botocore's chain tries assume-role before the profile's own keys.
    values = {"role_arn": "arn:aws:iam::1:role/r", "source_profile": "a", "aws_access_key_id": "AKID"}
    assert profile_auth(values) == "assume role from a"
    assert profile_auth({}) == ""


def test_unreadable_config_gives_no_details(isolated_aws_environment: Path) -> None:
    (isolated_aws_environment / "config").write_text("[profile broken\nregion = x\n")
    assert profile_details() == {}
    assert asks_for_mfa("broken") is False


def test_mfa_is_detected_along_the_source_profile_chain(aws_files: Path) -> None:
    assert asks_for_mfa("admin-mfa")
    assert asks_for_mfa("chained")
    assert not asks_for_mfa("admin")
    assert not asks_for_mfa("sso-dev")
    assert not asks_for_mfa("no-such-profile")


def test_a_credential_process_or_mfa_along_the_chain_may_ask_on_the_terminal(isolated_aws_environment: Path) -> None:
    (isolated_aws_environment / "config").write_text(
        "[profile vault]\ncredential_process = aws-vault export --format=json vault\n"
        "[profile role-via-vault]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = vault\n"
        "[profile keys]\nregion = eu-west-1\n"
    )
    (isolated_aws_environment / "credentials").write_text("[keys]\naws_access_key_id = AKIDEXAMPLE\n")
    assert may_ask_on_the_terminal("vault")
    assert may_ask_on_the_terminal("role-via-vault")
    assert not may_ask_on_the_terminal("keys")
    assert not may_ask_on_the_terminal("no-such-profile")


def test_source_profile_loop_ends(isolated_aws_environment: Path) -> None:
    (isolated_aws_environment / "config").write_text(
        "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n"
    )
    assert asks_for_mfa("a") is False


def test_every_listed_region_has_a_name() -> None:
    names = region_names()
    assert names["eu-west-1"] == "Europe (Ireland)"
    assert names["cn-north-1"] == "China (Beijing)"
    assert all(names.get(code) for code in ecs_regions())
