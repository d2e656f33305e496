"""Our screen grid against tmux's rendering of the same recorded program output, cell by cell.

Fixtures are the bytes real programs wrote on an 80x24 pty (see ``record_fixtures.py``); each
checkpoint is compared after feeding every part up to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.term.tmux_reference import TMUX, TmuxServer, replay
from tui.term.emulator import DEC_SPECIAL_GRAPHICS, Emulator
from tui.term.screen import AnyRow

pytestmark = [pytest.mark.slow, pytest.mark.skipif(TMUX is None, reason="needs tmux")]

FIXTURES = Path(__file__).parent / "fixtures"
WIDTH, HEIGHT = 80, 24
# tmux's capture prints line-drawing cells as the ASCII letters the program sent.
AS_SENT = {ord(drawn): chr(sent) for sent, drawn in DEC_SPECIAL_GRAPHICS.items()}


def texts(rows: list[AnyRow]) -> list[str]:
    return [row.text.rstrip().translate(AS_SENT) for row in rows]


def checkpoints() -> list[tuple[str, list[Path]]]:
    cases = []
    for program in sorted({p.name.split(".")[0] for p in FIXTURES.glob("*.bin")}):
        parts = sorted(FIXTURES.glob(f"{program}.*.bin"), key=lambda p: int(p.name.split(".")[1]))
        for index, part in enumerate(parts):
            cases.append((f"{program}-{part.name.split('.')[2]}", parts[: index + 1]))
    return cases


CASES = checkpoints()


@pytest.fixture(scope="module")
def tmux(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TmuxServer]:
    server = TmuxServer(tmp_path_factory.mktemp("tmux"))
    yield server
    server.close()


def test_fixtures_cover_the_programs_the_issue_names() -> None:
    programs = {name.split("-")[0] for name, _ in CASES}
    assert programs >= {"vim", "less", "top", "colours", "regions"}


@pytest.mark.parametrize(("name", "parts"), CASES, ids=[name for name, _ in CASES])
def test_screen_matches_tmux(tmux: TmuxServer, name: str, parts: list[Path]) -> None:
    data = b"".join(part.read_bytes() for part in parts)
    ours = Emulator(WIDTH, HEIGHT, scrollback=5000)
    ours.feed(data)
    pane = tmux.render(data, WIDTH, HEIGHT)
    theirs = replay(pane.lines, WIDTH, HEIGHT).screen
    screen = ours.screen

    assert texts(screen.rows) == texts(theirs.rows), "text differs"
    differences = []
    for y in range(HEIGHT):
        for x in range(WIDTH):
            our_char, our_pen = screen.cell(y, x)
            their_char, their_pen = theirs.cell(y, x)
            if our_char.strip() == "" and their_char.strip() == "" and our_pen.bg == their_pen.bg:
                continue  # tmux does not report attributes that cannot show on a blank cell
            if our_pen != their_pen:
                differences.append((y, x, our_char, our_pen, their_pen))
    assert differences == [], f"{len(differences)} cells differ in attributes, first: {differences[:3]}"
    assert (min(pane.cursor[0], WIDTH - 1), pane.cursor[1]) == (screen.x, screen.y)
    assert pane.alternate == screen.on_alternate
    assert pane.cursor_visible == screen.cursor_visible
    our_history = [screen.history_row(i) for i in range(len(screen.history))]
    their_history = replay(pane.history, WIDTH, len(pane.history)).screen.rows if pane.history else []
    assert texts(our_history) == texts(their_history), "scrollback differs"
