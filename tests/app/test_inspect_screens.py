"""The JSON view and the service activity screen, on services described by the demo world over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import boto3
import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static

from tests.app.helpers import FIXED_NOW, fixed_clock, wait_until
from tui.app import EcsApp
from tui.aws.models import Service
from tui.screens.json_view import JsonLines, JsonViewScreen, format_json, json_tokens
from tui.screens.service_activity import ServiceActivityScreen, newest_first
from tui.sim import SimConfig, Simulator
from tui.startup import connect

SIZE = (100, 30)


@dataclass(frozen=True)
class DemoServices:
    rolling: Service  # prod-web/checkout-api: a deployment in progress, 21 events
    chatty: Service  # prod-web/notifications-api: 83 events, a big document


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServices]:
    """Services described through boto3 from the demo world frozen at FIXED_NOW."""
    simulator = Simulator(SimConfig(world="demo", clock=FIXED_NOW.timestamp))
    simulator.start()
    try:
        ecs = boto3.session.Session().client(
            "ecs", endpoint_url=simulator.endpoint_url, region_name="us-east-1",
            aws_access_key_id="sim", aws_secret_access_key="sim",
        )  # fmt: skip
        described = ecs.describe_services(cluster="prod-web", services=["checkout-api", "notifications-api"])
        rolling, chatty = (Service.from_api(data) for data in described["services"])
    finally:
        simulator.stop()
    yield DemoServices(rolling=rolling, chatty=chatty)


class HostApp(App[None]):
    """Pushes one screen over an empty default screen, as the browser will."""

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.animation_level = "none"
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def opened(pilot: Pilot[None], kind: type[Screen[None]]) -> Any:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), what=kind.__name__)
    await pilot.pause()
    return pilot.app.screen


def line_text(view: JsonLines, y: int) -> str:
    return view.render_line(y).text


# -- JSON formatting ---------------------------------------------------------------------------


def test_format_keeps_the_api_order_indents_by_two_and_writes_times_in_utc(demo: DemoServices) -> None:
    text = format_json(demo.rolling.raw)
    lines = text.split("\n")
    assert lines[1] == f'  "{next(iter(demo.rolling.raw))}": {json.dumps(next(iter(demo.rolling.raw.values())))},'
    keys = [line.split('"')[1] for line in lines if line.startswith('  "')]
    assert keys == list(demo.rolling.raw)
    newest = demo.rolling.events[0].created_at
    assert newest is not None
    assert f'"createdAt": "{newest.isoformat()}"' in text
    assert newest.utcoffset() == timedelta(0) and newest.isoformat().endswith("+00:00")


def test_format_writes_every_time_in_utc_and_never_fails_on_odd_values() -> None:
    document = {
        "naive": datetime(2026, 1, 2, 3, 4, 5),
        "paris": datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=timezone(timedelta(hours=1))),
        "day": date(2026, 1, 2),
        "nested": MappingProxyType({"b": 1, "a": [Decimal("1.5"), None]}),
    }
    assert format_json(document) == "\n".join(
        [
            "{",
            '  "naive": "2026-01-02T03:04:05+00:00",',
            '  "paris": "2026-01-02T02:04:05.600000+00:00",',
            '  "day": "2026-01-02",',
            '  "nested": {',
            '    "b": 1,',
            '    "a": [',
            '      "1.5",',
            "      null",
            "    ]",
            "  }",
            "}",
        ]
    )


def test_tokens_cover_every_character_and_tell_keys_from_values(demo: DemoServices) -> None:
    for line in format_json(demo.chatty.raw).split("\n"):
        assert "".join(piece for piece, _ in json_tokens(line)) == line
    assert list(json_tokens('    "desiredCount": 4,')) == [
        ("    ", "plain"),
        ('"desiredCount"', "key"),
        (":", "punctuation"),
        (" ", "plain"),
        ("4", "number"),
        (",", "punctuation"),
    ]
    assert [kind for _, kind in json_tokens('  "a \\"b\\"", true, null, -1.5e3')] == [
        "plain", "string", "punctuation", "plain", "literal", "punctuation",
        "plain", "literal", "punctuation", "plain", "number",
    ]  # fmt: skip


# -- JSON view ---------------------------------------------------------------------------------


async def test_json_view_scrolls_with_keys(demo: DemoServices) -> None:
    app = HostApp(JsonViewScreen("Service notifications-api", demo.chatty.raw))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, JsonViewScreen)
        view = screen.lines_view
        assert screen.focused is view
        assert view.virtual_size.height == screen.line_count == format_json(demo.chatty.raw).count("\n") + 1
        assert line_text(view, 0).startswith("{")

        await pilot.press("j", "j", "down")
        assert view.scroll_offset.y == 3
        await pilot.press("k")
        assert view.scroll_offset.y == 2
        await pilot.press("pagedown")
        assert view.scroll_offset.y == 2 + view.scrollable_content_region.height
        await pilot.press("G")
        assert view.scroll_offset.y == view.max_scroll_y > 400
        assert line_text(view, view.scrollable_content_region.height - 1).startswith("}")
        await pilot.press("g")
        assert view.scroll_offset.y == 0
        await pilot.press("end")
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("home", "pagedown", "pageup")
        assert view.scroll_offset.y == 0


async def test_c_copies_exactly_the_json_shown(demo: DemoServices) -> None:
    app = HostApp(JsonViewScreen("Service checkout-api", demo.rolling.raw))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, JsonViewScreen)
        await pilot.press("c")
        assert app.clipboard == format_json(demo.rolling.raw)
        copied = json.loads(app.clipboard)
        assert list(copied) == list(demo.rolling.raw)
        assert copied["events"][0]["message"] == demo.rolling.events[0].message
        assert [n.message for n in app._notifications] == [f"Copied {screen.line_count} lines of JSON"]


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_closes(demo: DemoServices, key: str) -> None:
    app = HostApp(JsonViewScreen("Service checkout-api", demo.rolling.raw))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, JsonViewScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, JsonViewScreen)


async def test_search_jumps_to_matches_and_n_finds_the_next(demo: DemoServices) -> None:
    app = HostApp(JsonViewScreen("Service notifications-api", demo.chatty.raw))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, JsonViewScreen)
        view = screen.lines_view
        lines = format_json(demo.chatty.raw).split("\n")
        matching = [i for i, line in enumerate(lines) if "steady" in line.lower()]
        assert len(matching) > 2

        await pilot.press("slash", *"Steady", "q", "backspace", "enter")
        assert screen.focused is view
        assert isinstance(app.screen, JsonViewScreen)  # q went into the search box
        top = view.scroll_offset.y
        assert top <= matching[0] < top + view.scrollable_content_region.height
        assert "steady" in line_text(view, matching[0] - top).lower()

        await pilot.press("n")
        top = view.scroll_offset.y
        assert top <= matching[1] < top + view.scrollable_content_region.height
        await pilot.press("N", "N")  # back to the first match, then around to the last
        top = view.scroll_offset.y
        assert top <= matching[-1] < top + view.scrollable_content_region.height


async def test_escape_in_the_search_box_closes_only_the_box(demo: DemoServices) -> None:
    app = HostApp(JsonViewScreen("Service checkout-api", demo.rolling.raw))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, JsonViewScreen)
        await pilot.press("slash", "x")
        assert screen.query_one("#json-search").display
        await pilot.press("escape")
        assert isinstance(app.screen, JsonViewScreen)
        assert not screen.query_one("#json-search").display
        assert screen.focused is screen.lines_view
        await pilot.press("slash", *"zqzq", "enter")
        assert [n.message for n in app._notifications] == ["Not found: zqzq"]


async def test_brackets_in_aws_text_are_shown_not_read_as_markup() -> None:
    document = {"message": "[bold]deploy[/bold] [link=https://x]y[/link] [red", "title": "[b]"}
    app = HostApp(JsonViewScreen("[b]weird[/b] title", document))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, JsonViewScreen)
        shown = line_text(screen.lines_view, 1).strip()
        assert shown == '"message": "[bold]deploy[/bold] [link=https://x]y[/link] [red",'
        assert screen.query_one("#json-dialog").border_title == "\\[b]weird\\[/b] title"


async def test_highlighting_follows_the_theme(demo: DemoServices) -> None:
    app = HostApp(JsonViewScreen("Cluster", {"clusterName": "prod-web"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, JsonViewScreen)

        def key_colour() -> Any:
            segment = next(s for s in screen.lines_view.render_line(1) if s.text == '"clusterName"')
            return segment.style.color

        dark = key_colour()
        app.theme = "solarized-light"
        await pilot.pause()
        assert key_colour() != dark


# -- service activity ------------------------------------------------------------------------


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def event_lines(events: OptionList) -> list[str]:
    """Each event's prompt as one unwrapped line of text."""
    console = Console(width=1000, record=True, file=open("/dev/null", "w"))
    for index in range(events.option_count):
        console.print(events.get_option_at_index(index).prompt)
    return [line.rstrip() for line in console.export_text().splitlines()]


