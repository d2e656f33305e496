"""What the user's AWS setup offers the profile and region pickers, read from files only (no API call).

Each profile is described by how botocore would get its credentials (checked in botocore's own
order of precedence) and its Region; each Region code by its name from botocore's endpoint data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import botocore.session
from botocore.exceptions import ConfigParseError

from tui.aws.profiles import read_profiles


def profile_auth(values: Mapping[str, Any]) -> str:
    """How a profile signs in, e.g. "SSO" or "assume role from base (MFA)"; "" when the files do not say."""
    if "role_arn" in values and "web_identity_token_file" in values:
        return "web identity"
    if "role_arn" in values:
        source = values.get("source_profile") or values.get("credential_source")
        label = f"assume role from {source}" if source else "assume role"
        # botocore asks for the code on the terminal, which a full-screen app owns.
        return f"{label} (MFA)" if "mfa_serial" in values else label
    if "sso_session" in values or "sso_start_url" in values or "sso_account_id" in values:
        return "SSO"
    if "aws_access_key_id" in values:
        return "static keys"
    if "login_session" in values:
        return "console login"
    if "credential_process" in values:
        return "credential process"
    return ""


def profile_details(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Profile name → "<auth> · <region>" for the profile picker; empty when the files cannot be read."""
    try:
        files = read_profiles(environ)
    except ConfigParseError:
        return {}
    details: dict[str, str] = {}
    for name, values in files.profiles.items():
        region = values.get("region")
        parts = [profile_auth(values), region.strip() if isinstance(region, str) else ""]
        details[name] = " · ".join(part for part in parts if part)
    return details


def region_names() -> dict[str, str]:
    """Region code → name (e.g. "eu-west-1" → "Europe (Ireland)") in every partition botocore knows."""
    endpoints = botocore.session.Session().get_component("data_loader").load_data("endpoints")
    return {
        code: str(region.get("description", ""))
        for partition in endpoints.get("partitions", [])
        for code, region in partition.get("regions", {}).items()
    }
