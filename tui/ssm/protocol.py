"""The binary frame of the Session Manager data channel (ClientMessage / AgentMessage).

Layout, all integers big-endian (120-byte header, then the payload)::

    0   4  HeaderLength    116: the offset of PayloadLength
    4  32  MessageType     ASCII, padded with spaces
   36   4  SchemaVersion   1
   40   8  CreatedDate     epoch milliseconds, never 0
   48   8  SequenceNumber  one counter per direction, from 0
   56   8  Flags           bit0 SYN, bit1 FIN; acknowledgements use 3
   64  16  MessageId       UUID, least-significant 8 bytes first
   80  32  PayloadDigest   SHA-256 of the payload
  112   4  PayloadType
  116   4  PayloadLength
  120   n  Payload

Pure: no I/O. Shared by the client and the simulator's agent side.
"""

from __future__ import annotations

import enum
import hashlib
import struct
import time
import uuid
from dataclasses import dataclass, field

HEADER_LENGTH = 116
PAYLOAD_OFFSET = HEADER_LENGTH + 4
MESSAGE_TYPE_SIZE = 32
SCHEMA_VERSION = 1

# Everything between MessageType and PayloadDigest, and PayloadType + PayloadLength.
_MIDDLE = struct.Struct(">IQqQ")  # SchemaVersion, CreatedDate, SequenceNumber, Flags
_TAIL = struct.Struct(">II")  # PayloadType, PayloadLength
_DIGEST_OFFSET = 80
_TAIL_OFFSET = 112


class MessageType(enum.StrEnum):
    INPUT_STREAM_DATA = "input_stream_data"
    OUTPUT_STREAM_DATA = "output_stream_data"
    ACKNOWLEDGE = "acknowledge"
    CHANNEL_CLOSED = "channel_closed"
    START_PUBLICATION = "start_publication"
    PAUSE_PUBLICATION = "pause_publication"


class PayloadType(enum.IntEnum):
    UNDEFINED = 0
    OUTPUT = 1
    ERROR = 2
    SIZE = 3
    PARAMETER = 4
    HANDSHAKE_REQUEST = 5
    HANDSHAKE_RESPONSE = 6
    HANDSHAKE_COMPLETE = 7
    ENC_CHALLENGE_REQUEST = 8
    ENC_CHALLENGE_RESPONSE = 9
    FLAG = 10
    STDERR = 11
    EXIT_CODE = 12


FLAG_SYN = 1
FLAG_FIN = 2
ACKNOWLEDGE_FLAGS = FLAG_SYN | FLAG_FIN

# The plugin skips validation for these gateway messages, and so do we.
_UNVALIDATED_TYPES = frozenset({MessageType.START_PUBLICATION, MessageType.PAUSE_PUBLICATION})


class FrameError(ValueError):
    """A binary frame that cannot be decoded or fails validation."""


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class Frame:
    """One data-channel message, decoded."""

    message_type: str
    sequence_number: int
    payload_type: int
    payload: bytes = b""
    flags: int = 0
    message_id: uuid.UUID = field(default_factory=uuid.uuid4)
    created_ms: int = field(default_factory=now_ms)
    schema_version: int = SCHEMA_VERSION


def message_id_to_wire(message_id: uuid.UUID) -> bytes:
    """The UUID in Java long-pair order: least-significant half first."""
    raw = message_id.bytes
    return raw[8:] + raw[:8]


def message_id_from_wire(raw: bytes) -> uuid.UUID:
    return uuid.UUID(bytes=raw[8:16] + raw[:8])


def encode_frame(frame: Frame) -> bytes:
    message_type = frame.message_type.encode("ascii")
    if not message_type or len(message_type) > MESSAGE_TYPE_SIZE:
        raise FrameError(f"message type must be 1-{MESSAGE_TYPE_SIZE} ASCII characters: {frame.message_type!r}")
    return b"".join(
        (
            HEADER_LENGTH.to_bytes(4, "big"),
            message_type.ljust(MESSAGE_TYPE_SIZE, b" "),
            _MIDDLE.pack(frame.schema_version, frame.created_ms, frame.sequence_number, frame.flags),
            message_id_to_wire(frame.message_id),
            hashlib.sha256(frame.payload).digest(),
            _TAIL.pack(frame.payload_type, len(frame.payload)),
            frame.payload,
        )
    )


def decode_frame(data: bytes) -> Frame:
    """Decode and validate one frame; raises FrameError on anything malformed."""
    if len(data) < PAYLOAD_OFFSET:
        raise FrameError(f"frame is {len(data)} bytes, shorter than the {PAYLOAD_OFFSET}-byte header")
    header_length = int.from_bytes(data[0:4], "big")
    if header_length < HEADER_LENGTH or header_length + 4 > len(data):
        raise FrameError(f"header length {header_length} does not fit a {len(data)}-byte frame")
    try:
        message_type = data[4 : 4 + MESSAGE_TYPE_SIZE].decode("ascii").strip("\x00 \t\r\n")
    except UnicodeDecodeError:
        raise FrameError("message type is not ASCII") from None
    schema_version, created_ms, sequence_number, flags = _MIDDLE.unpack_from(data, 36)
    message_id = message_id_from_wire(data[64:80])
    digest = data[_DIGEST_OFFSET:_TAIL_OFFSET]
    payload_type = int.from_bytes(data[_TAIL_OFFSET : _TAIL_OFFSET + 4], "big")
    payload_length = int.from_bytes(data[header_length : header_length + 4], "big")
    payload_start = header_length + 4
    if payload_start + payload_length != len(data):
        raise FrameError(
            f"payload length {payload_length} does not match the {len(data) - payload_start} bytes after the header"
        )
    payload = bytes(data[payload_start:])
    if message_type not in _UNVALIDATED_TYPES:
        if not message_type:
            raise FrameError("message type is empty")
        if created_ms == 0:
            raise FrameError("created date is zero")
        if payload_length and hashlib.sha256(payload).digest() != digest:
            raise FrameError("payload digest does not match the payload")
    return Frame(
        message_type=message_type,
        sequence_number=sequence_number,
        payload_type=payload_type,
        payload=payload,
        flags=flags,
        message_id=message_id,
        created_ms=created_ms,
        schema_version=schema_version,
    )
