"""The ecs-tui Textual application: settings, the main screen, switching accounts, help and palette."""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from tui.commands import JumpProvider, open_find
from tui.config import ConfigSaveError, config_path, load_config, save_config
from tui.exec.preflight import ClientChoice
from tui.index import ResourceIndex
from tui.navigation import ResourcePath
from tui.resources import styles_dir
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.pickers import ProfilePicker, RegionPicker
from tui.sessions import SessionsMixin, SessionsProvider
from tui.startup import Connection, StartupError, connect
from tui.widgets.browser import Browser
from tui.widgets.resource_table import ResourceTable

# Keys that Textual itself answers to, listed in the help screen beside ours.
_BUILT_IN_KEYS = [
    Binding("up,down", "", "Move in a pane"),
    Binding("pageup,pagedown", "", "A page up or down"),
    Binding("tab,shift+tab", "", "Next or previous pane"),
    Binding("ctrl+pagedown,ctrl+pageup", "", "Next or previous tab (browser, sessions), even inside a terminal"),
    Binding("ctrl+right_square_bracket", "", "Leave a session's terminal for the browser (the session keeps running)"),
    Binding("ctrl+p", "", "Command palette: jump to any cluster, service, task or container"),
    Binding("ctrl+q", "", "Quit"),
]


def utc_now() -> datetime:
    return datetime.now(UTC)


