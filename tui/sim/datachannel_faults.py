"""Fault injection for the simulator's data channel: what a bad network does to the frames.

The agent sends every outgoing frame through an OutboundLink, which applies the faults
and writes to the websocket from one sender task, in order unless told to reorder.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

REORDER_HOLD_SECONDS = 0.02  # a held frame goes out anyway if no successor comes


@dataclass(frozen=True)
class Faults:
    """What to do wrong, for tests. The default does nothing wrong."""

    reject_token: bool = False  # refuse OpenDataChannel even with the right token
    drop_after_frames: int | None = None  # lose the connection after this many outgoing data frames
    drop_silently: bool = False  # when dropping, go quiet (no FIN, no pongs) instead of resetting the TCP connection
    delay: float = 0.0  # seconds added before every outgoing frame
    reorder: bool = False  # swap each pair of consecutive outgoing data frames
    duplicate: bool = False  # send every outgoing data frame twice
    lose_every: int = 0  # never send the first transmission of every Nth data frame (resends recover it)
    ignore_input_every: int = 0  # discard every Nth incoming data frame unacknowledged (the client must resend)

    def ignores_input(self, count: int) -> bool:
        return self.ignore_input_every > 0 and count % self.ignore_input_every == 0


class OutboundLink:
    """Ordered, delayed, possibly mangled delivery of wire bytes to one websocket."""

    def __init__(self, faults: Faults, write: Callable[[bytes], Awaitable[None]]) -> None:
        self._faults = faults
        self._write = write
        self._queue: asyncio.Queue[tuple[float, bytes, bool] | None] = asyncio.Queue()
        self._held: bytes | None = None
        self._hold_timer: asyncio.TimerHandle | None = None
        self._data_frames = 0
        self._sent_data_frames = 0
        self.dropped = asyncio.Event()  # set when drop_after_frames is reached; nothing is sent after it
        self._task = asyncio.create_task(self._send_forever())

    def send_data(self, wire: bytes) -> None:
        """A data frame's first transmission: every fault applies."""
        self._data_frames += 1
        if self._faults.lose_every and self._data_frames % self._faults.lose_every == 0:
            return
        if self._faults.reorder:
            if self._held is None:
                self._held = wire
                self._hold_timer = asyncio.get_running_loop().call_later(REORDER_HOLD_SECONDS, self._release_held)
                return
            self._enqueue(wire, counts=True)
            self._release_held()
            return
        self._enqueue(wire, counts=True)

    def send(self, wire: bytes) -> None:
        """Acknowledgements, resends and channel_closed: delayed, but never lost or reordered."""
        self._enqueue(wire, counts=False)

    def _release_held(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.cancel()
            self._hold_timer = None
        if self._held is not None:
            held, self._held = self._held, None
            self._enqueue(held, counts=True)

    def _enqueue(self, wire: bytes, counts: bool) -> None:
        due = time.monotonic() + self._faults.delay
        self._queue.put_nowait((due, wire, counts))
        if counts and self._faults.duplicate:
            self._queue.put_nowait((due, wire, False))

    async def _send_forever(self) -> None:
        while (item := await self._queue.get()) is not None:
            due, wire, counts = item
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                await self._write(wire)
            except ConnectionError:
                return  # the peer is gone; the receiving side notices and ends the session
            if counts:
                self._sent_data_frames += 1
                limit = self._faults.drop_after_frames
                if limit is not None and self._sent_data_frames >= limit:
                    self.dropped.set()
                    return

    async def finish(self, timeout: float) -> None:
        """Wait until everything queued so far has been written (or the link dropped)."""
        self._release_held()
        self._queue.put_nowait(None)
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except asyncio.TimeoutError:
            pass

    async def close(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.cancel()
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
