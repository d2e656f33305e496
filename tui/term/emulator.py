"""The byte stream interpreter: xterm control sequences applied to a ``Screen``.

One compiled regular expression splits decoded text into printable runs and control or escape
sequences; printable runs go to the screen as slices. Partial sequences at the end of a feed are
held until the next one, and UTF-8 is decoded incrementally, so reads may split anywhere.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Callable

from tui.term.screen import Screen
from tui.term.style import PLAIN

_TOKEN = re.compile(
    r"([^\x00-\x1f\x7f-\x9f]+)"  # 1: printable run
    r"|(\r\n)"  # 2: the most common control pair
    r"|\x1b\[([\x30-\x3f]*)([\x20-\x2f]*)([\x40-\x7e])"  # 3, 4, 5: CSI params, intermediates, final
    r"|\x1b\](.*?)(?:\x07|\x1b\\)"  # 6: OSC body
    r"|\x1b([PX^_]).*?\x1b\\"  # 7: DCS, SOS, PM, APC (consumed and ignored)
    # 8, 9: ESC intermediates, final (a bare final never opens a string or CSI)
    r"|\x1b([\x20-\x2f]*)((?<=[\x20-\x2f])[\x30-\x7e]|[\x30-\x4f\x51-\x57\x59\x5a\x5c\x60-\x7e])"
    r"|([\x00-\x1a\x1c-\x1f\x7f-\x9f])"  # 10: single control
    r"|(\x1b)",  # 11: ESC that starts nothing complete (yet)
    re.DOTALL,
)
_PARTIAL = re.compile(r"\x1b(?:\[[\x30-\x3f]*[\x20-\x2f]*|\].*|[PX^_].*|[\x20-\x2f]*)", re.DOTALL)
_MAX_PENDING = 1 << 20
# Complete lines of ASCII text and SGR sequences only, each ending in CR LF (atomic, no backtracking).
_PLAIN_LINES = re.compile(r"(?:(?:[\x20-\x7e]++|\x1b\[[0-9;]*+m)*+\r\n)+")

# DEC special graphics (ESC ( 0): line drawing characters.
DEC_SPECIAL_GRAPHICS = str.maketrans(
    {
        "`": "◆", "a": "▒", "b": "␉", "c": "␌", "d": "␍", "e": "␊", "f": "°", "g": "±",
        "h": "␤", "i": "␋", "j": "┘", "k": "┐", "l": "┌", "m": "└", "n": "┼", "o": "⎺",
        "p": "⎻", "q": "─", "r": "⎼", "s": "⎽", "t": "├", "u": "┤", "v": "┴", "w": "┬",
        "x": "│", "y": "≤", "z": "≥", "{": "π", "|": "≠", "}": "£", "~": "·",
    }
)  # fmt: skip

MOUSE_MODES = (9, 1000, 1002, 1003)
ALTERNATE_MODES = (47, 1047, 1049)


def _numbers(params: str, default: int = 0) -> list[int]:
    """CSI parameters as ints; empty or malformed fields take ``default``."""
    if not params:
        return [default]
    return [int(p) if p.isdigit() else default for p in params.split(";")]


class Emulator:
    """A VT/xterm terminal state machine fed with bytes.

    Callbacks (all optional) report what the host should act on: ``on_reply`` gets bytes the
    terminal answers with (device attributes, cursor position), ``on_title``, ``on_bell`` and
    ``on_clipboard`` (OSC 52 text from the child).
    """

    def __init__(self, width: int = 80, height: int = 24, *, scrollback: int = 10_000) -> None:
        self.screen = Screen(width, height, scrollback)
        self.on_reply: Callable[[bytes], None] | None = None
        self.on_title: Callable[[str], None] | None = None
        self.on_bell: Callable[[], None] | None = None
        self.on_clipboard: Callable[[str], None] | None = None
        self.bytes_fed = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._reset_modes()
        self._csi: dict[str, Callable[[str], None]] = {
            "@": lambda p: self.screen.insert_chars(max(1, _numbers(p)[0])),
            "A": lambda p: self.screen.cursor_up(max(1, _numbers(p)[0])),
            "B": lambda p: self.screen.cursor_down(max(1, _numbers(p)[0])),
            "C": lambda p: self.screen.cursor_right(max(1, _numbers(p)[0])),
            "D": lambda p: self.screen.cursor_left(max(1, _numbers(p)[0])),
            "E": self._next_line,
            "F": self._previous_line,
            "G": lambda p: self.screen.set_column(max(1, _numbers(p)[0]) - 1),
            "`": lambda p: self.screen.set_column(max(1, _numbers(p)[0]) - 1),
            "a": lambda p: self.screen.cursor_right(max(1, _numbers(p)[0])),
            "H": self._cursor_position,
            "f": self._cursor_position,
            "I": lambda p: self.screen.tab(max(1, _numbers(p)[0])),
            "Z": lambda p: self.screen.back_tab(max(1, _numbers(p)[0])),
            "J": lambda p: self.screen.erase_display(_numbers(p)[0]),
            "K": lambda p: self.screen.erase_line(_numbers(p)[0]),
            "L": lambda p: self.screen.insert_lines(max(1, _numbers(p)[0])),
            "M": lambda p: self.screen.delete_lines(max(1, _numbers(p)[0])),
            "P": lambda p: self.screen.delete_chars(max(1, _numbers(p)[0])),
            "S": lambda p: self.screen.scroll_up(max(1, _numbers(p)[0])),
            "T": self._scroll_down,
            "X": lambda p: self.screen.erase_chars(max(1, _numbers(p)[0])),
            "b": lambda p: self.screen.repeat_last(max(1, _numbers(p)[0])),
            "c": lambda p: self._reply("\x1b[?62;22c"),
            "d": lambda p: self.screen.set_row(max(1, _numbers(p)[0]) - 1),
            "e": lambda p: self.screen.cursor_down(max(1, _numbers(p)[0])),
            "g": lambda p: self.screen.clear_tabs(_numbers(p)[0]),
            "h": lambda p: self._set_ansi_modes(p, True),
            "l": lambda p: self._set_ansi_modes(p, False),
            "n": self._device_status,
            "r": self._set_margins,
            "s": lambda p: self.screen.save_cursor(),
            "u": lambda p: self.screen.restore_cursor(),
            "t": self._window_ops,
        }

    def _reset_modes(self) -> None:
        self.title = ""
        self.application_cursor = False
        self.application_keypad = False
        self.bracketed_paste = False
        self.mouse_tracking = 0
        self.mouse_sgr = False
        self.focus_reporting = False
        self.alternate_scroll = False
        self.synchronized_output = False
        self.newline_mode = False
        self._charsets = ["B", "B"]
        self._shift_out = False
        self._translate: dict[int, str] | None = None
        self._pending = ""

    # ----- feeding -----

    def feed(self, data: bytes) -> None:
        """Interpret ``data``; safe with reads split anywhere, including inside UTF-8 or a sequence."""
        self.bytes_fed += len(data)
        text = self._decoder.decode(data)
        if self._pending:
            text = self._pending + text
            self._pending = ""
        if text:
            self.feed_text(text)

    def feed_text(self, text: str) -> None:
        """Interpret decoded text: runs of complete plain lines at the bottom of the screen take a
        fast path (``Screen.take_lines``), everything else goes token by token."""
        screen = self.screen
        pos = 0
        end = len(text)
        plain_end = 0  # text[pos:plain_end] is known to be complete plain lines
        while pos < end:
            if self._translate is None and screen.can_take_lines():
                if pos >= plain_end:
                    block = _PLAIN_LINES.match(text, pos)
                    plain_end = block.end() if block else pos
                if pos < plain_end:
                    taken = screen.take_lines(text[pos:plain_end])
                    pos += taken
                    if pos == plain_end:
                        continue
            pos = self._feed_tokens(text, pos)

    def _feed_tokens(self, text: str, pos: int) -> int:
        """Interpret tokens from ``pos`` up to the end, or up to a line end where the fast path
        may take over; return where it stopped."""
        screen = self.screen
        write = screen.write
        sgr = screen.select_graphic_rendition
        for match in _TOKEN.finditer(text, pos):
            kind = match.lastindex
            if kind == 1:
                run = match[1]
                write(run.translate(self._translate) if self._translate else run)
            elif kind == 5:
                params = match[3]
                if match[5] == "m" and not match[4] and (not params or params[0] not in "<=>?"):
                    sgr(params)
                else:
                    self._dispatch_csi(params, match[4], match[5])
            elif kind == 2:
                screen.carriage_return()
                screen.linefeed()
                if screen.y == screen.bottom and screen.can_take_lines():
                    return match.end()
            elif kind == 10:
                self._control(match[10])
            elif kind == 9:
                self._dispatch_esc(match[8], match[9])
            elif kind == 6:
                self._osc(match[6])
            elif kind == 11:
                start = match.start()
                if _PARTIAL.fullmatch(text, start) and len(text) - start < _MAX_PENDING:
                    self._pending = text[start:]
                    return len(text)
        return len(text)

    def _control(self, char: str) -> None:
        screen = self.screen
        if char == "\n" or char == "\x0b" or char == "\x0c":
            if self.newline_mode:
                screen.carriage_return()
            screen.linefeed()
        elif char == "\r":
            screen.carriage_return()
        elif char == "\x08":
            screen.backspace()
        elif char == "\t":
            screen.tab()
        elif char == "\x07":
            if self.on_bell:
                self.on_bell()
        elif char == "\x0e":
            self._shift_out = True
            self._update_translation()
        elif char == "\x0f":
            self._shift_out = False
            self._update_translation()

    def _reply(self, text: str) -> None:
        if self.on_reply:
            self.on_reply(text.encode())

    # ----- CSI -----

    def _dispatch_csi(self, params: str, intermediates: str, final: str) -> None:
        if params and params[0] in "<=>?":
            self._private_csi(params[0], params[1:], intermediates, final)
        elif intermediates:
            if intermediates == "!" and final == "p":
                self._soft_reset()
        else:
            handler = self._csi.get(final)
            if handler:
                handler(params)

    def _private_csi(self, marker: str, params: str, intermediates: str, final: str) -> None:
        if marker == "?" and not intermediates and final in "hl":
            for mode in _numbers(params):
                self._set_private_mode(mode, final == "h")
        elif marker == "?" and intermediates == "$" and final == "p":
            mode = _numbers(params)[0]
            state = self._private_mode_state(mode)
            self._reply(f"\x1b[?{mode};{state}$y")
        elif marker == ">" and final == "c":
            self._reply("\x1b[>1;10;0c")
        elif marker == "?" and final == "n" and _numbers(params)[0] == 6:
            self._reply(f"\x1b[?{self._report_row()};{self.screen.x + 1}R")

    def _next_line(self, params: str) -> None:
        self.screen.cursor_down(max(1, _numbers(params)[0]))
        self.screen.carriage_return()

    def _previous_line(self, params: str) -> None:
        self.screen.cursor_up(max(1, _numbers(params)[0]))
        self.screen.carriage_return()

    def _cursor_position(self, params: str) -> None:
        values = _numbers(params) + [0]
        self.screen.move_to(max(1, values[0]) - 1, max(1, values[1]) - 1)

    def _scroll_down(self, params: str) -> None:
        values = _numbers(params)
        if len(values) == 1:
            self.screen.scroll_down(max(1, values[0]))

    def _set_margins(self, params: str) -> None:
        values = _numbers(params) + [0]
        top = max(1, values[0]) - 1
        bottom = (values[1] or self.screen.height) - 1
        self.screen.set_margins(top, bottom)

    def _report_row(self) -> int:
        screen = self.screen
        return screen.y + 1 - (screen.top if screen.origin else 0)

    def _device_status(self, params: str) -> None:
        code = _numbers(params)[0]
        if code == 5:
            self._reply("\x1b[0n")
        elif code == 6:
            self._reply(f"\x1b[{self._report_row()};{self.screen.x + 1}R")

    def _window_ops(self, params: str) -> None:
        if _numbers(params)[0] == 18:
            self._reply(f"\x1b[8;{self.screen.height};{self.screen.width}t")

    def _set_ansi_modes(self, params: str, on: bool) -> None:
        for mode in _numbers(params):
            if mode == 4:
                self.screen.insert_mode = on
            elif mode == 20:
                self.newline_mode = on

    def _set_private_mode(self, mode: int, on: bool) -> None:
        screen = self.screen
        if mode == 1:
            self.application_cursor = on
        elif mode == 6:
            screen.origin = on
            screen.move_to(0, 0)
        elif mode == 7:
            screen.autowrap = on
            if not on:
                screen.pending_wrap = False
        elif mode == 25:
            screen.cursor_visible = on
            screen.dirty.add(screen.y)
        elif mode in MOUSE_MODES:
            self.mouse_tracking = mode if on else 0
        elif mode == 1006:
            self.mouse_sgr = on
        elif mode == 1004:
            self.focus_reporting = on
        elif mode == 1007:
            self.alternate_scroll = on
        elif mode == 2004:
            self.bracketed_paste = on
        elif mode == 2026:
            self.synchronized_output = on
        elif mode == 1048:
            screen.save_cursor() if on else screen.restore_cursor()
        elif mode == 1049:
            if on:
                screen.save_cursor()
                screen.use_alternate(True, clear=True)
            else:
                screen.use_alternate(False, clear=False)
                screen.restore_cursor()
        elif mode == 1047:
            screen.use_alternate(on, clear=not on)
        elif mode == 47:
            screen.use_alternate(on, clear=False)

    def _private_mode_state(self, mode: int) -> int:
        """DECRQM answer: 1 set, 2 reset, 0 not recognised."""
        states = {
            1: self.application_cursor,
            6: self.screen.origin,
            7: self.screen.autowrap,
            25: self.screen.cursor_visible,
            1004: self.focus_reporting,
            1006: self.mouse_sgr,
            1007: self.alternate_scroll,
            1049: self.screen.on_alternate,
            2004: self.bracketed_paste,
            2026: self.synchronized_output,
        }
        states.update({m: self.mouse_tracking == m for m in MOUSE_MODES})
        if mode not in states:
            return 0
        return 1 if states[mode] else 2

    def _soft_reset(self) -> None:
        screen = self.screen
        screen.set_pen(PLAIN)
        screen.top, screen.bottom = 0, screen.height - 1
        screen.origin = screen.insert_mode = False
        screen.autowrap = screen.cursor_visible = True
        self.application_cursor = self.application_keypad = False

    # ----- ESC and OSC -----

    def _dispatch_esc(self, intermediates: str, final: str) -> None:
        screen = self.screen
        if not intermediates:
            if final == "7":
                screen.save_cursor()
            elif final == "8":
                screen.restore_cursor()
            elif final == "D":
                screen.linefeed()
            elif final == "E":
                screen.carriage_return()
                screen.linefeed()
            elif final == "M":
                screen.reverse_index()
            elif final == "H":
                screen.set_tab()
            elif final == "=":
                self.application_keypad = True
            elif final == ">":
                self.application_keypad = False
            elif final == "c":
                self._full_reset()
        elif intermediates in ("(", ")"):
            self._charsets[0 if intermediates == "(" else 1] = final
            self._update_translation()
        elif intermediates == "#" and final == "8":
            screen.alignment_test()

    def _update_translation(self) -> None:
        active = self._charsets[1 if self._shift_out else 0]
        self._translate = DEC_SPECIAL_GRAPHICS if active == "0" else None

    def _full_reset(self) -> None:
        self._reset_modes()
        self.screen.reset()
        if self.on_title:
            self.on_title("")

    def _osc(self, body: str) -> None:
        command, _, argument = body.partition(";")
        if command in ("0", "2"):
            self.title = argument
            if self.on_title:
                self.on_title(argument)
        elif command == "52":
            self._clipboard(argument)

    def _clipboard(self, argument: str) -> None:
        """OSC 52 ``targets;base64``: report the text; queries (``?``) are never answered."""
        _, _, payload = argument.partition(";")
        if payload == "?" or not self.on_clipboard:
            return
        try:
            text = base64.b64decode(payload, validate=False).decode("utf-8", errors="replace")
        except (binascii.Error, ValueError):
            return
        self.on_clipboard(text)

    # ----- size -----

    def resize(self, width: int, height: int) -> None:
        self.screen.resize(width, height)
