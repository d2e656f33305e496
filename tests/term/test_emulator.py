"""Emulator behaviour on hand-written byte streams (the tmux conformance tests cover real programs)."""

from __future__ import annotations

import base64
import random

import pytest

from tui.term.emulator import Emulator
from tui.term.style import BOLD, DEFAULT, DIM, ITALIC, REVERSE, RGB_FLAG, STRIKE, UNDERLINE, Pen


def make(data: bytes, width: int = 20, height: int = 5, scrollback: int = 100) -> Emulator:
    emulator = Emulator(width, height, scrollback=scrollback)
    emulator.feed(data)
    return emulator


def text(emulator: Emulator) -> list[str]:
    return [line.rstrip() for line in emulator.screen.display()]


def test_sgr_attributes_and_colours() -> None:
    e = make(b"\x1b[1;2;3;4;7;9;31;42mA\x1b[0;38;5;200;48;2;1;2;3mB\x1b[22;23;24;27;29;39;49;91mC\x1b[38:2::10:20:30mD\x1b[mE")
    screen = e.screen
    assert screen.cell(0, 0) == ("A", Pen(1, 2, BOLD | DIM | ITALIC | UNDERLINE | REVERSE | STRIKE))
    assert screen.cell(0, 1) == ("B", Pen(200, RGB_FLAG | 0x010203, 0))
    assert screen.cell(0, 2) == ("C", Pen(9, RGB_FLAG | 0x010203, 0)[:1] + (DEFAULT, 0))
    assert screen.cell(0, 3)[1].fg == RGB_FLAG | 0x0A141E
    assert screen.cell(0, 4) == ("E", Pen())


def test_malformed_sequences_never_raise() -> None:
    rnd = random.Random(3)
    alphabet = b"\x1b[];?0123456789mHJKhlPX^_\x07\\abc\xe4\xb8\xad\r\n"
    for _ in range(200):
        e = Emulator(10, 4)
        e.feed(bytes(rnd.choice(alphabet) for _ in range(300)))
        assert len(e.screen.display()) == 4


def test_wrap_and_pending_wrap() -> None:
    e = make(b"abcdefghij" * 2 + b"X", width=10)
    assert text(e)[:3] == ["abcdefghij", "abcdefghij", "X"]
    assert e.screen.rows[0].wrapped and e.screen.rows[1].wrapped
    e = make(b"abcdefghij\r\n", width=10)
    assert (e.screen.x, e.screen.y) == (0, 1)
    e = make(b"\x1b[?7labcdefghijKL", width=10)
    assert text(e)[0] == "abcdefghiL"


def test_wide_and_combining_characters() -> None:
    e = make("中文ab\r\ne\u0301x".encode())
    assert e.screen.rows[0].chars[:6] == ["中", "", "文", "", "a", "b"]
    assert e.screen.rows[1].chars[:2] == ["e\u0301", "x"]
    e = make("abc中".encode() + b"\x1b[1;5Hz", width=5)  # overwrite the second half
    assert e.screen.rows[0].chars == ["a", "b", "c", " ", "z"]
    e = make("abcd中".encode(), width=5)  # no room: wraps whole
    assert text(e)[:2] == ["abcd", "中"]


def test_utf8_split_across_feeds() -> None:
    e = Emulator(10, 2)
    data = "héllo 中".encode()
    for byte in data:
        e.feed(bytes([byte]))
    assert text(e)[0] == "héllo 中"


def test_sequences_split_across_feeds() -> None:
    data = b"\x1b[31mred\x1b]0;title\x07\x1b[2;3Hxy\x1b(0q\x1b(B"
    whole = make(data)
    for size in (1, 2, 3, 5):
        e = Emulator(20, 5)
        for i in range(0, len(data), size):
            e.feed(data[i : i + size])
        assert e.screen.display() == whole.screen.display()
        assert e.title == "title"


def test_alternate_screen_1049_saves_cursor() -> None:
    e = make(b"primary\x1b[3;4H\x1b[?1049h\x1b[Halt\x1b[?1049l")
    assert text(e)[0] == "primary"
    assert (e.screen.y, e.screen.x) == (2, 3)
    assert not e.screen.on_alternate


def test_alternate_screen_47_and_1047() -> None:
    e = make(b"one\x1b[?47hAB\x1b[?47l")
    assert text(e)[0] == "one"
    e.feed(b"\x1b[?47h")
    assert text(e)[0].endswith("AB")  # 47 keeps the alternate contents
    e.feed(b"\x1b[?47l\x1b[?1047hzz\x1b[?1047l\x1b[?1047h")
    assert text(e)[0] == ""  # 1047 cleared it on leaving


def test_scrollback_only_from_the_primary_buffer() -> None:
    e = make(b"".join(b"%d\r\n" % i for i in range(10)), height=3, scrollback=4)
    assert [e.screen.history_row(i).text.rstrip() for i in range(len(e.screen.history))] == ["4", "5", "6", "7"]
    e = make(b"\x1b[?1049h" + b"".join(b"%d\r\n" % i for i in range(10)), height=3)
    assert len(e.screen.history) == 0
    e = make(b"top\x1b[2;3r\x1b[3;1H" + b"".join(b"%d\r\n" % i for i in range(4)), height=3)
    assert [e.screen.history_row(i).text.rstrip() for i in range(len(e.screen.history))] == ["", "0", "1", "2"]
    assert e.screen.display()[0].rstrip() == "top"  # the row above the region stays