class EcsApp(SessionsMixin, App[None]):
    """Browse ECS with keys; one app instance per user, one boto3 Session per connection."""

    CSS_PATH = [str(styles_dir() / "app.tcss")]
    TITLE = "ecs-tui"
    COMMANDS = App.COMMANDS | {JumpProvider, SessionsProvider}
    BINDINGS = [
        Binding("ctrl+t", "sessions", "Sessions", tooltip="Every open exec session: show or close one", id="sessions"),
        Binding("ctrl+f", "find", "Find", tooltip="Find a task id, container name or IP in every cluster", id="find"),
        Binding("ctrl+o", "switch_profile", "Profile", tooltip="Switch to another AWS profile", id="switch_profile"),
        Binding("ctrl+r", "switch_region", "Region", tooltip="Switch to another Region", id="switch_region"),
    ]

    def __init__(
        self,
        connection: Connection,
        *,
        start_cluster: str | None = None,
        start_service: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        refresh_seconds: float | None = None,
        config_file: Path | None = None,
        session_client: ClientChoice | None = None,
        read_only: bool | None = None,
        allow_exec: bool = False,
    ) -> None:
        super().__init__()
        self.connection = connection
        self.clock = clock
        self.index = ResourceIndex()
        self.config_file = config_file or config_path()
        self.config, self.config_problems = load_config(self.config_file, themes=self.available_themes)
        self._refresh_seconds = self.config.refresh_seconds if refresh_seconds is None else refresh_seconds
        self.session_client: ClientChoice = session_client or self.config.session_client
        self.read_only = self.config.read_only if read_only is None else read_only
        # Read-only refuses every change to ECS and, unless allowed, exec: a shell changes anything.
        self.exec_allowed = allow_exec or not self.read_only
        self._start = (start_cluster, start_service)
        self._reported_clashes: set[Binding] = set()
        self.theme = self.config.theme
        self.set_keymap(self.config.keys)
        self._show_connection()

    # The main screen and its browser -------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self._new_browser(*self._start))

    def _new_browser(self, start_cluster: str | None = None, start_service: str | None = None) -> Browser:
        return Browser(
            self.connection.reader,
            self.clock,
            first_clusters=self.connection.first_clusters,
            first_page=self.connection.first_page,
            start_cluster=start_cluster,
            start_service=start_service,
            refresh_seconds=self._refresh_seconds,
            on_rows=self.index.add,
            region=self.connection.settings.region,
        )

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def browser(self) -> Browser:
        return self.main.browser

    def reveal(self, path: ResourcePath) -> None:
        """Show the browser with ``path`` selected (palette jumps and searches end here)."""
        self.main.show_browser()
        self.browser.reveal(path)

    def on_mount(self) -> None:
        # A dropped SSH connection hangs up: quit as ctrl+q would, so sessions end and tidy up.
        with suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        for problem in self.config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=20, markup=False)

    # Settings ---------------------------------------------------------------------------

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Say once when a [keys] override takes a key from another binding (Textual calls this per key press)."""
        for binding in sorted(clashed_bindings - self._reported_clashes, key=lambda binding: binding.key):
            self._reported_clashes.add(binding)
            self.notify(
                f"{self.config_file}: [keys] gave {binding.key} to another binding, so {binding.id or binding.action!r} lost it.",
                title="Settings",
                severity="warning",
                markup=False,
            )

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked in the app; a settings file with problems is left for the user to fix."""
        if theme == self.config.theme:
            return
        self.config = replace(self.config, theme=theme)
        if self.config_problems:
            self.notify(f"Theme not saved: fix {self.config_file} first.", severity="warning", markup=False)
            return
        try:
            save_config(self.config, self.config_file)
        except ConfigSaveError as error:
            self.notify(str(error), severity="error", markup=False)

    # Help, find -------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Browser", Browser.BINDINGS),
                    ("In a pane", ResourceTable.BINDINGS),
                    ("Everywhere", [*self.BINDINGS, *_BUILT_IN_KEYS]),
                ]
            )
        )

    def action_find(self) -> None:
        open_find(self)

    # Switching account or Region ----------------------------------------------------------

    def _show_connection(self) -> None:
        settings = self.connection.settings
        where = "demo world" if self.connection.demo else f"profile {settings.profile or 'default'}"
        mode = " · read-only" if self.read_only else ""
        self.sub_title = f"{where} · {settings.region}{mode}"

    def action_switch_profile(self) -> None:
        if self.connection.demo:
            self.notify("The demo world has no profiles; start without --demo to switch.", markup=False)
            return
        from tui.aws.clients import available_profiles  # botocore's loaders: not needed before this
        from tui.config_aws import profile_details

        picker = ProfilePicker(available_profiles(), self.connection.settings.profile, details=profile_details())
        self.push_screen(picker, self._profile_picked)

    def action_switch_region(self) -> None:
        if self.connection.demo:
            self.notify("The demo world has one Region; start without --demo to switch.", markup=False)
            return
        from tui.aws.endpoints import ecs_regions
        from tui.config_aws import region_names

        picker = RegionPicker(ecs_regions(), self.connection.settings.region, details=region_names())
        self.push_screen(picker, self._region_picked)

    def _profile_picked(self, profile: str | None) -> None:
        settings = self.connection.settings
        if profile is None or profile == (settings.profile or "default"):
            return
        from tui.aws.profiles import asks_for_mfa

        if asks_for_mfa(profile):
            self.notify(
                f"Profile {profile} asks for an MFA code on the terminal: start ecs-tui with --profile {profile}.",
                severity="warning",
                markup=False,
            )
            return
        # A Region that came with the old profile goes with it; one chosen by flag, variable or picker stays.
        region = None if settings.region_source.startswith("profile") else settings.region
        self._switch(profile, region)

    def _region_picked(self, region: str | None) -> None:
        if region is not None and region != self.connection.settings.region:
            self._switch(self.connection.settings.profile, region)

    @work(thread=True, exclusive=True, group="switch-connection", exit_on_error=False)
    def _switch(self, profile: str | None, region: str | None) -> None:
        """Connect in a thread (settings, clients, first call); the old connection stays on failure."""
        self.call_from_thread(self.notify, f"Connecting to {profile or 'default'} · {region or 'its Region'}…", markup=False)
        try:
            connection = connect(profile=profile, region=region, endpoint_url=self.connection.settings.endpoint_url)
        except StartupError as error:
            self.call_from_thread(self.notify, str(error), title="Switch failed", severity="error", markup=False)
            return
        self.call_from_thread(self._use_connection, connection)

    async def _use_connection(self, connection: Connection) -> None:
        old, self.connection = self.connection, connection
        self.index = ResourceIndex()
        self._show_connection()
        await self.main.replace_browser(self._new_browser())
        old.close()