async def test_activity_lists_deployments_then_events_newest_first(demo: DemoServices) -> None:
    service = demo.rolling
    app = HostApp(ServiceActivityScreen(service, fixed_clock))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, ServiceActivityScreen)
        rows = table_rows(screen.query_one("#deployments", DataTable))
        assert [row[:2] for row in rows] == [["PRIMARY", "IN_PROGRESS"], ["ACTIVE", "COMPLETED"]]
        primary = service.primary_deployment
        assert primary is not None and primary.created_at is not None
        assert rows[0][2:] == [
            primary.task_definition.rsplit("/", 1)[1],
            str(primary.desired_count),
            str(primary.running_count),
            str(primary.pending_count),
            str(primary.failed_tasks),
            "20s",
            "20s",
        ]
        assert str(screen.query_one("#deployment-detail", Static).content) == (
            f"{primary.id}: {primary.rollout_state_reason}"
        )

        events = screen.query_one("#events", OptionList)
        assert screen.focused is events
        expected = newest_first(service.events)
        assert [e.created_at for e in expected] == sorted((e.created_at for e in service.events), reverse=True)
        shown = event_lines(events)
        assert len(shown) == len(service.events) == 21
        assert shown[0] == f"  4s {expected[0].message}"
        assert shown[-1].endswith(expected[-1].message)
        assert str(screen.query_one("#events-heading", Static).content) == "Events (21, newest first)"


