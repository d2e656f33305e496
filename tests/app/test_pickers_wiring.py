"""The wiring recommended for EcsApp, on real simulators: settings applied at start, theme saved,
profile and Region switched from the pickers (a new connection, the header, the panes).

``WiredApp`` holds exactly the code recommended for ``tui/app.py``; once EcsApp has it,
these tests can drive EcsApp itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from textual import work
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import Notify
from textual.screen import Screen

from tests.app.helpers import fixed_clock, wait_until
from tui.app import EcsApp
from tui.aws.clients import available_profiles, available_regions
from tui.config import AppConfig, ConfigSaveError, config_path, load_config, save_config
from tui.config_aws import asks_for_mfa, profile_details, region_names
from tui.screens.browser import BrowserScreen
from tui.screens.pickers import ProfilePicker, RegionPicker
from tui.sim import Simulator
from tui.startup import Connection, StartupError, connect


class WiredApp(EcsApp):
    """EcsApp plus the recommended wiring (everything below is meant to move into EcsApp)."""

    BINDINGS = [
        Binding("ctrl+o", "switch_profile", "Profile", id="switch_profile"),
        Binding("ctrl+r", "switch_region", "Region", id="switch_region"),
    ]

    def __init__(
        self,
        connection: Connection,
        *,
        config_file: Path | None = None,
        start_cluster: str | None = None,
        start_service: str | None = None,
        clock: Callable[[], datetime] = fixed_clock,
    ) -> None:
        super().__init__(connection, start_cluster=start_cluster, start_service=start_service, clock=clock)
        self.config_file = config_file or config_path()
        self.config, self.config_problems = load_config(self.config_file, themes=self.available_themes)
        self.theme = self.config.theme
        self.set_keymap(self.config.keys)
        self._reported_clashes: set[Binding] = set()

    def get_default_screen(self) -> Screen[None]:
        """An empty base: the browser goes on top of it, where a switch can replace it."""
        return Screen()

    def on_mount(self) -> None:
        self.push_screen(super().get_default_screen())  # EcsApp's: build the BrowserScreen
        for problem in self.config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=20, markup=False)

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
        """Remember a theme picked in the app; a file with problems is left for the user to fix."""
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

    def _show_connection(self) -> None:
        settings = self.connection.settings
        where = "demo world" if self.connection.demo else f"profile {settings.profile or 'default'}"
        self.sub_title = f"{where} · {settings.region}"

    def action_switch_profile(self) -> None:
        if self.connection.demo:
            self.notify("The demo world has no profiles; start without --demo to switch.", markup=False)
            return
        picker = ProfilePicker(available_profiles(), self.connection.settings.profile, details=profile_details())
        self.push_screen(picker, self._profile_picked)

    def action_switch_region(self) -> None:
        if self.connection.demo:
            self.notify("The demo world has one Region; start without --demo to switch.", markup=False)
            return
        picker = RegionPicker(available_regions(), self.connection.settings.region, details=region_names())
        self.push_screen(picker, self._region_picked)

    def _profile_picked(self, profile: str | None) -> None:
        settings = self.connection.settings
        if profile is None or profile == (settings.profile or "default"):
            return
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

    def _use_connection(self, connection: Connection) -> None:
        old, self.connection = self.connection, connection
        self._start_cluster = self._start_service = None
        self._show_connection()
        self.switch_screen(super().get_default_screen())
        old.close()


# Fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture
def two_accounts(sim_factory: Callable[..., Simulator], isolated_aws_environment: Path) -> dict[str, Simulator]:
    """Profiles alpha and beta reach different simulated accounts; broken has no credentials; mfa needs a code."""
    alpha = sim_factory(account_id="111111111111")
    beta = sim_factory(account_id="222222222222", region="eu-west-1")
    (isolated_aws_environment / "config").write_text(
        f"[profile alpha]\nregion = us-east-1\nendpoint_url = {alpha.endpoint_url}\n\n"
        f"[profile beta]\nregion = eu-west-1\nendpoint_url = {beta.endpoint_url}\n\n"
        "[profile broken]\nregion = us-east-1\n\n"
        "[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/Admin\nsource_profile = alpha\n"
        "mfa_serial = arn:aws:iam::111111111111:mfa/me\n"
    )
    (isolated_aws_environment / "credentials").write_text(
        "[alpha]\naws_access_key_id = sim\naws_secret_access_key = sim\n\n"
        "[beta]\naws_access_key_id = sim\naws_secret_access_key = sim\n"
    )
    return {"alpha": alpha, "beta": beta}


@pytest.fixture
def alpha_connection(two_accounts: dict[str, Simulator]) -> Iterator[Connection]:
    connection = connect(profile="alpha")
    yield connection
    connection.close()


def notifications(messages: list[Message]) -> list[str]:
    return [str(message.notification.message) for message in messages if isinstance(message, Notify)]


def only_hit_is(app: WiredApp, theme: str) -> bool:
    hits = app.screen.query(CommandList)
    return bool(hits) and [str(option.prompt) for option in hits.first().options] == [theme]


def clusters_loaded(app: WiredApp, account: str) -> bool:
    screen = app.screen
    if not isinstance(screen, BrowserScreen):
        return False
    selected = screen.pane("clusters").selected
    return selected is not None and f":{account}:" in selected.arn


# Settings at start and theme saving ----------------------------------------------------------------------


async def test_theme_and_key_overrides_apply_at_start(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('theme = "nord"\n[keys]\nswitch_region = "f4"\n')
    app = WiredApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        assert app.theme == "nord"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, RegionPicker)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, RegionPicker), what="the region picker on f4")


async def test_a_key_override_that_takes_another_bindings_key_is_reported_once(
    alpha_connection: Connection, tmp_path: Path
) -> None:
    settings = tmp_path / "config.toml"
    # Textual reports clashes with bindings that have no id, such as its own ctrl+q quit.
    settings.write_text('[keys]\nswitch_region = "ctrl+q"\n')
    messages: list[Message] = []
    app = WiredApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, RegionPicker), what="the region picker on ctrl+q")
        await pilot.press("escape", "ctrl+q", "escape")
        await pilot.pause()
        assert notifications(messages) == [f"{settings}: [keys] gave ctrl+q to another binding, so 'quit' lost it."]


async def test_malformed_settings_are_reported_and_defaults_used(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('theme = "no-such-theme"\nrefresh_seconds = -3\n')
    messages: list[Message] = []
    app = WiredApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        shown = notifications(messages)
        assert [line.split(": ")[0] for line in shown] == [f"{settings}, line 1", f"{settings}, line 2"]
        app.theme = "gruvbox"
        await pilot.pause()
        assert "Theme not saved" in notifications(messages)[-1]
    assert settings.read_text() == 'theme = "no-such-theme"\nrefresh_seconds = -3\n'


async def test_picking_a_theme_saves_it(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "new-folder" / "config.toml"
    app = WiredApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not settings.exists()
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_config(settings)[0].theme == "gruvbox"


async def test_textual_theme_picker_choice_is_saved(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    save_config(AppConfig(refresh_seconds=30.0, keys={"switch_region": "f4"}), settings)
    app = WiredApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.action_change_theme()
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the theme picker")
        await pilot.press(*"gruvbox")
        await wait_until(pilot, lambda: only_hit_is(app, "gruvbox"), what="gruvbox alone in the theme picker")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "gruvbox", what="the picked theme")
    assert load_config(settings) == (AppConfig(theme="gruvbox", refresh_seconds=30.0, keys={"switch_region": "f4"}), [])


# Switching --------------------------------------------------------------------------------------------


async def test_switching_profile_reconnects_to_the_other_account(alpha_connection: Connection, tmp_path: Path) -> None:
    app = WiredApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="alpha's clusters")
        assert app.sub_title == "profile alpha · us-east-1"

        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker), what="the profile picker")
        await pilot.press(*"beta", "enter")
        await wait_until(pilot, lambda: clusters_loaded(app, "222222222222"), what="beta's clusters")
        # beta's own Region comes with it, since alpha's came from its profile.
        assert app.sub_title == "profile beta · eu-west-1"
        assert app.connection.settings.profile == "beta"
        assert app.connection.clients.ecs.meta.region_name == "eu-west-1"


async def test_switching_region_keeps_the_profile(alpha_connection: Connection, tmp_path: Path) -> None:
    app = WiredApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="alpha's clusters")
        first_reader = app.connection.reader
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RegionPicker), what="the region picker")
        await pilot.press(*"frankfurt", "enter")
        await wait_until(pilot, lambda: app.connection.settings.region == "eu-central-1", what="the new Region")
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="clusters again")
        assert app.sub_title == "profile alpha · eu-central-1"
        assert app.connection.reader is not first_reader
        assert app.connection.clients.ecs.meta.region_name == "eu-central-1"


async def test_failed_switch_keeps_the_old_connection(alpha_connection: Connection, tmp_path: Path) -> None:
    messages: list[Message] = []
    app = WiredApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="alpha's clusters")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker), what="the profile picker")
        await pilot.press(*"broken", "enter")
        await wait_until(pilot, lambda: len(notifications(messages)) >= 2, what="the failure message")
        failure = notifications(messages)[-1]
        assert "credentials" in failure.lower()
        assert app.connection is alpha_connection
        assert app.sub_title == "profile alpha · us-east-1"
        assert isinstance(app.screen, BrowserScreen)


async def test_mfa_profile_is_refused_with_advice(alpha_connection: Connection, tmp_path: Path) -> None:
    messages: list[Message] = []
    app = WiredApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker), what="the profile picker")
        await pilot.press(*"mfa", "enter")
        await wait_until(pilot, lambda: bool(notifications(messages)), what="the MFA advice")
        assert notifications(messages) == [
            "Profile mfa asks for an MFA code on the terminal: start ecs-tui with --profile mfa."
        ]
        assert app.connection is alpha_connection


async def test_cancelling_or_picking_the_current_profile_changes_nothing(
    alpha_connection: Connection, tmp_path: Path
) -> None:
    app = WiredApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="alpha's clusters")
        browser = app.screen
        await pilot.press("ctrl+o", "escape")
        await pilot.press("ctrl+o", "enter")
        await pilot.press("ctrl+r", "enter")
        await pilot.pause()
        assert app.screen is browser and app.connection is alpha_connection


async def test_demo_world_has_nothing_to_switch(demo_connection: Connection, tmp_path: Path) -> None:
    messages: list[Message] = []
    app = WiredApp(demo_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("ctrl+o", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert notifications(messages) == [
            "The demo world has no profiles; start without --demo to switch.",
            "The demo world has one Region; start without --demo to switch.",
        ]