def test_scroll_region_insert_delete_lines() -> None:
    e = make(b"a\r\nb\r\nc\r\nd\r\ne\x1b[2;4r\x1b[4;1H\n", height=5)
    assert text(e) == ["a", "c", "d", "", "e"]
    e = make(b"a\r\nb\r\nc\r\nd\r\ne\x1b[2;1H\x1b[L", height=5)
    assert text(e) == ["a", "", "b", "c", "d"]
    e = make(b"a\r\nb\r\nc\r\nd\r\ne\x1b[2;1H\x1b[2M", height=5)
    assert text(e) == ["a", "d", "e", "", ""]
    e = make(b"a\r\nb\r\nc\x1b[1;1H\x1bM", height=3)
    assert text(e) == ["", "a", "b"]


def test_insert_delete_erase_characters() -> None:
    e = make(b"abcdef\x1b[1;2H\x1b[2@")
    assert text(e)[0] == "a  bcdef"
    e = make(b"abcdef\x1b[1;2H\x1b[2P")
    assert text(e)[0] == "adef"
    e = make(b"abcdef\x1b[1;2H\x1b[2X")
    assert text(e)[0] == "a  def"
    e = make(b"abcdef\x1b[1;3H\x1b[K")
    assert text(e)[0] == "ab"
    e = make(b"abcdef\x1b[1;3H\x1b[1K")
    assert text(e)[0] == "   def"
    e = make(b"abcdef\x1b[1;3H\x1b[4hXY")
    assert text(e)[0] == "abXYcdef"


def test_erase_uses_the_current_background() -> None:
    e = make(b"\x1b[44m\x1b[2J")
    assert e.screen.cell(3, 3) == (" ", Pen(DEFAULT, 4, 0))


def test_modes_tracked_for_input() -> None:
    e = make(b"\x1b[?1h\x1b[?25l\x1b[?1002h\x1b[?1006h\x1b[?1004h\x1b[?2004h")
    assert e.application_cursor and not e.screen.cursor_visible
    assert e.mouse_tracking == 1002 and e.mouse_sgr and e.focus_reporting and e.bracketed_paste
    e.feed(b"\x1b[?1l\x1b[?25h\x1b[?1002l\x1b[?1006l\x1b[?1004l\x1b[?2004l")
    assert not e.application_cursor and e.screen.cursor_visible
    assert e.mouse_tracking == 0 and not (e.mouse_sgr or e.focus_reporting or e.bracketed_paste)


def test_title_bell_clipboard_and_replies() -> None:
    e = Emulator(20, 5)
    seen: list[object] = []
    e.on_title = lambda title: seen.append(("title", title))
    e.on_bell = lambda: seen.append("bell")
    e.on_clipboard = lambda text: seen.append(("clip", text))
    e.on_reply = lambda data: seen.append(data)
    payload = base64.b64encode("copied ✓".encode())
    e.feed(b"\x1b]2;hello\x1b\\\x07\x1b]52;c;" + payload + b"\x07\x1b]52;c;?\x07\x1b[3;4H\x1b[6n\x1b[c\x1b[5n")
    assert seen == [("title", "hello"), "bell", ("clip", "copied ✓"), b"\x1b[3;4R", b"\x1b[?62;22c", b"\x1b[0n"]


def test_dec_line_drawing() -> None:
    e = make(b"\x1b(0lqk\x1b(Bq")
    assert text(e)[0] == "┌─┐q"


def test_save_restore_cursor_and_pen() -> None:
    e = make(b"\x1b[2;3H\x1b[31m\x1b7\x1b[H\x1b[0mA\x1b8B")
    assert e.screen.cell(1, 2) == ("B", Pen(1, DEFAULT, 0))


def test_resize_moves_rows_into_scrollback_and_back() -> None:
    e = make(b"".join(b"line%d\r\n" % i for i in range(5)) + b"$ ", height=6)
    e.resize(20, 3)
    assert text(e) == ["line3", "line4", "$"]
    e.resize(30, 6)
    assert text(e)[:3] == ["line0", "line1", "line2"]
    assert e.screen.width == 30 and len(e.screen.rows[0].chars) == 30


def plain_line_stream(seed: int) -> bytes:
    rnd = random.Random(seed)
    parts = []
    for i in range(600):
        choice = rnd.random()
        if choice < 0.4:
            parts.append(b"plain line %d " % i + b"x" * rnd.randint(0, 30))
        elif choice < 0.7:
            parts.append(b"\x1b[%dm%d\x1b[0m \x1b[1;4%dmbold\x1b[22m tail" % (31 + i % 7, i, i % 8))
        elif choice < 0.8:
            parts.append(b"w" * rnd.randint(35, 90))  # wraps
        elif choice < 0.9:
            parts.append("uni ✓ 中文 %d".encode() % i)
        else:
            parts.append(b"\x1b[44mbackground")
    return b"\r\n".join(parts) + b"\r\n\x1b[0mend"


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_plain_line_fast_path_matches_the_general_path(chunk: int) -> None:
    data = plain_line_stream(chunk)

    def run(fast: bool) -> tuple[object, ...]:
        e = Emulator(30, 6, scrollback=200)
        if not fast:
            e.screen.can_take_lines = lambda: False  # type: ignore[method-assign]
        for i in range(0, len(data), chunk):
            e.feed(data[i : i + chunk])
        s = e.screen
        rows = [s.history_row(i) for i in range(len(s.history))] + s.rows
        return (
            [r.chars for r in rows],
            [[s.styles.pens[x] for x in r.styles] for r in rows],
            [r.wrapped for r in rows],
            (s.x, s.y, s.pen, s.history_added),
        )

    assert run(True) == run(False)
