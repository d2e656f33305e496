"""Make the README's screenshots from the demo world.

    .venv/bin/python screenshots/make.py            # every scene, as PNGs beside this script
    .venv/bin/python screenshots/make.py exec json  # just these

Each scene drives the real app headless (Textual's test driver) on a demo world whose clock
stands still, saves Textual's SVG of the screen and turns it into a PNG with rsvg-convert
(Debian: librsvg2-bin). The exec scene runs a real shell, as the demo always does.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from tui.app import EcsApp  # noqa: E402
from tui.exec.session_state import Phase  # noqa: E402
from tui.navigation import ResourcePath  # noqa: E402
from tui.screens.diagnosis import DiagnosisScreen  # noqa: E402
from tui.screens.json_view import JsonViewScreen  # noqa: E402
from tui.sim import SimConfig  # noqa: E402
from tui.startup import connect  # noqa: E402

FROZEN_AT = datetime(2026, 12, 3, 12, 0, 0, tzinfo=UTC)
SIZE = (140, 40)
# 256 colours, 16 a row, then a line of styled words: one line to type into the demo's shell.
COLOURS = (
    "clear; for i in $(seq 0 255); do printf '\\033[48;5;%sm %3s \\033[0m' $i $i; "
    "[ $((i % 16)) = 15 ] && echo; done; "
    "printf '\\033[1;31mbold red \\033[0;32mgreen \\033[4;34munderlined blue\\033[0;3;35m italic magenta\\033[0m\\n'"
)

Scene = Callable[[Pilot[None], EcsApp], Awaitable[None]]


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        await pilot.pause(0.05)


def panes_filled(app: EcsApp, *names: str) -> bool:
    return all(app.browser.pane(name).table.row_count > 0 and not app.browser.pane(name).refreshing for name in names)


async def main_screen(pilot: Pilot[None], app: EcsApp) -> None:
    await until(pilot, lambda: panes_filled(app, "clusters", "services", "tasks", "containers"), "the four panes")


async def exec_session(pilot: Pilot[None], app: EcsApp) -> None:
    await main_screen(pilot, app)
    app.browser.pane("containers").table.focus()
    await pilot.press("s")
    await until(pilot, lambda: bool(app.main.sessions) and app.main.sessions[0].state.phase is Phase.LIVE, "a live session")
    view = app.main.sessions[0]

    def shell_lines() -> list[str]:
        return [line.rstrip() for line in view.terminal.emulator.screen.display() if line.strip()]

    await until(pilot, lambda: bool(shell_lines()) and shell_lines()[-1].endswith(("$", "#")), "the shell's prompt")
    await pilot.press(*COLOURS, "enter")
    await until(pilot, lambda: "italic magenta" in "\n".join(shell_lines()[-3:]) and shell_lines()[-1].endswith(("$", "#")), "the colours")
    app.clear_notifications()


async def diagnosis(pilot: Pilot[None], app: EcsApp) -> None:
    """s on the demo's task whose service never enabled ECS Exec."""
    await main_screen(pilot, app)
    reader = app.connection.reader
    (cluster,) = [c for page in reader.iter_clusters() for c in page if c.name == "prod-web"]
    task = next(t for page in reader.iter_tasks(cluster.arn, service="notifications-api") for t in page)
    app.reveal(ResourcePath(cluster.arn, "notifications-api", task.arn, "notifications-api"))
    containers = app.browser.pane("containers")
    await until(pilot, lambda: containers.selected is not None and containers.owner == task.arn, "the task's containers")
    containers.table.focus()
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, DiagnosisScreen), "the diagnosis")
    app.clear_notifications()


async def palette_jump(pilot: Pilot[None], app: EcsApp) -> None:
    await main_screen(pilot, app)
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await pilot.press(*"storefront")
    await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 1, "the palette's hits")


async def json_view(pilot: Pilot[None], app: EcsApp) -> None:
    await main_screen(pilot, app)
    app.browser.pane("tasks").table.focus()
    await pilot.press("d")
    await until(pilot, lambda: isinstance(app.screen, JsonViewScreen), "the JSON view")


SCENES: dict[str, Scene] = {
    "main": main_screen,
    "exec": exec_session,
    "diagnosis": diagnosis,
    "palette": palette_jump,
    "json": json_view,
}


async def shoot(name: str, scene: Scene, folder: Path, scratch: Path) -> Path:
    frozen = FROZEN_AT.timestamp()
    connection = connect(demo=True, demo_world=SimConfig(world="demo", clock=lambda: frozen))
    try:
        # A settings file of its own: never the developer's theme or keys.
        app = EcsApp(connection, clock=lambda: FROZEN_AT, config_file=scratch / f"{name}.toml")
        async with app.run_test(size=SIZE) as pilot:
            await scene(pilot, app)
            await pilot.pause(0.3)  # let the last frame settle (cursor, toasts gone)
            svg = app.export_screenshot(title=f"ecs-tui — {name}")
    finally:
        connection.close()
    svg_path = scratch / f"{name}.svg"
    svg_path.write_text(svg)
    png_path = folder / f"{name}.png"
    subprocess.run(["rsvg-convert", "--format", "png", "--output", str(png_path), str(svg_path)], check=True)
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the README's screenshots from the demo world.")
    parser.add_argument("scenes", nargs="*", metavar="SCENE", help=f"any of {', '.join(SCENES)} (default: all)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs (default: this script's)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.scenes if name not in SCENES]
    if unknown:
        parser.error(f"no scene {', '.join(unknown)}; there are {', '.join(SCENES)}")
    if shutil.which("rsvg-convert") is None:
        print("screenshots: rsvg-convert is needed (Debian: apt-get install librsvg2-bin)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ecs-tui-screenshots-") as scratch:
        for name in args.scenes or SCENES:
            print(asyncio.run(shoot(name, SCENES[name], args.out, Path(scratch))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
