"""Mouse reports in xterm's X10/normal encoding and in SGR (1006) encoding."""

from __future__ import annotations

from enum import Enum


class MouseAction(Enum):
    PRESS = "press"
    RELEASE = "release"
    MOVE = "move"
    WHEEL_UP = "wheel_up"
    WHEEL_DOWN = "wheel_down"


# Textual button numbers (1 left, 2 middle, 3 right) to xterm's.
_BUTTONS = {1: 0, 2: 1, 3: 2}


def encode_mouse(
    action: MouseAction,
    button: int,
    x: int,
    y: int,
    *,
    tracking: int,
    sgr: bool,
    shift: bool = False,
    meta: bool = False,
    ctrl: bool = False,
) -> bytes | None:
    """The report for one mouse event at 0-based cell ``(x, y)``, or None if ``tracking`` does not ask for it.

    ``tracking`` is the mode the child set: 9 (press only), 1000 (press, release, wheel),
    1002 (plus motion with a button held) or 1003 (all motion). ``button`` is Textual's number,
    0 when none is held.
    """
    if not tracking or x < 0 or y < 0:
        return None
    if action is MouseAction.MOVE:
        if tracking == 1003 or (tracking == 1002 and button):
            code = 32 + _BUTTONS.get(button, 3)
        else:
            return None
    elif action is MouseAction.WHEEL_UP or action is MouseAction.WHEEL_DOWN:
        if tracking == 9:
            return None
        code = 64 if action is MouseAction.WHEEL_UP else 65
    elif action is MouseAction.RELEASE:
        if tracking == 9:
            return None
        code = _BUTTONS.get(button, 0) if sgr else 3
    else:
        code = _BUTTONS.get(button, 0)
    if tracking != 9:
        code += (4 if shift else 0) + (8 if meta else 0) + (16 if ctrl else 0)
    if sgr:
        final = "m" if action is MouseAction.RELEASE else "M"
        return f"\x1b[<{code};{x + 1};{y + 1}{final}".encode()
    if x + 33 > 255 or y + 33 > 255:
        return None
    return bytes([0x1B, 0x5B, 0x4D, 32 + code, 33 + x, 33 + y])
