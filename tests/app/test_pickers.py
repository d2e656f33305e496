"""The profile and Region pickers in a small host app: filter by typing, Enter picks, Escape cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from tests.app.helpers import wait_until
from tui.screens.pickers import FilterPicker, ProfilePicker, RegionPicker

PROFILES = ["default", "admin", "ci", "legacy-sso", "prod-readonly", "sso-dev", "staging"]
PROFILE_DETAILS = {
    "default": "static keys · eu-west-1",
    "admin": "assume role from default (MFA)",
    "ci": "web identity",
    "legacy-sso": "SSO",
    "prod-readonly": "assume role from sso-dev · us-east-1",
    "sso-dev": "SSO · eu-central-1",
    "staging": "credential process · eu-west-2",
}
REGIONS = ["ap-northeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"]
REGION_NAMES = {
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-2": "US West (Oregon)",
}


class PickerHost(App[None]):
    """Opens one picker at start and records what it dismissed with."""

    def __init__(self, make_picker: Callable[[], FilterPicker]) -> None:
        super().__init__()
        self._make_picker = make_picker
        self.results: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Label("host screen")

    def on_mount(self) -> None:
        self.push_screen(self._make_picker(), self.results.append)


def profile_picker(current: str | None = "sso-dev", profiles: list[str] = PROFILES) -> PickerHost:
    return PickerHost(lambda: ProfilePicker(profiles, current, details=PROFILE_DETAILS))


def region_picker(current: str = "eu-west-1") -> PickerHost:
    return PickerHost(lambda: RegionPicker(REGIONS, current, details=REGION_NAMES))


def shown(app: App[Any]) -> list[str]:
    options = app.screen.query_one("#picker-options", OptionList)
    return [str(options.get_option_at_index(index).id) for index in range(options.option_count)] if options.display else []


def highlighted(app: App[Any]) -> str | None:
    option = app.screen.query_one("#picker-options", OptionList).highlighted_option
    return None if option is None else option.id


def empty_message(app: App[Any]) -> str | None:
    label = app.screen.query_one("#picker-empty", Label)
    return str(label.content) if label.display else None


async def opened(pilot: Pilot[Any]) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FilterPicker), what="the picker")
    await pilot.pause()


# Profile picker -------------------------------------------------------------------------------------


async def test_profile_picker_lists_every_profile_with_the_current_one_marked_and_highlighted() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert shown(app) == PROFILES
        assert highlighted(app) == "sso-dev"
        options = app.screen.query_one("#picker-options", OptionList)
        prompts = {str(options.get_option_at_index(i).id): str(options.get_option_at_index(i).prompt) for i in range(7)}
        assert prompts["sso-dev"].startswith("● sso-dev")
        assert prompts["sso-dev"].endswith("SSO · eu-central-1")
        assert prompts["ci"].startswith("  ci ")
        assert app.screen.focused is app.screen.query_one("#picker-filter", Input)


async def test_typing_filters_by_name_and_details_then_enter_picks_the_first_match() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"sso")
        assert shown(app) == ["legacy-sso", "prod-readonly", "sso-dev"]
        assert highlighted(app) == "legacy-sso"
        await pilot.press("space", *"EU")
        assert shown(app) == ["sso-dev"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results == ["sso-dev"], what="the picked profile")
        assert not isinstance(app.screen, FilterPicker)


async def test_arrow_keys_move_through_the_matches_while_typing() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"role")
        assert shown(app) == ["admin", "prod-readonly"]
        await pilot.press("down")
        assert highlighted(app) == "prod-readonly"
        await pilot.press("down", "up", "down")
        assert highlighted(app) == "prod-readonly"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results == ["prod-readonly"], what="the picked profile")


async def test_clearing_the_filter_highlights_the_current_profile_again() -> None:
    app = profile_picker(current="staging")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("s", "t")
        assert shown(app) == ["default", "prod-readonly", "staging"]
        assert highlighted(app) == "default"
        await pilot.press("backspace", "backspace")
        assert shown(app) == PROFILES
        assert highlighted(app) == "staging"


async def test_escape_cancels_with_none() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("a", "escape")
        await wait_until(pilot, lambda: app.results == [None], what="the cancelled picker")
        assert not isinstance(app.screen, FilterPicker)


async def test_no_match_says_so_and_enter_does_nothing() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"zzz")
        assert shown(app) == []
        assert empty_message(app) == "Nothing matches 'zzz'."
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfilePicker) and app.results == []


async def test_clicking_a_profile_picks_it() -> None:
    app = profile_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        options = app.screen.query_one("#picker-options", OptionList)
        await pilot.click(options, offset=(4, 2))
        await wait_until(pilot, lambda: app.results == ["ci"], what="the clicked profile")


async def test_no_current_profile_marks_default() -> None:
    app = profile_picker(current=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert highlighted(app) == "default"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results == ["default"], what="the default profile")


async def test_no_profiles_at_all() -> None:
    app = profile_picker(current=None, profiles=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert shown(app) == []
        assert empty_message(app) == "No profiles in the AWS config or credentials file."
        await pilot.press("enter", "escape")
        await wait_until(pilot, lambda: app.results == [None], what="the cancelled picker")


# Region picker -------------------------------------------------------------------------------------


async def test_region_filter_matches_region_names() -> None:
    app = region_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert highlighted(app) == "eu-west-1"
        await pilot.press(*"london")
        assert shown(app) == ["eu-west-2"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results == ["eu-west-2"], what="the picked region")


async def test_current_region_missing_from_the_list_is_shown_first() -> None:
    app = region_picker(current="eusc-de-east-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert shown(app) == ["eusc-de-east-1", *REGIONS]
        assert highlighted(app) == "eusc-de-east-1"


async def test_a_full_region_code_that_is_not_listed_can_be_typed() -> None:
    app = region_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"ap-east-2")
        assert shown(app) == []
        assert empty_message(app) == "Nothing listed matches; Enter uses 'ap-east-2'."
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results == ["ap-east-2"], what="the typed region")


async def test_text_that_is_not_a_region_code_cannot_be_picked() -> None:
    app = region_picker()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"mars-1")
        assert empty_message(app) == "Nothing matches 'mars-1'."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RegionPicker) and app.results == []


# Snapshots (80x24) -----------------------------------------------------------------------------------


async def _steady(pilot: Pilot[Any]) -> None:
    await opened(pilot)
    pilot.app.screen.query_one("#picker-filter", Input).cursor_blink = False
    await pilot.pause()


def test_profile_picker_snapshot(snap_compare: Any) -> None:
    assert snap_compare(profile_picker(), terminal_size=(80, 24), run_before=_steady)


def test_region_picker_snapshot(snap_compare: Any) -> None:
    assert snap_compare(region_picker(), terminal_size=(80, 24), run_before=_steady)


def test_region_picker_typed_code_snapshot(snap_compare: Any) -> None:
    assert snap_compare(region_picker(), press=list("ap-east-2"), terminal_size=(80, 24), run_before=_steady)
