"""Which profile, region and ECS endpoint the app talks to, and why.

boto3 reads ``AWS_DEFAULT_REGION`` but not ``AWS_REGION`` (which aws-vault and
granted set), so the region is resolved here and always passed explicitly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from botocore.exceptions import ConfigParseError

from tui.aws.errors import AwsSetupError
from tui.aws.profiles import ProfileFiles, read_profiles

# botocore's own check of a region name (a host label).
_REGION_NAME = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?$")


@dataclass(frozen=True)
class ConnectionSettings:
    profile: str | None
    region: str
    endpoint_url: str | None
    region_source: str
    profile_source: str | None = None  # "--profile", "AWS_PROFILE" or "AWS_DEFAULT_PROFILE"


def _first_set(pairs: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    """The first (source, value) whose value is non-blank, stripped."""
    for source, value in pairs:
        if value and value.strip():
            return source, value.strip()
    return None


def _profile_region(files: ProfileFiles, profile: str) -> tuple[str, str] | None:
    """The region of a profile, else of its source_profile chain, with its source."""
    seen: set[str] = set()
    name: str | None = profile
    while name and name not in seen and name in files.profiles:
        seen.add(name)
        values: Mapping[str, Any] = files.profiles[name]
        region = values.get("region")
        if isinstance(region, str) and region.strip():
            source = f"profile {name}" if name == profile else f"profile {name} (source_profile of {profile})"
            return source, region.strip()
        source_profile = values.get("source_profile")
        name = source_profile if isinstance(source_profile, str) else None
    return None


def _check_endpoint(url: str, source: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AwsSetupError(f"The endpoint URL {url!r} from {source} is not an http(s) URL with a host.")


def resolve_settings(
    profile: str | None = None,
    region: str | None = None,
    endpoint_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConnectionSettings:
    """Resolve the connection settings from flags, then the environment, then the profile files.

    Profile: flag, AWS_PROFILE, AWS_DEFAULT_PROFILE, else None (botocore's default).
    Region: flag, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, its source_profile's.
    Endpoint: flag, AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL, else None (botocore may still
    apply an endpoint from the config file).
    Raises AwsSetupError with one line when the profile is unknown or no region is found.
    """
    env = os.environ if environ is None else environ
    try:
        files = read_profiles(env)
    except ConfigParseError as exc:
        raise AwsSetupError(f"Cannot read the AWS config: {exc}. Fix the file and try again.") from exc

    chosen_profile = _first_set(
        [("--profile", profile), ("AWS_PROFILE", env.get("AWS_PROFILE")), ("AWS_DEFAULT_PROFILE", env.get("AWS_DEFAULT_PROFILE"))]
    )
    profile_name = chosen_profile[1] if chosen_profile else None
    if chosen_profile is not None and chosen_profile[1] not in files.profiles:
        known = ", ".join(files.names()) or "none"
        raise AwsSetupError(
            f"AWS profile {chosen_profile[1]!r} (from {chosen_profile[0]}) is not in {files.config_file} "
            f"or {files.credentials_file}; known profiles: {known}. Pass --profile with one of them."
        )

    chosen_region = _first_set(
        [("--region", region), ("AWS_REGION", env.get("AWS_REGION")), ("AWS_DEFAULT_REGION", env.get("AWS_DEFAULT_REGION"))]
    ) or _profile_region(files, profile_name or "default")
    if chosen_region is None:
        where = f"add region = ... to profile {profile_name!r}" if profile_name else "configure a default region"
        raise AwsSetupError(f"No AWS region is set: pass --region or set AWS_REGION (or {where}).")
    region_source, region_name = chosen_region
    if not _REGION_NAME.match(region_name):
        raise AwsSetupError(f"{region_name!r} (from {region_source}) is not a valid AWS region name, e.g. eu-west-1.")

    chosen_endpoint = _first_set(
        [
            ("--endpoint-url", endpoint_url),
            ("AWS_ENDPOINT_URL_ECS", env.get("AWS_ENDPOINT_URL_ECS")),
            ("AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL")),
        ]
    )
    if chosen_endpoint:
        _check_endpoint(chosen_endpoint[1], chosen_endpoint[0])

    return ConnectionSettings(
        profile=profile_name,
        region=region_name,
        endpoint_url=chosen_endpoint[1] if chosen_endpoint else None,
        region_source=region_source,
        profile_source=chosen_profile[0] if chosen_profile else None,
    )
