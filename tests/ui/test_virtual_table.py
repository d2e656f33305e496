"""The virtual table in a small app: rows, cursor keys, clicks, messages, and what gets redrawn."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from tui.widgets.resource_table import ResourceTable
from tui.widgets.table_row import TableRow
from tui.widgets.virtual_table import VirtualTable

COLUMNS = ("Task", "Status", "Image")
SIZE = (60, 14)  # the table gets 60 x 11: a header line and 10 rows; the input below it 3 lines


def rows(count: int, start: int = 0) -> list[TableRow]:
    running = Text("RUNNING", style="green")
    return [TableRow.of(f"t{i}", (f"task-{i}", running, f"image-{i}")) for i in range(start, start + count)]


class TableApp(App[None]):
    CSS = "VirtualTable { height: 1fr; scrollbar-size-vertical: 0; }"

    def __init__(self, table: VirtualTable) -> None:
        super().__init__()
        self.table = table
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.table
        yield Input()

    def on_mount(self) -> None:
        self.table.focus()

    def on_virtual_table_row_highlighted(self, message: VirtualTable.RowHighlighted) -> None:
        self.messages.append(message)

    def on_virtual_table_row_selected(self, message: VirtualTable.RowSelected) -> None:
        self.messages.append(message)

    def highlighted(self) -> list[str]:
        return [m.row_key for m in self.messages if isinstance(m, VirtualTable.RowHighlighted)]

    def selected(self) -> list[str]:
        return [m.row_key for m in self.messages if isinstance(m, VirtualTable.RowSelected)]


def make_app(table: VirtualTable | None = None) -> TableApp:
    return TableApp(table or ResourceTable(COLUMNS))


def line(table: VirtualTable, y: int) -> str:
    return table.render_line(y).text


class DrawCounter:
    """Counts the lines the table draws afresh (not taken from its cache)."""

    def __init__(self, table: VirtualTable) -> None:
        self.rows: list[str] = []
        original = table._draw

        def counting(row: TableRow, style: Any) -> Any:
            self.rows.append(row.key)
            return original(row, style)

        table._draw = counting  # type: ignore[method-assign]


async def test_rows_arrive_and_the_cursor_lands_on_the_first() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(3))
        table.add_row("task-x", "PENDING", "img", key="tx")
        await pilot.pause()
        assert table.row_count == 4
        assert table.columns == COLUMNS
        assert [str(cell) for cell in table.get_row_at(3)] == ["task-x", "PENDING", "img"]
        assert table.row_key_at(1) == "t1" and table.get_row_index("tx") == 3
        assert table.has_row("t2") and not table.has_row("nope")
        assert (table.cursor_row, table.cursor_key) == (0, "t0")
        assert app.highlighted() == ["t0"]
        assert line(table, 0).split() == ["Task", "Status", "Image"]
        assert line(table, 1).split() == ["task-0", "RUNNING", "image-0"]


async def test_keys_move_the_cursor_and_announce_each_new_row() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(50))
        await pilot.press("down", "j", "j")
        assert table.cursor_row == 3
        await pilot.press("k", "up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row == 11
        await pilot.press("G")
        assert table.cursor_row == 49
        await pilot.press("down")
        assert table.cursor_row == 49
        await pilot.press("pageup")
        assert table.cursor_row == 39
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end", "home")
        await pilot.pause()
        assert app.highlighted() == ["t0", "t1", "t2", "t3", "t2", "t1", "t11", "t49", "t39", "t0", "t49", "t0"]


async def test_the_header_stays_and_the_cursor_row_stays_in_view() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(50))
        await pilot.press("end")
        await pilot.pause()
        assert line(table, 0).split()[0] == "Task"
        assert line(table, 10).split()[0] == "task-49"
        assert line(table, 1).split()[0] == "task-40"
        table.move_cursor(row=5)
        await pilot.pause()
        assert line(table, 1).split()[0] == "task-5"


async def test_enter_and_a_second_click_select_a_click_moves_the_cursor() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(5))
        await pilot.press("enter")
        assert await pilot.click(table, offset=(3, 3))
        await pilot.pause()
        assert table.cursor_row == 2
        assert await pilot.click(table, offset=(3, 3))
        assert await pilot.click(table, offset=(3, 0))  # the header: nothing
        assert await pilot.click(table, offset=(3, 9))  # below the rows: nothing
        await pilot.pause()
        assert table.cursor_row == 2
        assert app.selected() == ["t0", "t2"]


async def test_the_cursor_keeps_its_key_when_rows_go_and_moves_on_when_its_row_goes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(6))
        table.move_cursor(row=3)
        table.remove_rows(["t0", "t1", "missing"])
        assert (table.cursor_row, table.cursor_key) == (1, "t3")
        table.remove_row("t3")
        assert (table.cursor_row, table.cursor_key) == (1, "t4")
        table.remove_rows(["t4", "t5"])
        assert (table.cursor_row, table.cursor_key) == (0, "t2")
        table.remove_row("t2")
        assert (table.row_count, table.cursor_key) == (0, None)
        with pytest.raises(KeyError):
            table.remove_row("t2")
        await pilot.pause()
        assert app.highlighted() == ["t0", "t3", "t4", "t2"]


async def test_updates_keep_the_cursor_and_an_unchanged_row_is_left_alone() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(5))
        table.move_cursor(row=2)
        table.update_row("t2", ["task-2", Text("STOPPED", style="red"), "image-2"])
        assert table.get_row_at(2)[1] == Text("STOPPED")
        assert table.cursor_key == "t2"
        with pytest.raises(KeyError):
            table.update_row("nope", ["a", "b", "c"])
        with pytest.raises(ValueError):
            table.add_rows(rows(1))
        with pytest.raises(ValueError):
            table.add_rows([*rows(1, start=7), *rows(1, start=7)])
        await pilot.pause()
        assert app.highlighted() == ["t0", "t2"]


async def test_rows_added_below_the_fold_draw_nothing_and_an_update_draws_one_line() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(20))
        await pilot.pause()
        drawn = DrawCounter(table)
        table.add_rows(rows(70, start=20))  # no wider than the rows there are
        await pilot.pause()
        assert drawn.rows == []
        table.update_rows(rows(3))  # the same cells: nothing to draw
        await pilot.pause()
        assert drawn.rows == []
        table.update_row("t4", ["task-4", "STOPPED", "image-4"])
        await pilot.pause()
        assert drawn.rows == ["t4"]
        await pilot.press("down")
        assert sorted(drawn.rows) == ["t0", "t1", "t4"]


async def test_a_wider_cell_widens_its_column_up_to_the_cap_and_the_last_column_fills_the_width() -> None:
    app = make_app(ResourceTable(COLUMNS))
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_row("short", "OK", "img", key="a")
        await pilot.pause()
        assert line(table, 1).startswith(" short  OK      img")
        assert len(line(table, 1)) == 60
        table.add_row("x" * 70, "OK", "img", key="b")
        await pilot.pause()
        assert line(table, 2).startswith(" " + "x" * 47 + "… ")
        assert line(table, 1).startswith(" short" + " " * 45 + "OK")


async def test_replacing_the_rows_keeps_the_cursor_on_its_key_if_it_stays() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(10))
        table.move_cursor(row=6)
        table.replace_rows(row for row in rows(10) if row.key in {"t1", "t6", "t9"})
        assert (table.row_count, table.cursor_row, table.cursor_key) == (3, 1, "t6")
        table.replace_rows(rows(2, start=20))
        assert (table.cursor_row, table.cursor_key) == (0, "t20")
        table.clear()
        assert (table.row_count, table.cursor_key) == (0, None)
        await pilot.pause()
        assert app.highlighted() == ["t0", "t6", "t20"]


async def test_the_cursor_row_is_brighter_when_the_table_has_focus() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(3))
        await pilot.pause()
        focused_cursor = table.render_lines(table.size.region)[1]
        plain_row = table.render_lines(table.size.region)[2]
        await pilot.press("tab")
        assert app.focused is not table
        await pilot.pause()
        blurred_cursor = table.render_lines(table.size.region)[1]
        lines = (focused_cursor, plain_row, blurred_cursor)
        backgrounds = [{segment.style.bgcolor for segment in strip if segment.style} for strip in lines]
        assert all(len(colours) == 1 for colours in backgrounds)
        assert len({colour for colours in backgrounds for colour in colours}) == 3


class ScrollbarApp(TableApp):
    CSS = "VirtualTable { height: 1fr; }"


async def test_the_scrollbar_follows_rows_streaming_in_and_the_columns_make_room_for_it() -> None:
    app = ScrollbarApp(ResourceTable(COLUMNS))
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(3))
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        assert len(line(table, 1)) == 60
        table.add_rows(rows(47, start=3))
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.max_scroll_y == 51 - 11
        width = table.scrollable_content_region.width
        assert width < 60 and len(line(table, 1).rstrip()) <= width
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_offset.y == 40 and line(table, 10).split()[0] == "task-49"


class KeymapApp(TableApp):
    """Records the keys that bubble up to the app; "x" is bound (by the keymap) to the table's cursor_down."""

    def __init__(self, table: VirtualTable) -> None:
        super().__init__(table)
        self.bubbled: list[str] = []
        self.set_keymap({"table.cursor_down": "x"})

    def on_key(self, event: Any) -> None:
        self.bubbled.append(event.key)


class KeymappedTable(VirtualTable):
    BINDINGS = [Binding("down", "cursor_down", "Cursor down", show=False, id="table.cursor_down")]


async def test_the_table_runs_its_bindings_itself_and_other_keys_bubble_up() -> None:
    app = KeymapApp(KeymappedTable(COLUMNS))
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.add_rows(rows(5))
        await pilot.press("up", "x", "x", "z", "at")  # "down" is now "x"; "z" and "@" are nobody's
        await pilot.pause()
        assert table.cursor_row == 2
        assert app.bubbled == ["z", "at"]
