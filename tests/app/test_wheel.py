"""The built wheel, installed into a fresh virtualenv, carries its stylesheets and starts the demo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pexpect
import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies come from this test environment."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(REPO)],
        check=True,
        cwd=work,
    )
    (wheel,) = work.glob("ecs_tui-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel)], check=True, cwd=work)
    # Dependencies are already installed here; a path entry (no .pth processing inside it) lends them
    # without lending this checkout's editable install.
    site = Path(subprocess.check_output([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_installed_copy_finds_its_stylesheets_inside_the_package(installed_venv: Path, tmp_path: Path) -> None:
    output = subprocess.check_output(
        [str(installed_venv / "bin" / "python"), "-c", "import tui, tui.resources; print(tui.__file__); print(tui.resources.styles_dir())"],
        text=True,
        cwd=tmp_path,
    )
    module_file, styles = output.splitlines()
    assert module_file.startswith(str(installed_venv))
    assert styles.startswith(str(installed_venv)) and styles.endswith("tui/styles")
    assert (Path(styles) / "app.tcss").is_file()


def test_installed_console_script_starts_the_demo_and_quits_cleanly(installed_venv: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    child = pexpect.spawn(
        str(installed_venv / "bin" / "ecs-tui"), ["--demo"], cwd=str(tmp_path), env=env, dimensions=(40, 120), timeout=30
    )
    try:
        child.expect(re.compile(rb"\d+ items"))
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
