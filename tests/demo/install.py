"""An ecs-tui installation that another account can run, for the SSH recipe's dedicated account.

The recipe installs ecs-tui in /opt/ecs-tui. The tests reuse the project's own virtualenv when
every account can reach it; when its interpreter cannot be reached (CI's Python lives under
/root, mode 700), they lay out a small virtualenv from the system's Python of the same version
whose site directory is the project's, with the same two commands pip would install.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

COMMANDS = {"ecs-tui": "tui.cli", "ecs-tui-session": "tui.ssm.client"}


def others_can_reach(path: Path) -> bool:
    """Every folder above ``path`` can be entered, and ``path`` itself read or run, by any account."""
    resolved = path.resolve()
    folders_ok = all(folder.stat().st_mode & stat.S_IXOTH for folder in resolved.parents)
    return folders_ok and bool(resolved.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH))


def _project_site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def _project_root() -> Path:
    import tui

    return Path(tui.__file__).resolve().parents[1]


def visitor_bin_dir(folder: Path) -> Path | None:
    """The bin folder holding ``ecs-tui`` for other accounts, or None when none can be made."""
    if not (others_can_reach(_project_site_packages()) and others_can_reach(_project_root())):
        return None
    own_bin = Path(sys.prefix) / "bin"
    if others_can_reach(Path(sys.executable)):
        return own_bin
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system_python = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if system_python is None or not others_can_reach(Path(system_python)):
        return None
    venv = folder / "ecs-tui"
    subprocess.run([system_python, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    site = venv / "lib" / version / "site-packages"
    # addsitedir, unlike a plain path line, also reads the .pth files there (the editable install's).
    (site / "ecs-tui-project.pth").write_text(f"import site; site.addsitedir({str(_project_site_packages())!r})\n")
    for command, module in COMMANDS.items():
        script = venv / "bin" / command
        script.write_text(f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom {module} import main\nsys.exit(main())\n")
        script.chmod(0o755)
    return venv / "bin"
