"""EcsApp's settings and account switching, on real simulators: settings applied at start, theme saved,
profile and Region switched from the pickers (a new connection, the header, the panes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.notifications import Notify

from tests.app.helpers import wait_until
from tui.app import EcsApp
from tui.config import AppConfig, load_config, save_config
from tui.screens.main import MainScreen
from tui.screens.pickers import ProfilePicker, RegionPicker
from tui.sim import Simulator
from tui.startup import Connection, connect


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


def only_hit_is(app: EcsApp, theme: str) -> bool:
    hits = app.screen.query(CommandList)
    return bool(hits) and [str(option.prompt) for option in hits.first().options] == [theme]


def clusters_loaded(app: EcsApp, account: str) -> bool:
    if not isinstance(app.screen, MainScreen):
        return False
    selected = app.browser.pane("clusters").selected
    return selected is not None and f":{account}:" in selected.arn


# Settings at start and theme saving ----------------------------------------------------------------------


async def test_theme_and_key_overrides_apply_at_start(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('theme = "nord"\n[keys]\nswitch_region = "f4"\n')
    app = EcsApp(alpha_connection, config_file=settings)
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
    app = EcsApp(alpha_connection, config_file=settings)
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
    app = EcsApp(alpha_connection, config_file=settings)
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
    app = EcsApp(alpha_connection, config_file=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not settings.exists()
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_config(settings)[0].theme == "gruvbox"


async def test_textual_theme_picker_choice_is_saved(alpha_connection: Connection, tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    save_config(AppConfig(refresh_seconds=30.0, keys={"switch_region": "f4"}), settings)
    app = EcsApp(alpha_connection, config_file=settings)
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
    app = EcsApp(alpha_connection, config_file=tmp_path / "config.toml")
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
    app = EcsApp(alpha_connection, config_file=tmp_path / "config.toml")
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
    app = EcsApp(alpha_connection, config_file=tmp_path / "config.toml")
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
        assert isinstance(app.screen, MainScreen)


async def test_mfa_profile_is_refused_with_advice(alpha_connection: Connection, tmp_path: Path) -> None:
    messages: list[Message] = []
    app = EcsApp(alpha_connection, config_file=tmp_path / "config.toml")
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
    app = EcsApp(alpha_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: clusters_loaded(app, "111111111111"), what="alpha's clusters")
        browser = app.browser
        await pilot.press("ctrl+o", "escape")
        await pilot.press("ctrl+o", "enter")
        await pilot.press("ctrl+r", "enter")
        await pilot.pause()
        assert app.browser is browser and app.connection is alpha_connection


async def test_demo_world_has_nothing_to_switch(demo_connection: Connection, tmp_path: Path) -> None:
    messages: list[Message] = []
    app = EcsApp(demo_connection, config_file=tmp_path / "config.toml")
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("ctrl+o", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert notifications(messages) == [
            "The demo world has no profiles; start without --demo to switch.",
            "The demo world has one Region; start without --demo to switch.",
        ]