async def test_tab_moves_between_deployments_and_events_and_c_copies_the_row(demo: DemoServices) -> None:
    app = HostApp(ServiceActivityScreen(demo.rolling, fixed_clock))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, ServiceActivityScreen)
        await pilot.press("down", "c")
        assert app.clipboard == newest_first(demo.rolling.events)[1].message
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#deployments")
        await pilot.press("down", "c")
        active = [d for d in demo.rolling.deployments if d.status == "ACTIVE"][0]
        assert app.clipboard == active.id
        assert str(screen.query_one("#deployment-detail", Static).content).startswith(f"{active.id}: ")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#events")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ServiceActivityScreen)


def with_new_event(service: Service, message: str, **changes: Any) -> Service:
    raw = dict(service.raw)
    raw["events"] = [{"id": "new-event", "createdAt": FIXED_NOW, "message": message}, *raw["events"]]
    raw.update(changes)
    return Service.from_api(raw)


async def test_update_service_shows_new_events_and_keeps_the_cursor(demo: DemoServices) -> None:
    app = HostApp(ServiceActivityScreen(demo.rolling, fixed_clock))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, ServiceActivityScreen)
        events = screen.query_one("#events", OptionList)
        await pilot.press("down", "down")
        under_cursor = newest_first(demo.rolling.events)[2]

        screen.update_service(with_new_event(demo.rolling, "[red]not markup[/red]", runningCount=9))
        await pilot.pause()
        assert events.option_count == 22
        assert event_lines(events)[0] == "  0s [red]not markup[/red]"
        assert events.highlighted == 3 and newest_first(screen.service.events)[3].id == under_cursor.id
        assert "running 9" in str(screen.query_one("#activity-dialog").border_subtitle)

        other = Service.from_api({**demo.chatty.raw})
        screen.update_service(other)
        await pilot.pause()
        assert screen.service.arn == demo.rolling.arn and events.option_count == 22


async def test_a_service_with_no_history_says_so() -> None:
    empty = Service.from_api({"serviceArn": "arn:aws:ecs:us-east-1:1:service/c/s", "serviceName": "s"})
    app = HostApp(ServiceActivityScreen(empty, fixed_clock))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, ServiceActivityScreen)
        assert str(screen.query_one("#deployments-heading", Static).content) == "Deployments: none reported"
        assert str(screen.query_one("#events-heading", Static).content) == "Events: none reported"
        await pilot.press("c", "tab", "c")
        assert app.clipboard == ""


# -- snapshots ---------------------------------------------------------------------------------


def test_snapshot_json_view(snap_compare: Any, demo: DemoServices) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await opened(pilot, JsonViewScreen)

    app = HostApp(JsonViewScreen("Service checkout-api", demo.rolling.raw))
    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_snapshot_json_view_search(snap_compare: Any, demo: DemoServices) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await opened(pilot, JsonViewScreen)
        await pilot.press("slash", *"rollout", "enter")
        await pilot.pause()

    app = HostApp(JsonViewScreen("Service checkout-api", demo.rolling.raw))
    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_snapshot_service_activity(snap_compare: Any, demo: DemoServices) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await opened(pilot, ServiceActivityScreen)

    app = HostApp(ServiceActivityScreen(demo.rolling, fixed_clock))
    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


# -- inside the real app ---------------------------------------------------------------------------


async def test_inspect_keys_open_the_screens_over_the_browser() -> None:
    connection = connect(demo=True)
    try:
        app = EcsApp(connection, clock=fixed_clock, refresh_seconds=0)
        async with app.run_test(size=(160, 48)) as pilot:
            browser = app.browser
            main = app.screen
            await wait_until(pilot, lambda: browser.pane("services").selected is not None, what="services")
            await pilot.press("enter")
            service = browser.pane("services").selected

            await pilot.press("d")
            await opened(pilot, JsonViewScreen)
            await pilot.press("c")
            assert json.loads(app.clipboard)["serviceArn"] == service.arn
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is main, what="back to the browser")

            await pilot.press("e")
            activity = await opened(pilot, ServiceActivityScreen)
            assert activity.query_one("#events", OptionList).option_count == len(service.events)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is main, what="back to the browser")

            await pilot.press("c")
            assert app.clipboard == service.name
            await pilot.press("C")
            assert app.clipboard == service.arn
    finally:
        connection.close()
