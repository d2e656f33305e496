"""The title bar: the app's title and subtitle centred, kept current, and an icon that opens the palette."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.title_bar import ICON, TitleBar


class Titled(App[None]):
    TITLE = "ecs-tui"

    def compose(self) -> ComposeResult:
        yield TitleBar()


def shown(app: App[None]) -> str:
    return str(app.query_one(TitleBar).render())


async def test_the_title_and_subtitle_are_centred_and_follow_changes() -> None:
    app = Titled()
    async with app.run_test(size=(60, 5)) as pilot:
        app.sub_title = "profile dev · eu-west-1"
        await pilot.pause()
        text = shown(app)
        assert len(text) == 60 and text.startswith(ICON)
        middle = "ecs-tui — profile dev · eu-west-1"
        assert text.strip(" ⭘").strip() == middle
        left = text.index(middle)
        assert abs(left - (60 - left - len(middle))) <= 1

        app.sub_title = "profile prod · us-east-1"
        await pilot.pause()
        assert "profile prod · us-east-1" in shown(app)


async def test_the_icon_opens_the_command_palette() -> None:
    app = Titled()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
