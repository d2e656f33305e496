"""Cell attributes: SGR parsing and the table that turns attribute tuples into small style ids.

A colour is an int: ``DEFAULT`` (-1), a palette index 0-255, or ``RGB_FLAG | 0xRRGGBB``.
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT = -1
RGB_FLAG = 1 << 24

BOLD = 1
DIM = 2
ITALIC = 4
UNDERLINE = 8
BLINK = 16
REVERSE = 32
INVISIBLE = 64
STRIKE = 128

_SET_FLAG = {1: BOLD, 2: DIM, 3: ITALIC, 4: UNDERLINE, 5: BLINK, 6: BLINK, 7: REVERSE, 8: INVISIBLE, 9: STRIKE, 21: UNDERLINE}
_CLEAR_FLAG = {22: BOLD | DIM, 23: ITALIC, 24: UNDERLINE, 25: BLINK, 27: REVERSE, 28: INVISIBLE, 29: STRIKE}


class Pen(NamedTuple):
    """The attributes new characters are drawn with."""

    fg: int = DEFAULT
    bg: int = DEFAULT
    flags: int = 0


PLAIN = Pen()


def _extended_colour(values: list[int], index: int) -> tuple[int | None, int]:
    """Read ``5;n`` or ``2;r;g;b`` starting at ``values[index]``; return (colour or None, next index)."""
    if index >= len(values):
        return None, index
    kind = values[index]
    if kind == 5 and index + 1 < len(values):
        n = values[index + 1]
        return (n if 0 <= n <= 255 else None), index + 2
    if kind == 2 and index + 3 < len(values):
        r, g, b = values[index + 1 : index + 4]
        if max(r, g, b) <= 255:
            return RGB_FLAG | (r << 16) | (g << 8) | b, index + 4
        return None, index + 4
    return None, len(values)


def _colon_colour(field: str) -> int | None:
    """Decode a colon form such as ``38:5:196``, ``38:2:r:g:b`` or ``38:2::r:g:b``."""
    parts = field.split(":")[1:]
    try:
        if parts and parts[0] == "5" and len(parts) >= 2:
            n = int(parts[1])
            return n if 0 <= n <= 255 else None
        if parts and parts[0] == "2" and len(parts) >= 4:
            r, g, b = (int(p or 0) for p in parts[-3:])
            return RGB_FLAG | (r << 16) | (g << 8) | b if max(r, g, b) <= 255 else None
    except ValueError:
        return None
    return None


def apply_sgr(pen: Pen, params: str) -> Pen:
    """Return the pen after ``CSI params m``; unknown or malformed parameters are ignored."""
    if not params or params == "0":
        return PLAIN
    fg, bg, flags = pen
    fields = params.split(";")
    if ":" in params:
        for field in fields:
            if ":" not in field:
                continue
            head = field.split(":", 1)[0]
            if head in ("38", "48", "58"):
                colour = _colon_colour(field)
                if colour is not None and head == "38":
                    fg = colour
                elif colour is not None and head == "48":
                    bg = colour
            elif head == "4":
                style = field.split(":")[1]
                flags = flags & ~UNDERLINE if style == "0" else flags | UNDERLINE
        fields = [f for f in fields if ":" not in f]
        if not fields:
            return Pen(fg, bg, flags)
    values = [int(f) if f.isdigit() else 0 for f in fields]
    i = 0
    count = len(values)
    while i < count:
        v = values[i]
        i += 1
        if v == 0:
            fg, bg, flags = DEFAULT, DEFAULT, 0
        elif 30 <= v <= 37:
            fg = v - 30
        elif 40 <= v <= 47:
            bg = v - 40
        elif 90 <= v <= 97:
            fg = v - 82
        elif 100 <= v <= 107:
            bg = v - 92
        elif v == 39:
            fg = DEFAULT
        elif v == 49:
            bg = DEFAULT
        elif v == 38 or v == 48 or v == 58:
            colour, i = _extended_colour(values, i)
            if colour is not None and v == 38:
                fg = colour
            elif colour is not None and v == 48:
                bg = colour
        elif v in _SET_FLAG:
            flags |= _SET_FLAG[v]
        elif v in _CLEAR_FLAG:
            flags &= ~_CLEAR_FLAG[v]
    return Pen(fg, bg, flags)


class StyleTable:
    """Interns pens as small ints so rows store one int per cell; id 0 is the plain pen."""

    def __init__(self) -> None:
        self.pens: list[Pen] = [PLAIN]
        self._ids: dict[Pen, int] = {PLAIN: 0}

    def id_for(self, pen: Pen) -> int:
        style_id = self._ids.get(pen)
        if style_id is None:
            style_id = self._ids[pen] = len(self.pens)
            self.pens.append(pen)
        return style_id

    def __len__(self) -> int:
        return len(self.pens)
