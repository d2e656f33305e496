"""Input through the widget: exact bytes for keys, modifiers, paste, mouse and focus, with the
widget's writer swapped for a capture."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.term.helpers import TerminalApp
from tui.term.widget import LEAVE_KEY, TerminalView


def capture(view: TerminalView) -> bytearray:
    sink = bytearray()
    view.writer = sink.extend
    return sink


async def test_keys_reach_the_child_as_xterm_bytes() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        await pilot.press("a", "enter", "up", "home", "f5", "ctrl+c", "backspace", "tab", "shift+tab")
        await pilot.press("alt+x", "ctrl+left", "shift+up", "ctrl+d", "escape", "pageup", "delete")
        assert bytes(sink) == (
            b"a\r\x1b[A\x1b[H\x1b[15~\x03\x7f\t\x1b[Z"
            b"\x1bx\x1b[1;5D\x1b[1;2A\x04\x1b\x1b[5~\x1b[3~"
        )
        assert app.focused is view  # tab and shift+tab stayed inside
        assert app.return_code is None  # ctrl+c did not reach the app


async def test_application_cursor_keys_follow_the_child() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        view.feed(b"\x1b[?1h")
        await pilot.press("up", "left")
        view.feed(b"\x1b[?1l")
        await pilot.press("up")
        assert bytes(sink) == b"\x1bOA\x1bOD\x1b[A"


async def test_leave_key_is_a_footer_binding_that_never_reaches_the_child() -> None:
    app = TerminalApp(["sh", "-c", "stty raw -echo; sleep 30"])
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        await pilot.pause(0.3)
        sink = capture(view)
        shown = {b.binding.key: b.binding for b in app.screen.active_bindings.values()}
        assert shown[LEAVE_KEY].show and shown[LEAVE_KEY].key_display == "^]"
        await pilot.press(LEAVE_KEY)
        await pilot.pause()
        assert bytes(sink) == b""
        assert app.focused is not view
        assert any(isinstance(m, TerminalView.LeaveRequested) for m in app.received)
        await view.close()


async def test_paste_is_bracketed_only_when_the_child_asks() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        view.post_message(events.Paste("ls\n"))
        await pilot.pause()
        view.feed(b"\x1b[?2004h")
        view.post_message(events.Paste("a\nb"))
        await pilot.pause()
        assert bytes(sink) == b"ls\r\x1b[200~a\rb\x1b[201~"


async def test_mouse_reports_only_while_tracking() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        await pilot.click(view, offset=(2, 1))
        assert bytes(sink) == b""
        view.feed(b"\x1b[?1000h\x1b[?1006h")
        await pilot.click(view, offset=(2, 1))
        await pilot.click(view, offset=(4, 3), button=3)
        assert bytes(sink) == b"\x1b[<0;3;2M\x1b[<0;3;2m\x1b[<2;5;4M\x1b[<2;5;4m"
        sink.clear()
        view.feed(b"\x1b[?1006l")
        await pilot.click(view, offset=(2, 1))
        assert bytes(sink) == b"\x1b[M #\"\x1b[M##\""
        sink.clear()
        await pilot.mouse_down(view, offset=(1, 1))  # drag reports need 1002
        await pilot.hover(view, offset=(5, 1))
        assert bytes(sink) == b"\x1b[M \"\""
        view.feed(b"\x1b[?1002h\x1b[?1006h")
        await pilot.hover(view, offset=(6, 1))
        await pilot.mouse_up(view, offset=(6, 1))
        assert bytes(sink).endswith(b"\x1b[<32;7;2M\x1b[<0;7;2m")


async def test_wheel_reports_when_tracking_and_scrolls_history_otherwise() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        view.feed(b"".join(b"line %d\r\n" % i for i in range(100)))
        await pilot.pause()
        view.post_message(events.MouseScrollUp(view, 1, 1, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.history_offset == 3 and bytes(sink) == b""
        view.feed(b"\x1b[?1000h\x1b[?1006h")
        view.post_message(events.MouseScrollUp(view, 1, 1, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert bytes(sink) == b"\x1b[<64;2;2M"


async def test_focus_reports_when_asked() -> None:
    app = TerminalApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        app.query_one(Input).focus()
        await pilot.pause()
        view.focus()
        await pilot.pause()
        assert bytes(sink) == b""
        view.feed(b"\x1b[?1004h")
        app.query_one(Input).focus()
        await pilot.pause()
        view.focus()
        await pilot.pause()
        assert bytes(sink) == b"\x1b[O\x1b[I"


async def test_scrollback_keys_and_typing_returns_to_the_bottom() -> None:
    app = TerminalApp(scrollback=50)
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(TerminalView)
        sink = capture(view)
        view.feed(b"".join(b"line %d\r\n" % i for i in range(200)))
        await pilot.pause()
        height = view.emulator.screen.height
        await pilot.press("shift+pageup")
        assert view.history_offset == height - 1
        top_of_screen = 200 - height + 1  # the last line printed leaves the cursor on a blank row
        assert view.render_line(0).text.rstrip() == f"line {top_of_screen - (height - 1)}"
        for _ in range(10):
            await pilot.press("shift+pageup")
        assert view.history_offset == 50  # bounded by the scrollback size
        assert view.render_line(0).text.rstrip() == f"line {top_of_screen - 50}"
        await pilot.press("shift+pagedown")
        assert view.history_offset == 50 - (height - 1)
        assert bytes(sink) == b""
        await pilot.press("x")
        assert view.history_offset == 0 and bytes(sink) == b"x"


async def test_drag_selects_and_copies_when_not_tracking() -> None:
    app = TerminalApp()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(TerminalView)
        view.feed(b"first line\r\nsecond line\r\n")
        await pilot.pause()
        await pilot.mouse_down(view, offset=(6, 0))
        await pilot.hover(view, offset=(6, 1))
        await pilot.mouse_up(view, offset=(6, 1))
        assert view.selected_text() == "line\nsecond"
        assert app.clipboard == "line\nsecond"


async def test_title_bell_and_clipboard_become_messages() -> None:
    app = TerminalApp()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(TerminalView)
        view.feed(b"\x1b]0;my title\x07\x07\x1b]52;c;aGVsbG8=\x07")
        await pilot.pause()
        kinds = [(type(m).__name__, getattr(m, "title", getattr(m, "text", None))) for m in app.received]
        assert kinds == [("TitleChanged", "my title"), ("Bell", None), ("ClipboardWrite", "hello")]
