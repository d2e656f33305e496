"""Floods of complete lines: kept unread in the scrollback, and still the same as printing them one by one."""

from __future__ import annotations

import random

import pytest
from rich.color import Color
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from tui.term.emulator import Emulator
from tui.term.flood import LineBlock, LineStyler, Scrollback, resets_pen
from tui.term.render import Palette, render_row
from tui.term.rows import PackedRow, Row
from tui.term.style import BOLD, Pen, StyleTable


def coloured_flood(lines: int, seed: int) -> bytes:
    """Lines whose pen often carries over from one line to the next (no reset at the end)."""
    rnd = random.Random(seed)
    out = []
    for i in range(lines):
        choice = rnd.random()
        if choice < 0.3:
            out.append(b"plain %d" % i)
        elif choice < 0.5:
            out.append(b"\x1b[3%dmcarries %d" % (i % 8, i))  # no reset: the next lines inherit it
        elif choice < 0.6:
            out.append(b"\x1b[1mbold and \x1b[;4munderlined after a reset written ;4")
        elif choice < 0.7:
            out.append(b"\x1b[00;38;2;%d;2;3mtruecolour after 00\x1b[22m" % (i % 256))
        elif choice < 0.8:
            out.append(b"\x1b[48;5;%dm" % (i % 256))  # only an SGR: an empty line with a background
        elif choice < 0.85:
            out.append(b"\x1b[0m\x1b[7mreverse \x1b[27mend \x1b[m")
        elif choice < 0.9:
            out.append(b"\x1b[1mone\x1b[1m style\x1b[0m, then the erase style\x1b[0m")
        else:
            out.append(b"x" * rnd.randint(20, 45))  # may be wider than the screen
    return b"\r\n".join(out) + b"\r\n"


def state(emulator: Emulator, order: list[int] | None = None) -> tuple[object, ...]:
    s = emulator.screen
    indices = order if order is not None else list(range(len(s.history)))
    history = {i: s.history_row(i) for i in indices}
    rows = [history[i] for i in sorted(history)] + s.rows
    return (
        [r.chars for r in rows],
        [[s.styles.pens[x] for x in r.styles] for r in rows],
        [r.wrapped for r in rows],
        (s.x, s.y, s.pen, s.erase_style, s.last_char, s.history_added),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lines_read_in_any_order_match_printing_one_by_one(seed: int) -> None:
    data = coloured_flood(900, seed)

    def run(fast: bool, order: list[int] | None = None) -> tuple[object, ...]:
        e = Emulator(40, 8, scrollback=300)
        if not fast:
            e.screen.can_take_lines = lambda: False  # type: ignore[method-assign]
        for i in range(0, len(data), 5000):
            e.feed(data[i : i + 5000])
        return state(e, order)

    reversed_order = list(range(299, -1, -1))
    shuffled = list(range(300))
    random.Random(seed).shuffle(shuffled)
    expected = run(False)
    assert run(True) == expected
    assert run(True, reversed_order) == expected
    assert run(True, shuffled) == expected


def test_a_flood_keeps_only_the_scrollback_limit_and_counts_every_line() -> None:
    e = Emulator(20, 4, scrollback=50)
    e.feed(b"".join(b"line %d\r\n" % i for i in range(1000)))
    screen = e.screen
    assert len(screen.history) == 50
    assert screen.history_added == 1000 - 3
    assert screen.history_row(0).text.rstrip() == "line 947"
    assert screen.history_row(49).text.rstrip() == "line 996"
    assert [line.rstrip() for line in screen.display()] == ["line 997", "line 998", "line 999", ""]


def test_resets_pen() -> None:
    assert all(resets_pen(p) for p in ("", "0", "00", "0;31", ";1", "000;4"))
    assert not any(resets_pen(p) for p in ("1", "01", "31;0", "10"))


def test_style_before_walks_back_to_a_reset_or_the_block_start() -> None:
    table = StyleTable()
    styler = LineStyler(table)
    bold = table.id_for(Pen(flags=BOLD))
    block = LineBlock(["\x1b[1ma", "b", "c\x1b[0m", "\x1b[31md", "e"], bold, 10, styler)
    assert block.style_before(5) == table.id_for(Pen(fg=1))
    assert block.style_before(2) == bold
    assert block.style_before(3) == 0
    assert block.style_before(0) == bold
    row = block.row(0)
    assert row.text == "a" + " " * 9 and row.styles[0] == bold


def test_scrollback_materialises_lines_once_and_pops_rows() -> None:
    styler = LineStyler(StyleTable())
    block = LineBlock(["one", "two", "three"], 0, 8, styler)
    scrollback = Scrollback(2)
    scrollback.append(Row(8))
    scrollback.extend_lines(block, 3)
    assert len(scrollback) == 2
    first = scrollback[0]
    assert first.text == "two     " and scrollback[0] is first
    assert scrollback.pop().text == "three   "
    assert len(scrollback) == 1
    scrollback.clear()
    assert len(scrollback) == 0


@pytest.mark.parametrize("width", [30, 40, 50])
def test_a_packed_row_renders_as_its_cells_would(width: int) -> None:
    e = Emulator(40, 8, scrollback=300)
    e.feed(coloured_flood(300, seed=4))
    screen = e.screen
    palette = Palette(screen.styles.pens, DEFAULT_TERMINAL_THEME, Color.parse("white"), Color.parse("black"))
    packed = [row for row in [screen.history_row(i) for i in range(len(screen.history))] if isinstance(row, PackedRow)]
    assert len(packed) > 100
    for row in packed:
        straight = list(render_row(row, palette, width))
        assert row.chars  # builds the cell lists: rendering now goes cell by cell
        assert list(render_row(row, palette, width)) == straight
