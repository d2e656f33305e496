"""Rows measured once, cells cut with an ellipsis, column widths kept up to date batch by batch."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui.widgets.table_columns import ColumnWidths
from tui.widgets.table_row import TableRow, cell_segments, fit

CONSOLE = Console(width=80)


def text_of(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments)


def test_a_row_keeps_its_plain_text_and_widths() -> None:
    row = TableRow.of("t1", ("abc", Text("RUNNING", style="green"), "日本"))
    assert row.plain == ("abc", "RUNNING", "日本")
    assert row.widths == (3, 7, 4)


def test_rows_look_the_same_only_with_the_same_text_and_styles() -> None:
    row = TableRow.of("t1", ("a", Text("RUNNING", style="green")))
    assert row.same_cells(TableRow.of("t1", ("a", Text("RUNNING", style="green"))))
    assert not row.same_cells(TableRow.of("t1", ("a", Text("RUNNING", style="red"))))
    assert not row.same_cells(TableRow.of("t1", ("b", Text("RUNNING", style="green"))))
    assert not row.same_cells(TableRow.of("t1", ("a", "RUNNING")))


def test_cells_become_segments_with_their_own_style() -> None:
    assert cell_segments("plain", CONSOLE) == [Segment("plain")]
    assert cell_segments(Text("ok", style="green"), CONSOLE) == [Segment("ok", Style.parse("green"))]
    spanned = Text("ab")
    spanned.stylize("bold", 1, 2)
    assert text_of(cell_segments(spanned, CONSOLE)) == "ab"
    assert [segment.style.bold if segment.style else None for segment in cell_segments(spanned, CONSOLE)][-1]


def test_fit_pads_short_cells_and_cuts_long_ones_with_an_ellipsis() -> None:
    assert text_of(fit([Segment("abc")], 3, 5)) == "abc  "
    assert text_of(fit([Segment("abc")], 3, 3)) == "abc"
    cut = fit([Segment("abcdef", Style.parse("red"))], 6, 4)
    assert text_of(cut) == "abc…"
    assert cut[-1].style == Style.parse("red")
    assert text_of(fit([Segment("日本語")], 6, 3)) == "日…"


def test_columns_grow_with_their_widest_cell_up_to_the_cap() -> None:
    columns = ColumnWidths(("Name", "Status"), cap=10)
    assert columns.resolve(0) == (4, 6)
    assert columns.observe([TableRow.of("a", ("abcdefg", "OK"))])
    assert not columns.observe([TableRow.of("b", ("abc", "OK"))])
    assert columns.resolve(0) == (7, 6)
    columns.observe([TableRow.of("c", ("x" * 30, "OK"))])
    assert columns.resolve(0) == (10, 6)


def test_the_last_column_takes_the_room_left() -> None:
    columns = ColumnWidths(("Name", "Image"), cap=10)
    columns.observe([TableRow.of("a", ("abc", "i" * 40))])
    # 4 + 10 content, 2 cells of padding round each column: 18 used of 30
    assert columns.resolve(30) == (4, 22)
    assert columns.resolve(10) == (4, 10)


def test_a_short_row_widens_only_its_own_columns_and_reset_forgets_rows() -> None:
    columns = ColumnWidths(("A", "B", "C"), cap=20)
    columns.observe([TableRow.of("a", ("12345",))])
    assert columns.resolve(0) == (5, 1, 1)
    columns.reset()
    assert columns.resolve(0) == (1, 1, 1)
