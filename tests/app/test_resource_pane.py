"""A resource pane on its own: batches coalesced into the table, refresh in place, filters, status line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.app.helpers import fixed_clock
from tests.ui.test_virtual_table import DrawCounter
from tui.widgets.resource_pane import FLUSH_INTERVAL, ResourcePane
from tui.widgets.rows import RowFormat, status_text


@dataclass(frozen=True)
class Thing:
    name: str
    status: str


class CountingFormat(RowFormat[Thing]):
    """Thing rows, counting how many rows were formatted."""

    def __init__(self) -> None:
        super().__init__(("Name", "Status"), lambda thing: thing.name, self._cells)
        self.formatted = 0

    def _cells(self, thing: Thing, now: datetime) -> tuple[str | Text, ...]:
        self.formatted += 1
        return (thing.name, status_text(thing.status))


class PaneApp(App[None]):
    CSS = "ResourcePane { height: 1fr; } ResourceTable { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.format = CountingFormat()

    def compose(self) -> ComposeResult:
        yield ResourcePane("Things", self.format, fixed_clock, id="things")

    @property
    def pane(self) -> ResourcePane[Thing]:
        return self.query_one(ResourcePane)

    def status(self) -> str:
        return str(self.pane.query_one(".pane-status", Static).content)


def things(names: range, status: str = "RUNNING") -> list[Thing]:
    return [Thing(f"thing-{n:03d}", status) for n in names]


def shown(pane: ResourcePane[Thing]) -> list[str]:
    return [pane.table.row_key_at(i) for i in range(pane.table.row_count)]


async def test_batches_in_quick_succession_reach_the_table_together() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.pane
        pane.begin("owner")
        assert app.status() == "loading…"
        pane.add_batch("owner", things(range(0, 3)))
        assert pane.table.row_count == 3  # the first batch goes straight in
        pane.add_batch("owner", things(range(3, 6)))
        pane.add_batch("owner", things(range(6, 9)))
        assert pane.table.row_count == 3
        assert len(pane.items) == 9
        assert pane.find(lambda thing: thing.name == "thing-008") is not None
        await pilot.pause(FLUSH_INTERVAL * 3)
        assert shown(pane) == [f"thing-{n:03d}" for n in range(9)]
        assert app.status() == "9 loaded…"
        pane.finish("owner")
        assert app.status() == "9 items"
        assert pane.selected == Thing("thing-000", "RUNNING")


async def test_finishing_or_selecting_flushes_what_is_waiting() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("owner")
        pane.add_batch("owner", things(range(0, 2)))
        pane.add_batch("owner", things(range(2, 4)))
        assert pane.select_key("thing-003")
        assert pane.table.row_count == 4 and pane.selected == Thing("thing-003", "RUNNING")
        pane.add_batch("owner", things(range(4, 6)))
        pane.finish("owner")
        assert pane.table.row_count == 6
        assert not pane.select_key("thing-999")


async def test_batches_for_another_owner_are_dropped() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("new")
        pane.add_batch("old", things(range(3)))
        pane.finish("old", "too late")
        assert pane.items == [] and app.status() == "loading…"


async def test_a_refresh_updates_in_place_redraws_only_changed_rows_and_drops_vanished_ones() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.pane
        pane.begin("owner")
        pane.add_batch("owner", things(range(10)))
        pane.finish("owner")
        pane.select_key("thing-005")
        await pilot.pause()
        drawn = DrawCounter(pane.table)
        pane.begin_refresh()
        assert app.status() == "10 · refreshing…"
        pane.add_batch("owner", [*things(range(0, 4)), Thing("thing-004", "STOPPED"), *things(range(5, 8))])
        pane.finish("owner")
        await pilot.pause()
        assert drawn.rows == ["thing-004"]
        assert shown(pane) == [f"thing-{n:03d}" for n in range(8)]
        assert pane.selected == Thing("thing-005", "RUNNING")
        assert app.status() == "8 items"
        assert pane.table.get_row_at(4)[1] == Text("STOPPED")


async def test_listing_again_keeps_the_resources_held_unless_they_changed() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("owner")
        first = things(range(4))
        pane.add_batch("owner", first)
        pane.finish("owner")
        pane.begin_refresh()
        changed = Thing("thing-002", "STOPPED")
        held = pane.add_batch("owner", [*things(range(2)), changed, *things(range(3, 4))])
        pane.finish("owner")
        assert [a is b for a, b in zip(held, first)] == [True, True, False, True]
        assert held[2] is changed and pane.selected is first[0]
        pane.begin("owner")  # the same pane loaded again from scratch
        again = pane.add_batch("owner", things(range(2)))
        assert again[0] is first[0] and again[1] is first[1]
        pane.finish("owner")
        pane.begin("another owner")
        assert pane.add_batch("another owner", things(range(1)))[0] is not first[0]
        assert pane.add_batch("owner", things(range(1))) == []  # a stale owner's batch is dropped


async def test_a_filter_rematches_the_rows_without_formatting_them_again_and_keeps_the_cursor() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("owner")
        pane.add_batch("owner", [*things(range(0, 5)), *things(range(5, 10), "STOPPED")])
        pane.finish("owner")
        pane.select_key("thing-007")
        formatted = app.format.formatted
        pane.set_filter("status:stop")
        assert shown(pane) == [f"thing-{n:03d}" for n in range(5, 10)]
        assert pane.selected == Thing("thing-007", "STOPPED")
        assert app.status() == "5 of 10 items"
        pane.set_filter("thing-00")
        assert pane.selected == Thing("thing-007", "STOPPED")
        pane.set_filter("thing-001")
        assert pane.selected == Thing("thing-001", "RUNNING")
        pane.set_filter("")
        assert pane.table.row_count == 10 and pane.selected == Thing("thing-001", "RUNNING")
        assert app.format.formatted == formatted


async def test_rows_arriving_under_a_filter_are_shown_only_if_they_match() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("owner")
        pane.set_filter("running")
        pane.add_batch("owner", [*things(range(0, 2)), *things(range(2, 4), "STOPPED")])
        pane.finish("owner")
        assert shown(pane) == ["thing-000", "thing-001"]
        pane.begin_refresh()
        pane.add_batch("owner", [Thing("thing-000", "STOPPED"), *things(range(1, 4))])
        pane.finish("owner")
        assert shown(pane) == ["thing-001", "thing-002", "thing-003"]
        assert app.status() == "3 of 4 items"


async def test_an_error_keeps_the_rows_and_says_what_failed() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)):
        pane = app.pane
        pane.begin("owner")
        pane.add_batch("owner", things(range(2)))
        pane.finish("owner", "Access denied [for] you")
        assert pane.table.row_count == 2
        assert app.status() == "2 shown · failed 0s ago: Access denied [for] you"
