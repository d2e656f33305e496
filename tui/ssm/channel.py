"""Reliable delivery for one end of a data channel: numbering, acks, resends, reordering.

Sans-I/O: callers feed received websocket bytes in and send whatever bytes come out.
Both the session client and the simulator's agent use this one implementation.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.ssm.payloads import acknowledgement_for, parse_acknowledgement
from tui.ssm.protocol import Frame, MessageType, encode_frame, decode_frame

REORDER_CAPACITY = 10_000  # the plugin's limit on buffered out-of-order frames


@dataclass
class ChannelStats:
    """What reliability work one end has done, for tests and benchmarks."""

    sent: int = 0
    resent: int = 0
    acknowledged: int = 0
    delivered: int = 0
    duplicates: int = 0
    out_of_order: int = 0


@dataclass
class Incoming:
    """The result of feeding one received websocket message to the channel."""

    replies: list[bytes] = field(default_factory=list)  # acknowledgements to send back now
    delivered: list[Frame] = field(default_factory=list)  # the peer's data frames, now in order
    control: Frame | None = None  # any other message (channel_closed, start_publication, ...)


@dataclass
class _Pending:
    wire: bytes
    last_sent: float


class DataChannel:
    """One direction's sequence numbers out, the other direction's reorder buffer in."""

    def __init__(
        self,
        sends: MessageType,
        receives: MessageType,
        resend_after: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sends = sends
        self.receives = receives
        self.resend_after = resend_after
        self.stats = ChannelStats()
        self._clock = clock
        self._next_sequence = 0
        self._pending: dict[int, _Pending] = {}
        self._expected = 0
        self._reorder: dict[int, Frame] = {}

    def data_frame(self, payload_type: int, payload: bytes) -> bytes:
        """Number, encode and remember one outgoing data frame; returns its wire bytes."""
        frame = Frame(self.sends, self._next_sequence, payload_type, payload)
        wire = encode_frame(frame)
        self._pending[self._next_sequence] = _Pending(wire, self._clock())
        self._next_sequence += 1
        self.stats.sent += 1
        return wire

    def receive(self, data: bytes) -> Incoming:
        """Handle one binary websocket message; raises FrameError or PayloadError if malformed."""
        frame = decode_frame(data)
        if frame.message_type == MessageType.ACKNOWLEDGE:
            acknowledged = parse_acknowledgement(frame.payload).sequence_number
            if self._pending.pop(acknowledged, None) is not None:
                self.stats.acknowledged += 1
            return Incoming()
        if frame.message_type != self.receives:
            return Incoming(control=frame)
        return self._receive_data(frame)

    def _receive_data(self, frame: Frame) -> Incoming:
        sequence = frame.sequence_number
        if sequence < self._expected or sequence in self._reorder:
            self.stats.duplicates += 1
            return Incoming(replies=[encode_frame(acknowledgement_for(frame))])
        if sequence > self._expected:
            if len(self._reorder) >= REORDER_CAPACITY:
                return Incoming()  # unacknowledged: the peer resends it later
            self._reorder[sequence] = frame
            self.stats.out_of_order += 1
            return Incoming(replies=[encode_frame(acknowledgement_for(frame))])
        delivered = [frame]
        self._expected += 1
        while (buffered := self._reorder.pop(self._expected, None)) is not None:
            delivered.append(buffered)
            self._expected += 1
        self.stats.delivered += len(delivered)
        return Incoming(replies=[encode_frame(acknowledgement_for(frame))], delivered=delivered)

    def due_resends(self) -> list[bytes]:
        """Wire bytes of every unacknowledged frame last sent at least resend_after ago."""
        now = self._clock()
        due = []
        for pending in self._pending.values():
            if now - pending.last_sent >= self.resend_after:
                pending.last_sent = now
                due.append(pending.wire)
        self.stats.resent += len(due)
        return due

    @property
    def unacknowledged(self) -> int:
        return len(self._pending)
