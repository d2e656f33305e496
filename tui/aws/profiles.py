"""The user's AWS profiles, read from the shared config and credentials files.

Read the way botocore reads them (credentials-file values merged over
config-file ones), but from an explicit environment, so callers can resolve
settings without touching ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.configloader import load_config, raw_config_parse
from botocore.exceptions import ConfigParseError


@dataclass(frozen=True)
class ProfileFiles:
    config_file: Path
    credentials_file: Path
    profiles: Mapping[str, Mapping[str, Any]]

    def names(self) -> list[str]:
        return sorted(self.profiles)


def _path(environ: Mapping[str, str], variable: str, default: str) -> Path:
    return Path(os.path.expanduser(environ.get(variable) or default))


def read_profiles(environ: Mapping[str, str] | None = None) -> ProfileFiles:
    """Every profile of the config and credentials files named by ``environ`` (default: os.environ).

    A file that is missing counts as empty; one that cannot be parsed raises
    botocore's ``ConfigParseError``.
    """
    env = os.environ if environ is None else environ
    config_file = _path(env, "AWS_CONFIG_FILE", "~/.aws/config")
    credentials_file = _path(env, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")
    profiles: dict[str, dict[str, Any]] = {}
    if config_file.is_file():
        for name, values in load_config(str(config_file)).get("profiles", {}).items():
            profiles[name] = dict(values)
    if credentials_file.is_file():
        for name, values in raw_config_parse(str(credentials_file)).items():
            profiles.setdefault(name, {}).update(values)
    return ProfileFiles(config_file, credentials_file, profiles)



def _chain(profile: str, environ: Mapping[str, str] | None) -> list[Mapping[str, Any]]:
    """The profile's values, then its source_profile's, and so on (each once); none if unreadable."""
    try:
        profiles = read_profiles(environ).profiles
    except ConfigParseError:
        return []
    chain: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    name: Any = profile
    while isinstance(name, str) and name in profiles and name not in seen:
        seen.add(name)
        chain.append(profiles[name])
        name = profiles[name].get("source_profile")
    return chain


def asks_for_mfa(profile: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether botocore would ask for an MFA code on the terminal to assume a role of this profile's chain."""
    return any("role_arn" in values and "mfa_serial" in values for values in _chain(profile, environ))


def may_ask_on_the_terminal(profile: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether getting this profile's credentials may read the terminal: an MFA code, or a
    credential_process (which may prompt, as aws-vault and others can)."""
    return asks_for_mfa(profile, environ) or any("credential_process" in values for values in _chain(profile, environ))
