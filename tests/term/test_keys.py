"""Key, paste, focus and mouse encodings: exact xterm bytes."""

from __future__ import annotations

import pytest

from tui.term.keys import encode_key, encode_paste, focus_report
from tui.term.mouse import MouseAction, encode_mouse


@pytest.mark.parametrize(
    ("key", "character", "expected"),
    [
        ("a", "a", b"a"),
        ("A", "A", b"A"),
        ("shift+a", None, b"A"),
        ("exclamation_mark", "!", b"!"),
        ("space", " ", b" "),
        ("enter", "\r", b"\r"),
        ("tab", "\t", b"\t"),
        ("shift+tab", None, b"\x1b[Z"),
        ("escape", "\x1b", b"\x1b"),
        ("backspace", "\x08", b"\x7f"),  # Pilot's character for backspace is \x08: the name wins
        ("backspace", "\x7f", b"\x7f"),
        ("ctrl+c", None, b"\x03"),
        ("ctrl+c", "\x03", b"\x03"),
        ("ctrl+a", None, b"\x01"),
        ("ctrl+z", None, b"\x1a"),
        ("ctrl+@", None, b"\x00"),
        ("ctrl+backslash", None, b"\x1c"),
        ("ctrl+right_square_bracket", None, b"\x1d"),
        ("ctrl+underscore", None, b"\x1f"),
        ("alt+x", None, b"\x1bx"),
        ("alt+shift+x", None, b"\x1bX"),
        ("alt+ctrl+a", None, b"\x1b\x01"),
        ("alt+enter", None, b"\x1b\r"),
        ("alt+backspace", None, b"\x1b\x7f"),
        ("up", None, b"\x1b[A"),
        ("down", None, b"\x1b[B"),
        ("right", None, b"\x1b[C"),
        ("left", None, b"\x1b[D"),
        ("home", None, b"\x1b[H"),
        ("end", None, b"\x1b[F"),
        ("shift+up", None, b"\x1b[1;2A"),
        ("alt+up", None, b"\x1b[1;3A"),
        ("ctrl+left", None, b"\x1b[1;5D"),
        ("ctrl+shift+right", None, b"\x1b[1;6C"),
        ("insert", None, b"\x1b[2~"),
        ("delete", None, b"\x1b[3~"),
        ("pageup", None, b"\x1b[5~"),
        ("pagedown", None, b"\x1b[6~"),
        ("ctrl+delete", None, b"\x1b[3;5~"),
        ("f1", None, b"\x1bOP"),
        ("f4", None, b"\x1bOS"),
        ("f5", None, b"\x1b[15~"),
        ("f12", None, b"\x1b[24~"),
        ("ctrl+f5", None, b"\x1b[15;5~"),
        ("f13", None, b"\x1b[1;2P"),  # Textual's name for shift+f1
        ("shift+f1", None, b"\x1b[1;2P"),
        ("é", "é", "é".encode()),
    ],
)
def test_key_bytes(key: str, character: str | None, expected: bytes) -> None:
    assert encode_key(key, character) == expected


def test_application_cursor_mode_uses_ss3_only_without_modifiers() -> None:
    assert encode_key("up", application_cursor=True) == b"\x1bOA"
    assert encode_key("home", application_cursor=True) == b"\x1bOH"
    assert encode_key("ctrl+up", application_cursor=True) == b"\x1b[1;5A"


@pytest.mark.parametrize("key", ["shift", "ctrl", "alt", "super"])
def test_bare_modifiers_send_nothing(key: str) -> None:
    assert encode_key(key) is None


def test_paste_raw_and_bracketed() -> None:
    assert encode_paste("a\nb", bracketed=False) == b"a\rb"
    assert encode_paste("a\r\nb", bracketed=True) == b"\x1b[200~a\rb\x1b[201~"
    assert encode_paste("x\x1b[201~rm -rf /\n", bracketed=True) == b"\x1b[200~xrm -rf /\r\x1b[201~"


def test_focus_reports() -> None:
    assert focus_report(True) == b"\x1b[I"
    assert focus_report(False) == b"\x1b[O"


@pytest.mark.parametrize(
    ("action", "button", "tracking", "sgr", "expected"),
    [
        (MouseAction.PRESS, 1, 1000, True, b"\x1b[<0;3;2M"),
        (MouseAction.RELEASE, 1, 1000, True, b"\x1b[<0;3;2m"),
        (MouseAction.PRESS, 3, 1000, True, b"\x1b[<2;3;2M"),
        (MouseAction.WHEEL_UP, 0, 1000, True, b"\x1b[<64;3;2M"),
        (MouseAction.WHEEL_DOWN, 0, 1000, True, b"\x1b[<65;3;2M"),
        (MouseAction.MOVE, 0, 1000, True, None),
        (MouseAction.MOVE, 1, 1002, True, b"\x1b[<32;3;2M"),
        (MouseAction.MOVE, 0, 1002, True, None),
        (MouseAction.MOVE, 0, 1003, True, b"\x1b[<35;3;2M"),
        (MouseAction.PRESS, 1, 1000, False, b"\x1b[M #\""),
        (MouseAction.RELEASE, 1, 1000, False, b"\x1b[M##\""),
        (MouseAction.WHEEL_UP, 0, 1000, False, b"\x1b[M`#\""),
        (MouseAction.PRESS, 1, 9, False, b"\x1b[M #\""),
        (MouseAction.RELEASE, 1, 9, False, None),
        (MouseAction.PRESS, 1, 0, True, None),
    ],
)
def test_mouse_reports(action: MouseAction, button: int, tracking: int, sgr: bool, expected: bytes | None) -> None:
    assert encode_mouse(action, button, 2, 1, tracking=tracking, sgr=sgr) == expected


def test_mouse_modifiers_and_far_cells() -> None:
    assert encode_mouse(MouseAction.PRESS, 1, 0, 0, tracking=1000, sgr=True, shift=True, ctrl=True) == b"\x1b[<20;1;1M"
    assert encode_mouse(MouseAction.PRESS, 1, 300, 0, tracking=1000, sgr=True) == b"\x1b[<0;301;1M"
    assert encode_mouse(MouseAction.PRESS, 1, 300, 0, tracking=1000, sgr=False) is None
