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

