"""Typed messages that thread workers post back to the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from textual.message import Message


@dataclass
class RowsArrived(Message):
    """One batch of a streaming listing for the pane named ``pane``."""

    pane: str
    owner: Any
    items: Sequence[Any]


@dataclass
class ListingEnded(Message):
    """A listing finished; ``error`` is one line when it failed."""

    pane: str
    owner: Any
    error: str | None = None


@dataclass
class ExecRequested(Message):
    """ECS Exec into ``container_name`` of ``task``: ``command`` None means the configured shell;
    ``interactive`` False runs a one-off command line."""

    task: Any
    container_name: str
    command: str | None
    interactive: bool
