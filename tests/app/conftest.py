"""The demo world behind the app, on a clock that stands still so screens are reproducible."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app.helpers import FIXED_NOW
from tui.sim import SimConfig
from tui.startup import Connection, connect


@pytest.fixture
def demo_connection() -> Iterator[Connection]:
    frozen = FIXED_NOW.timestamp()
    connection = connect(demo=True, demo_world=SimConfig(world="demo", clock=lambda: frozen))
    yield connection
    connection.close()
