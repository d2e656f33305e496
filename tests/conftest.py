"""Fixtures shared by every test: an environment that never sees the developer's AWS setup."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Hide every AWS_* variable and point the config files at empty ones in tmp_path.

    Returns the folder holding ``config`` and ``credentials`` so a test can write profiles.
    """
    import os

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    aws_dir = tmp_path / "aws-home"
    aws_dir.mkdir()
    (aws_dir / "config").write_text("")
    (aws_dir / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return aws_dir
