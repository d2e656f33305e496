"""A recording stand-in for session-manager-plugin, for launch-contract tests.

Installed by ``install_recording_plugin`` as an executable named like the plugin. When run
it behaves like the plugin on the surface (banner with no arguments, ``--version``) and,
for a session launch, appends one JSON line to its log: the arguments it got and every
``AWS_SSM_START_SESSION_RESPONSE*`` variable in its environment. Then it exits 0.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOG_ENV = "RECORDING_PLUGIN_LOG"
VERSION_ENV = "RECORDING_PLUGIN_VERSION"
BANNER = "\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n"


@dataclass(frozen=True)
class RecordingPlugin:
    path: Path
    log: Path

    def calls(self) -> list[dict[str, Any]]:
        """Every recorded run, oldest first: {"argv": [...], "env": {...}} (argv without argv[0])."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


def install_recording_plugin(
    directory: Path, version: str = "1.2.677.0", name: str = "session-manager-plugin"
) -> RecordingPlugin:
    """Write an executable ``directory/name`` that runs this module with its log and version fixed."""
    log = directory / f"{name}.calls.jsonl"
    path = directory / name
    path.write_text(
        "#!/bin/sh\n"
        f"export {LOG_ENV}='{log}' {VERSION_ENV}='{version}'\n"
        f"exec '{sys.executable}' '{Path(__file__).resolve()}' \"$@\"\n"
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return RecordingPlugin(path, log)


def record(argv: list[str]) -> int:
    if not argv:
        sys.stdout.write(BANNER)
        return 0
    if argv == ["--version"]:
        sys.stdout.write(os.environ[VERSION_ENV] + "\n")
        return 0
    session_env = {k: v for k, v in os.environ.items() if k.startswith("AWS_SSM_START_SESSION_RESPONSE")}
    with open(os.environ[LOG_ENV], "a") as log:
        log.write(json.dumps({"argv": argv, "env": session_env}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(record(sys.argv[1:]))
