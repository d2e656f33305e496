"""``TerminalView``: a terminal emulator widget running a command on a real pty.

Keys go to the child as xterm bytes; the one key kept for the app is **ctrl+]**
(``LEAVE_KEY``), a priority binding shown in the footer that posts ``LeaveRequested`` and gives
focus back to the rest of the screen, even while the child has the tty in raw mode.
Shift+PgUp / Shift+PgDn and the wheel scroll back through the primary screen's history when the
child is not tracking the mouse; dragging then selects text and copies it to the clipboard.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pexpect
from rich.color import Color
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.term.emulator import Emulator
from tui.term.keys import encode_key, encode_paste, focus_report
from tui.term.mouse import MouseAction, encode_mouse
from tui.term.process import PtyChild, SpawnFunction, child_environment, spawn_with_pexpect
from tui.term.render import Palette, render_row
from tui.term.screen import AnyRow
from tui.term.selection import Selection

LEAVE_KEY = "ctrl+right_square_bracket"
FRAME_INTERVAL = 1 / 60
# While output floods in, frames come less often (nobody reads a flood, and each frame costs
# Textual's compositor milliseconds); a key brings back full-rate frames at once, so the echo
# is not held behind a slow flood frame.
FLOOD_FRAME_INTERVAL = 1 / 20
FLOOD_BYTES_PER_FRAME = 32_768
TYPING_GRACE = 0.5
SYNC_HOLD_LIMIT = 0.15
EXIT_POLL_INTERVAL = 0.25
WHEEL_LINES = 3
DEFAULT_SIZE = (80, 24)
SHUTDOWN_TIMEOUTS = (1.0, 1.0, 1.0)
FEED_BATCH = 65_536


class TerminalView(Widget, can_focus=True):
    """Runs ``command`` on a pty (inherited environment, ``TERM=xterm-256color``, plus ``env``).

    With ``command=None`` nothing is spawned: bytes come in through ``feed()`` and keystrokes go
    out through ``writer``, so the view can front any byte stream.
    """

    DEFAULT_CSS = """
    TerminalView {
        width: 1fr;
        height: 1fr;
        background: $background;
        color: $foreground;
    }
    """
    BINDINGS = [
        Binding(LEAVE_KEY, "leave", "Leave terminal", key_display="^]", priority=True, id="terminal.leave"),
    ]
    ALLOW_SELECT = False

    @dataclass
    class Exited(Message):
        """The child ended: ``exit_status`` for a normal exit, ``signal`` if a signal killed it."""

        view: TerminalView
        exit_status: int | None
        signal: int | None

    @dataclass
    class TitleChanged(Message):
        view: TerminalView
        title: str

    @dataclass
    class Bell(Message):
        view: TerminalView

    @dataclass
    class ClipboardWrite(Message):
        """The child asked (OSC 52) to put ``text`` on the clipboard; the app decides whether to."""

        view: TerminalView
        text: str

    @dataclass
    class LeaveRequested(Message):
        """The user pressed the leave key."""

        view: TerminalView

    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        scrollback: int = 10_000,
        spawn: SpawnFunction | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.command = list(command) if command else None
        self.extra_env = dict(env or {})
        self.cwd = cwd
        self._spawn = spawn or spawn_with_pexpect
        self.emulator = Emulator(*DEFAULT_SIZE, scrollback=scrollback)
        self.emulator.on_reply = self._reply
        self.emulator.on_title = lambda title: self.post_message(self.TitleChanged(self, title))
        self.emulator.on_bell = self._bell
        self.emulator.on_clipboard = lambda text: self.post_message(self.ClipboardWrite(self, text))
        self.writer: Callable[[bytes], None] | None = None
        self.history_offset = 0
        self._child: PtyChild | None = None
        self._exit_reported = False
        self._palette: Palette | None = None
        self._unfed: list[bytes] = []
        self._unfed_size = 0
        self._frame_handle: asyncio.TimerHandle | None = None
        self._last_frame = 0.0
        self._frame_interval = FRAME_INTERVAL
        self._bytes_at_frame = 0
        self._last_input = -TYPING_GRACE
        self._sync_since: float | None = None
        self._drawn_cursor: tuple[int, int] | None = None
        self._seen_history = 0
        self._last_bell = 0.0
        self._selection: Selection | None = None
        self._selecting = False

    # ----- public API -----

    @property
    def exit_status(self) -> int | None:
        """The child's exit status once it has exited normally, else None."""
        return self._child.exit_status if self._child else None

    @property
    def running(self) -> bool:
        return self._child is not None and not self._exit_reported

    def start(self) -> None:
        """Spawn the command at the widget's current size (idempotent). A command that cannot be
        started is reported on the screen and by ``Exited(127, None)``."""
        if self._child is not None or not self.command or self._exit_reported:
            return
        columns, rows = self._grid_size()
        self.emulator.resize(columns, rows)
        env = child_environment(self.extra_env)
        try:
            child = self._spawn(self.command, env, self.cwd, (rows, columns))
        except (pexpect.ExceptionPexpect, OSError) as error:
            self.feed(f"\x1b[31mcannot run {self.command[0]}: {error}\x1b[0m\r\n".encode())
            self._exit_reported = True
            self.post_message(self.Exited(self, 127, None))
            return
        self._child = PtyChild(child)
        self.writer = self._child.write
        asyncio.get_running_loop().add_reader(self._child.fd, self._on_readable)
        self.set_interval(EXIT_POLL_INTERVAL, self._check_exit)

    def feed(self, data: bytes) -> None:
        """Interpret output bytes as if the child had written them."""
        self._feed_unfed()
        self.emulator.feed(data)
        self._schedule_frame()

    def write(self, data: bytes) -> None:
        """Send bytes to the child (or to ``writer``)."""
        if self.writer is not None and data:
            self._last_input = asyncio.get_running_loop().time()
            self._frame_interval = FRAME_INTERVAL
            self.writer(data)
            if self._frame_handle is not None:  # a frame held back by a flood goes out now
                self._frame_handle.cancel()
                self._frame_handle = None
                self._schedule_frame()

    async def close(self, timeouts: tuple[float, float, float] = SHUTDOWN_TIMEOUTS) -> None:
        """Stop the child: HUP, then TERM, then KILL, each given up to its timeout; close the pty."""
        child = self._child
        if child is None or child.closed:
            return
        self._stop_reading()
        await child.terminate(timeouts)
        self._report_exit()

    def selected_text(self) -> str:
        """The text currently selected with the mouse (empty if none)."""
        if self._selection is None:
            return ""
        return self._selection.text(self._global_row)

    # ----- lifecycle -----

    def _on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        if self.command:
            self.call_after_refresh(self.start)

    async def _on_unmount(self) -> None:
        await self.close()

    def _stop_reading(self) -> None:
        child = self._child
        if child is not None and not child.closed:
            try:
                asyncio.get_running_loop().remove_reader(child.fd)
            except (RuntimeError, ValueError):
                pass

    def _on_readable(self) -> None:
        """One read per wake-up, fed to the emulator in batches (at a frame, or once FEED_BATCH
        bytes wait). A second read at once would sleep in the kernel until the pty refills,
        stalling the event loop; between wake-ups the kernel refills while other work runs."""
        child = self._child
        if child is None:
            return
        data = child.read()
        if data:
            self._unfed.append(data)
            self._unfed_size += len(data)
            if self._unfed_size >= FEED_BATCH:
                self._feed_unfed()
            self._schedule_frame()
        elif data is None:
            self._stop_reading()
            self._check_exit()

    def _feed_unfed(self) -> None:
        if self._unfed:
            data = b"".join(self._unfed)
            self._unfed.clear()
            self._unfed_size = 0
            self.emulator.feed(data)

    def _check_exit(self) -> None:
        child = self._child
        if child is None or self._exit_reported or child.poll():
            return
        self._on_readable_drain()
        self._report_exit()

    def _on_readable_drain(self) -> None:
        """Take what the child wrote before it exited, so its last screen is complete."""
        self._feed_unfed()
        child = self._child
        while child is not None and not child.closed:
            data = child.read()
            if not data:
                break
            self.emulator.feed(data)
        self._schedule_frame()

    def _report_exit(self) -> None:
        child = self._child
        if child is None or self._exit_reported:
            return
        if child.exit_status is None and child.signal is None and child.poll():
            return
        self._exit_reported = True
        self._stop_reading()
        child.close()
        self.writer = None
        self.refresh_bindings()
        self.post_message(self.Exited(self, child.exit_status, child.signal))

    def _reply(self, data: bytes) -> None:
        self.write(data)

    def _bell(self) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._last_bell > 0.1:
            self._last_bell = now
            self.post_message(self.Bell(self))

    # ----- size and theme -----

    def _grid_size(self) -> tuple[int, int]:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return DEFAULT_SIZE
        return width, height

    def _on_resize(self, event: events.Resize) -> None:
        columns, rows = self._grid_size()
        self.emulator.resize(columns, rows)
        if self._child is not None and not self._exit_reported:
            self._child.resize(columns, rows)
        self._palette = None
        self._clamp_scroll()
        self.refresh()

    def _theme_changed(self) -> None:
        self._palette = None
        self.refresh()

    def _get_palette(self) -> Palette:
        if self._palette is None:
            base = self.rich_style
            self._palette = Palette(
                self.emulator.screen.styles.pens,
                self.app.ansi_theme,
                base.color or Color.default(),
                base.bgcolor or Color.default(),
            )
        return self._palette

    # ----- frames -----

    def _schedule_frame(self) -> None:
        if self._frame_handle is not None or not self.is_mounted:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self._last_frame + self._frame_interval - loop.time())
        self._frame_handle = loop.call_later(delay, self._frame)

    def _frame(self) -> None:
        """Refresh what changed since the last frame (at most 60 per second, 20 during floods)."""
        self._frame_handle = None
        self._feed_unfed()
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self.emulator.synchronized_output:
            self._sync_since = self._sync_since or now
            if now - self._sync_since < SYNC_HOLD_LIMIT:
                self._frame_handle = loop.call_later(FRAME_INTERVAL, self._frame)
                return
        self._sync_since = None
        self._last_frame = now
        fed = self.emulator.bytes_fed
        flooding = fed - self._bytes_at_frame > FLOOD_BYTES_PER_FRAME and now - self._last_input > TYPING_GRACE
        self._frame_interval = FLOOD_FRAME_INTERVAL if flooding else FRAME_INTERVAL
        self._bytes_at_frame = fed
        screen = self.emulator.screen
        if self.history_offset:
            self.history_offset += screen.history_added - self._seen_history
            self._clamp_scroll()
        self._seen_history = screen.history_added
        cursor = (screen.y, screen.x)
        width = self.size.width
        if screen.all_dirty or self.history_offset:
            self.refresh()
        else:
            rows = set(screen.dirty)
            if cursor != self._drawn_cursor:
                rows.add(cursor[0])
                if self._drawn_cursor is not None:
                    rows.add(self._drawn_cursor[0])
            if rows:
                self.refresh(*(Region(0, y, width, 1) for y in rows))
        screen.dirty.clear()
        screen.all_dirty = False
        self._drawn_cursor = cursor

    # ----- rendering -----

    def _global_row(self, line: int) -> AnyRow | None:
        """Row by global line number: scrollback rows, then the screen (line ``history_added`` is its top)."""
        screen = self.emulator.screen
        history_start = screen.history_added - len(screen.history)
        if line < history_start:
            return None
        if line < screen.history_added:
            return screen.history_row(line - history_start)
        y = line - screen.history_added
        return screen.rows[y] if y < screen.height else None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        screen = self.emulator.screen
        palette = self._get_palette()
        line = screen.history_added - self.history_offset + y
        row = self._global_row(line)
        if row is None:
            return Strip.blank(width, palette.style(0))
        inverted = self._selection.span(line, screen.width) if self._selection else None
        if inverted is None and self._cursor_shown() and line == screen.history_added + screen.y:
            cells = 2 if screen.x + 1 < len(row.chars) and row.chars[screen.x + 1] == "" else 1
            inverted = (screen.x, screen.x + cells)
        if inverted is not None:
            return render_row(row, palette, width, inverted)
        cached = row.cache
        if cached is not None and cached[0] is palette and cached[1] == width:
            return cached[2]
        strip = render_row(row, palette, width)
        row.cache = (palette, width, strip)
        return strip

    def _cursor_shown(self) -> bool:
        return self.has_focus and self.emulator.screen.cursor_visible and not self._exit_reported

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    # ----- scrollback -----

    def _clamp_scroll(self) -> None:
        screen = self.emulator.screen
        limit = 0 if screen.on_alternate else len(screen.history)
        self.history_offset = max(0, min(self.history_offset, limit))

    def scroll_history(self, lines: int) -> None:
        """Move the view ``lines`` up (positive) or down into the scrollback."""
        before = self.history_offset
        self.history_offset += lines
        self._clamp_scroll()
        self._seen_history = self.emulator.screen.history_added
        if self.history_offset != before:
            self.refresh()

    # ----- input -----

    def action_leave(self) -> None:
        """Give focus back to the app (the leave key)."""
        self.post_message(self.LeaveRequested(self))
        self.screen.set_focus(None)

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("shift+pageup", "shift+pagedown"):
            page = max(1, self.emulator.screen.height - 1)
            self.scroll_history(page if event.key == "shift+pageup" else -page)
            event.stop()
            event.prevent_default()
            return
        if self.writer is None:
            return
        data = encode_key(event.key, event.character, application_cursor=self.emulator.application_cursor)
        if data is None:
            return
        event.stop()
        event.prevent_default()
        if self.history_offset:
            self.scroll_history(-self.history_offset)
        self._clear_selection()
        self.write(data)

    def _on_paste(self, event: events.Paste) -> None:
        if self.writer is None:
            return
        event.stop()
        self.write(encode_paste(event.text, bracketed=self.emulator.bracketed_paste))

    def _on_focus(self, event: events.Focus) -> None:
        if self.emulator.focus_reporting:
            self.write(focus_report(True))
        self._refresh_cursor()

    def _on_blur(self, event: events.Blur) -> None:
        if self.emulator.focus_reporting:
            self.write(focus_report(False))
        self._refresh_cursor()

    def _refresh_cursor(self) -> None:
        screen = self.emulator.screen
        self.refresh(Region(0, screen.y + self.history_offset, self.size.width, 1))

    def _report_mouse(self, action: MouseAction, event: events.MouseEvent) -> bool:
        """Send the event to the child if it tracks the mouse; True if it does."""
        emulator = self.emulator
        if not emulator.mouse_tracking or self.writer is None:
            return False
        data = encode_mouse(
            action,
            event.button,
            event.x,
            event.y,
            tracking=emulator.mouse_tracking,
            sgr=emulator.mouse_sgr,
            shift=event.shift,
            meta=event.meta,
            ctrl=event.ctrl,
        )
        if data:
            self.write(data)
        return True

    def _on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        if not self.has_focus:
            self.focus()
        if self._report_mouse(MouseAction.PRESS, event):
            self.capture_mouse()
            return
        if event.button == 1:
            line = self.emulator.screen.history_added - self.history_offset + event.y
            self._selection = Selection(line, event.x)
            self._selecting = True
            self.capture_mouse()
            self.refresh()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._report_mouse(MouseAction.MOVE, event):
            return
        if self._selecting and self._selection is not None:
            screen = self.emulator.screen
            y = max(0, min(event.y, screen.height - 1))
            x = max(0, min(event.x, screen.width))
            self._selection.extend(screen.history_added - self.history_offset + y, x)
            self.refresh()

    def _on_mouse_up(self, event: events.MouseUp) -> None:
        event.stop()
        if self._report_mouse(MouseAction.RELEASE, event):
            self.capture_mouse(False)
            return
        if self._selecting:
            self._selecting = False
            self.capture_mouse(False)
            text = self.selected_text()
            if text:
                self.app.copy_to_clipboard(text)
            else:
                self._clear_selection()

    def _clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.refresh()

    def _wheel(self, event: events.MouseEvent, up: bool) -> None:
        event.stop()
        event.prevent_default()
        if self._report_mouse(MouseAction.WHEEL_UP if up else MouseAction.WHEEL_DOWN, event):
            return
        emulator = self.emulator
        if emulator.screen.on_alternate:
            if emulator.alternate_scroll and self.writer is not None:
                key = encode_key("up" if up else "down", application_cursor=emulator.application_cursor)
                self.write((key or b"") * WHEEL_LINES)
            return
        self.scroll_history(WHEEL_LINES if up else -WHEEL_LINES)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, up=True)

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, up=False)
