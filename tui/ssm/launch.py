"""How ecs-tui starts a session client: find it, learn its version, build its argv and environment.

The argv matches what ``aws ecs execute-command`` runs (awscli/customizations/ecs/
executecommand.py): session JSON, region, "StartSession", profile, {"Target": ...} JSON,
endpoint. To keep the token off the command line, the session JSON goes into a uniquely
named AWS_SSM_START_SESSION_RESPONSE_* variable instead, whenever the client can read
it: session-manager-plugin from 1.2.536.0, and ecs-tui-session always.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.ssm.arguments import OPERATION, SESSION_ENV_PREFIX

PLUGIN_NAME = "session-manager-plugin"
BUILTIN_NAME = "ecs-tui-session"
FIRST_VERSION_WITH_ENV_VAR = (1, 2, 536, 0)
VERSION_TIMEOUT_SECONDS = 5.0
_VERSION_PATTERN = re.compile(r"^\d+(\.\d+){0,3}$")


@dataclass(frozen=True)
class PluginInfo:
    """A session client executable ecs-tui can drive."""

    path: str
    version: str  # as it reports it; "" when --version failed
    builtin: bool = False  # ecs-tui-session rather than AWS's plugin

    @property
    def reads_session_from_environment(self) -> bool:
        return self.builtin or supports_environment_form(self.version)


def parse_version(text: str) -> tuple[int, int, int, int] | None:
    """'1.2.677.0' -> (1, 2, 677, 0); None unless it looks like the AWS CLI expects (^\\d+(\\.\\d+){0,3}$)."""
    cleaned = re.sub(r"\s+", "", text)
    if not _VERSION_PATTERN.match(cleaned):
        return None
    a, b, c, d = ([int(part) for part in cleaned.split(".")] + [0, 0, 0])[:4]
    return a, b, c, d


def supports_environment_form(version: str) -> bool:
    parsed = parse_version(version)
    return parsed is not None and parsed >= FIRST_VERSION_WITH_ENV_VAR


def _report_version(path: str, timeout: float) -> str:
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def detect_plugin(name: str = PLUGIN_NAME, timeout: float = VERSION_TIMEOUT_SECONDS) -> PluginInfo | None:
    """session-manager-plugin on PATH with its reported version, or None if it is not installed."""
    path = shutil.which(name)
    if path is None:
        return None
    return PluginInfo(path, _report_version(path, timeout))


def builtin_client() -> PluginInfo | None:
    """ecs-tui-session from this installation (next to the interpreter), else from PATH."""
    beside_python = Path(sys.executable).with_name(BUILTIN_NAME)
    path = str(beside_python) if os.access(beside_python, os.X_OK) else shutil.which(BUILTIN_NAME)
    if path is None:
        return None
    from tui import __version__

    return PluginInfo(path, __version__, builtin=True)


def build_plugin_invocation(
    plugin_path: str,
    plugin_version: str,
    session: Mapping[str, str],
    region: str,
    profile: str | None,
    target: str,
    endpoint: str,
    *,
    builtin: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """(argv, environment additions) to run the client for an ExecuteCommand ``session``.

    ``session`` is the response's ``session`` object ({sessionId, streamUrl, tokenValue})
    and is passed on unchanged. The environment form is used for ``builtin`` clients and
    plugins reporting 1.2.536.0 or later; otherwise the JSON goes on argv like the CLI does.
    """
    session_json = json.dumps(dict(session))
    environment: dict[str, str] = {}
    first_argument = session_json
    if builtin or supports_environment_form(plugin_version):
        name = f"{SESSION_ENV_PREFIX}_{uuid.uuid4().hex.upper()}"
        environment[name] = session_json
        first_argument = name
    argv = [plugin_path, first_argument, region, OPERATION, profile or "", json.dumps({"Target": target}), endpoint]
    return argv, environment


def invocation_for(
    plugin: PluginInfo, session: Mapping[str, str], region: str, profile: str | None, target: str, endpoint: str
) -> tuple[list[str], dict[str, str]]:
    """build_plugin_invocation for a detected client."""
    return build_plugin_invocation(
        plugin.path, plugin.version, session, region, profile, target, endpoint, builtin=plugin.builtin
    )
