"""The detail pane in a small app: how its lines lay out, and what a new selection repaints (and when)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from tests.aws import samples
from tui.aws.models import Task
from tui.widgets import detail_pane
from tui.widgets.detail_pane import DetailPane, wrap_lines

SIZE = (50, 30)  # the pane gets 50 x 30, all of it content
NOW = samples.STARTED + timedelta(hours=2)
TASK = Task.from_api(samples.TASK)


class PaneApp(App[None]):
    CSS = "DetailPane { border: none; padding: 0; scrollbar-size-vertical: 0; }"

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail")

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)


def screen_lines(pane: DetailPane) -> list[str]:
    return [pane.render_line(y).text.rstrip() for y in range(pane.size.height)]


def repainted(pane: DetailPane) -> list[Region]:
    """Records the regions the pane asks to repaint from now on."""
    regions: list[Region] = []
    original = pane.refresh

    def recording(*args: Region, **kwargs: bool) -> DetailPane:
        regions.extend(args or [pane.size.region])
        return original(*args, **kwargs)

    pane.refresh = recording  # type: ignore[method-assign]
    return regions


def test_labels_form_a_bold_column_and_values_wrap_beside_it() -> None:
    lines = [("Task", "0a1b2c3d"), ("Status", Text("RUNNING", style="green")), ("ARN", "arn:aws:ecs:eu-west-1:123456789012:task/x")]
    wrapped = wrap_lines(lines, 24, Console())
    texts = ["".join(segment.text for segment in line) for line in wrapped]
    assert texts == [
        "Task   0a1b2c3d         ",
        "Status RUNNING          ",
        "ARN    arn:aws:ecs:eu-we",  # a word too long for the column is folded
        "       st-1:123456789012",
        "       :task/x          ",
    ]
    assert wrapped[0][0].style is not None and wrapped[0][0].style.bold
    assert str(wrapped[1][1].style) == "green"


async def test_a_task_reads_in_full_and_nothing_shows_the_placeholder() -> None:
    app = PaneApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.pane
        await pilot.pause()
        assert screen_lines(pane)[:2] == ["Select a row to see its details.", ""]
        pane.show(TASK, NOW)
        assert "Task: 0a1b2c3d4e5f60718293a4b5c6d7e8f9" in pane.text  # at once, before the repaint
        await pilot.pause()
        shown = screen_lines(pane)
        assert shown[0] == "Task         0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        assert "Private IP   10.0.3.17" in shown
        assert any(line.startswith("Started      1h ago (2026-11-30 08:00:30") for line in shown)
        pane.show(None, NOW)
        await pilot.pause(detail_pane.SETTLE * 2)
        assert screen_lines(pane)[:2] == ["Select a row to see its details.", ""]


async def test_the_same_details_again_repaint_nothing_and_a_change_only_its_lines() -> None:
    app = PaneApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.pane
        pane.show(TASK, NOW)
        await pilot.pause(detail_pane.SETTLE * 2)
        regions = repainted(pane)
        pane.show(dataclasses.replace(TASK), NOW)  # an equal task from a later listing
        await pilot.pause(detail_pane.SETTLE * 2)
        assert regions == []

        before = screen_lines(pane)
        moved = dataclasses.replace(TASK, attachment_ip="10.0.9.99")
        pane.show(moved, NOW)
        await pilot.pause(detail_pane.SETTLE * 2)
        after = screen_lines(pane)
        changed = [y for y, (old, new) in enumerate(zip(before, after)) if old != new]
        assert after[changed[0]] == "Private IP   10.0.9.99"
        assert [(region.y, region.height) for region in regions] == [(changed[0], 1)]


async def test_a_selection_that_keeps_changing_shows_once_it_rests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detail_pane, "SETTLE", 0.5)
    other = dataclasses.replace(TASK, arn=TASK.arn.replace("0a1b", "ffff"))
    app = PaneApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.pane
        pane.show(TASK, NOW)  # the first change: shown after the refresh under way
        await pilot.pause()
        assert screen_lines(pane)[0].endswith(TASK.task_id)
        pane.show(other, NOW)  # the next one, quickly: waits for the selection to rest
        await pilot.pause(0.1)
        assert screen_lines(pane)[0].endswith(TASK.task_id)
        assert other.task_id in pane.text
        await pilot.pause(0.6)
        assert screen_lines(pane)[0].endswith(other.task_id)


async def test_details_taller_than_the_pane_scroll() -> None:
    app = PaneApp()
    async with app.run_test(size=(50, 6)) as pilot:
        pane = app.pane
        pane.show(TASK, NOW)
        await pilot.pause()
        assert pane.virtual_size.height > pane.size.height
        pane.scroll_to(y=2, animate=False)
        await pilot.pause()
        assert screen_lines(pane)[0].startswith("Health")
