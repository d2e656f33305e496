"""The key bar: the keys of whatever has focus, the palette's key on the right, and clicks that press keys."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.widgets.key_bar import KeyBar


class Pane(Static, can_focus=True):
    def __init__(self, name: str, key: str) -> None:
        super().__init__(name, id=name)
        self._bindings.bind(key, f"app.pressed('{name}')", f"{name} thing")


class TwoPanes(App[None]):
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit"),
        Binding("x", "pressed('hidden')", "Hidden", show=False),
        Binding("z", "pressed('never')", "Never"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Pane("left", "l")
        yield Pane("right", "r")
        yield KeyBar()

    def action_pressed(self, what: str) -> None:
        self.pressed_keys.append(what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("never",) else True  # None: shown, but disabled


def bar_text(app: App[None]) -> str:
    return str(app.query_one(KeyBar).render())


async def test_the_bar_shows_the_focused_widgets_keys_then_the_apps() -> None:
    app = TwoPanes()
    async with app.run_test(size=(100, 10)) as pilot:
        app.query_one("#left").focus()
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith("l left thing ^q Quit z Never")
        assert "Hidden" not in text and "right thing" not in text
        assert text.rstrip().endswith("▏^p palette")
        assert len(text) == 100

        app.query_one("#right").focus()
        await pilot.pause()
        assert bar_text(app).startswith("r right thing ^q Quit")


async def test_a_click_presses_the_key_and_a_disabled_key_only_rings() -> None:
    app = TwoPanes()
    async with app.run_test(size=(100, 10)) as pilot:
        app.query_one("#left").focus()
        await pilot.pause()
        text = bar_text(app)
        await pilot.click(KeyBar, offset=(text.index("left thing"), 0))
        assert app.pressed_keys == ["left"]
        await pilot.click(KeyBar, offset=(text.index("Never"), 0))
        assert app.pressed_keys == ["left"]
        await pilot.click(KeyBar, offset=(text.index("palette"), 0))
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_keys_that_do_not_fit_are_left_out_whole() -> None:
    app = TwoPanes()
    async with app.run_test(size=(32, 10)) as pilot:
        app.query_one("#left").focus()
        await pilot.pause()
        assert bar_text(app) == "l left thing ^q Quit ▏^p palette"
