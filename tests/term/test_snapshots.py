"""Snapshots of the widget fed from recorded bytes (no process, so the pictures are deterministic)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from tui.term.widget import TerminalView

FIXTURES = Path(__file__).parent / "fixtures"


class FedTerminal(App[None]):
    """One 80x24 TerminalView showing the given recorded parts."""

    def __init__(self, *parts: str, extra: bytes = b"") -> None:
        super().__init__()
        self.data = b"".join((FIXTURES / part).read_bytes() for part in parts) + extra

    def compose(self) -> ComposeResult:
        yield TerminalView()

    def on_mount(self) -> None:
        view = self.query_one(TerminalView)
        view.focus()
        view.feed(self.data)


def test_colours_and_attributes(snap_compare) -> None:
    assert snap_compare(FedTerminal("colours.0.done.bin"), terminal_size=(80, 24))


def test_alternate_screen_vim(snap_compare) -> None:
    assert snap_compare(FedTerminal("vim.0.open.bin", "vim.1.edit.bin"), terminal_size=(80, 24))


def test_wide_characters_and_scroll_regions(snap_compare) -> None:
    wide = "\x1b[1;1H\x1b[2K中文 ｗｉｄｅ ✓ é 日本語のテキスト|".encode()
    assert snap_compare(FedTerminal("regions.0.alternate.bin", extra=wide), terminal_size=(80, 24))
