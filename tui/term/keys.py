"""Textual key names to the bytes an xterm sends.

Works from the key *name* only (``ctrl+c``, ``shift+up``, ``alt+x``): Textual fills
``event.character`` differently for real terminals and for Pilot, so it is used only for
printable characters without modifiers.
"""

from __future__ import annotations

from textual.keys import key_to_character

MODIFIER_NAMES = ("shift", "alt", "ctrl", "meta", "super", "hyper")
_MODIFIER_BITS = {"shift": 1, "alt": 2, "meta": 2, "ctrl": 4}

# Cursor keys: final letter, sent as CSI or, in application cursor mode, SS3.
_CURSOR = {"up": "A", "down": "B", "right": "C", "left": "D", "home": "H", "end": "F"}
# Editing keys: CSI n ~.
_TILDE = {"insert": 2, "delete": 3, "pageup": 5, "pagedown": 6}
_FUNCTION_SS3 = {1: "P", 2: "Q", 3: "R", 4: "S"}
_FUNCTION_TILDE = {5: 15, 6: 17, 7: 18, 8: 19, 9: 20, 10: 21, 11: 23, 12: 24}
_SIMPLE = {"enter": b"\r", "tab": b"\t", "escape": b"\x1b", "backspace": b"\x7f", "space": b" "}
# Textual names for control characters that are not ctrl+letter.
_CONTROL_ALIASES = {
    "ctrl+@": b"\x00",
    "ctrl+at": b"\x00",
    "ctrl+space": b"\x00",
    "ctrl+left_square_bracket": b"\x1b",
    "ctrl+backslash": b"\x1c",
    "ctrl+right_square_bracket": b"\x1d",
    "ctrl+circumflex_accent": b"\x1e",
    "ctrl+underscore": b"\x1f",
    "ctrl+backspace": b"\x08",
    "ctrl+h": b"\x08",
    "ctrl+question_mark": b"\x7f",
}


def split_key(key: str) -> tuple[frozenset[str], str]:
    """``"ctrl+shift+up"`` -> ({"ctrl", "shift"}, "up"); the base may itself be ``plus``."""
    tokens = key.split("+")
    modifiers = frozenset(t for t in tokens[:-1] if t in MODIFIER_NAMES)
    return modifiers, tokens[-1]


def _modifier_param(modifiers: frozenset[str]) -> int:
    return 1 + sum(_MODIFIER_BITS.get(m, 0) for m in modifiers)


def _function_key(number: int, modifiers: frozenset[str]) -> bytes | None:
    if 13 <= number <= 24:  # Textual names shift+F1..F12 as F13..F24.
        number -= 12
        modifiers = modifiers | {"shift"}
    param = _modifier_param(modifiers)
    if number in _FUNCTION_SS3:
        final = _FUNCTION_SS3[number]
        return f"\x1bO{final}".encode() if param == 1 else f"\x1b[1;{param}{final}".encode()
    if number in _FUNCTION_TILDE:
        code = _FUNCTION_TILDE[number]
        return f"\x1b[{code}~".encode() if param == 1 else f"\x1b[{code};{param}~".encode()
    return None


def _character(base: str, character: str | None, modifiers: frozenset[str]) -> str | None:
    """The printable character a key stands for, if any."""
    if character and len(character) == 1 and character.isprintable() and not modifiers - {"shift"}:
        return character
    if len(base) == 1:
        return base.upper() if "shift" in modifiers and base.isalpha() else base
    return key_to_character(base)


def encode_key(key: str, character: str | None = None, *, application_cursor: bool = False) -> bytes | None:
    """Bytes for a Textual key event, or None for keys a terminal does not send (bare modifiers)."""
    if key in _CONTROL_ALIASES:
        return _CONTROL_ALIASES[key]
    modifiers, base = split_key(key)
    if not base or base in MODIFIER_NAMES:
        return None
    if key == "shift+tab":
        return b"\x1b[Z"
    if base in _CURSOR:
        param = _modifier_param(modifiers)
        final = _CURSOR[base]
        if param > 1:
            return f"\x1b[1;{param}{final}".encode()
        return f"\x1bO{final}".encode() if application_cursor else f"\x1b[{final}".encode()
    if base in _TILDE:
        param = _modifier_param(modifiers)
        code = _TILDE[base]
        return f"\x1b[{code};{param}~".encode() if param > 1 else f"\x1b[{code}~".encode()
    if base[0] == "f" and base[1:].isdigit():
        return _function_key(int(base[1:]), modifiers)
    alt = "alt" in modifiers or "meta" in modifiers
    prefix = b"\x1b" if alt else b""
    if base in _SIMPLE:
        data = _SIMPLE[base]
        if "ctrl" in modifiers:
            data = {"space": b"\x00", "backspace": b"\x08"}.get(base, data)
        return prefix + data
    char = _character(base, character, modifiers)
    if char is None:
        return None
    if "ctrl" in modifiers:
        control = _control_byte(char)
        return None if control is None else prefix + control
    return prefix + char.encode()


def _control_byte(char: str) -> bytes | None:
    """Ctrl+char as xterm sends it: letters and @[\\]^_ to C0, ctrl+2..8 and ctrl+/ the classic way."""
    upper = char.upper()
    if "@" <= upper <= "_":
        return bytes([ord(upper) & 0x1F])
    return {"2": b"\x00", "3": b"\x1b", "4": b"\x1c", "5": b"\x1d", "6": b"\x1e", "7": b"\x1f", "8": b"\x7f", "/": b"\x1f", "?": b"\x7f", " ": b"\x00"}.get(char)


def encode_paste(text: str, *, bracketed: bool) -> bytes:
    """Pasted text as a terminal sends it: newlines as CR, wrapped in 200~/201~ when the child asked.

    An end marker inside the text is dropped so a paste can never end the bracket early.
    """
    text = text.replace("\r\n", "\r").replace("\n", "\r")
    if not bracketed:
        return text.encode()
    text = text.replace("\x1b[201~", "")
    return b"\x1b[200~" + text.encode() + b"\x1b[201~"


def focus_report(focused: bool) -> bytes:
    return b"\x1b[I" if focused else b"\x1b[O"
