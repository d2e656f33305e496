"""The binary frame: known-answer vectors from the documented layout, round trips, validation."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from tui.ssm.protocol import (
    ACKNOWLEDGE_FLAGS,
    Frame,
    FrameError,
    MessageType,
    PayloadType,
    decode_frame,
    encode_frame,
)

MESSAGE_ID = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
CREATED_MS = 1_700_000_000_000  # 0x18bcfe56800

# "ls\r" typed by the client as input_stream_data seq 5, assembled by hand from the reference layout.
KNOWN_INPUT_FRAME = bytes.fromhex(
    "00000074"  # HeaderLength 116
    + b"input_stream_data".ljust(32, b" ").hex()  # MessageType, space padded
    + "00000001"  # SchemaVersion
    + "0000018bcfe56800"  # CreatedDate
    + "0000000000000005"  # SequenceNumber
    + "0000000000000000"  # Flags
    + "8899aabbccddeeff" + "0011223344556677"  # MessageId: least-significant half first
    + "1d887ce0f8672e4914d9000e801cd74ecd805dd9366c0bc42dc16adc0197dc2f"  # SHA-256("ls\r")
    + "00000001"  # PayloadType Output
    + "00000003"  # PayloadLength
    + "6c730d"  # "ls\r"
)


def known_input() -> Frame:
    return Frame(
        MessageType.INPUT_STREAM_DATA, 5, PayloadType.OUTPUT, b"ls\r", message_id=MESSAGE_ID, created_ms=CREATED_MS
    )


def test_encode_matches_hand_assembled_vector() -> None:
    assert encode_frame(known_input()) == KNOWN_INPUT_FRAME


def test_decode_hand_assembled_vector() -> None:
    assert decode_frame(KNOWN_INPUT_FRAME) == known_input()


def test_header_is_120_bytes_and_payload_follows() -> None:
    wire = encode_frame(Frame(MessageType.OUTPUT_STREAM_DATA, 0, PayloadType.OUTPUT, b"abc"))
    assert len(wire) == 123
    assert wire[120:] == b"abc"


@pytest.mark.parametrize(
    "frame",
    [
        Frame(MessageType.OUTPUT_STREAM_DATA, 2**40, PayloadType.HANDSHAKE_REQUEST, b'{"a":1}'),
        Frame(MessageType.ACKNOWLEDGE, 0, PayloadType.UNDEFINED, b"{}", flags=ACKNOWLEDGE_FLAGS),
        Frame(MessageType.CHANNEL_CLOSED, 0, PayloadType.OUTPUT, b""),
        Frame(MessageType.INPUT_STREAM_DATA, 7, PayloadType.OUTPUT, bytes(range(256)) * 40),
    ],
)
def test_round_trip(frame: Frame) -> None:
    assert decode_frame(encode_frame(frame)) == frame


def test_message_type_with_nul_padding_is_accepted() -> None:
    wire = bytearray(KNOWN_INPUT_FRAME)
    wire[4:36] = b"input_stream_data".ljust(32, b"\x00")
    assert decode_frame(bytes(wire)).message_type == "input_stream_data"


def test_digest_mismatch_is_rejected() -> None:
    wire = bytearray(KNOWN_INPUT_FRAME)
    wire[-1] ^= 0x01
    with pytest.raises(FrameError, match="digest"):
        decode_frame(bytes(wire))


@pytest.mark.parametrize("length", [0, 1, 119, 120, 122])
def test_truncated_frame_is_rejected(length: int) -> None:
    with pytest.raises(FrameError):
        decode_frame(KNOWN_INPUT_FRAME[:length])


def test_trailing_bytes_are_rejected() -> None:
    with pytest.raises(FrameError, match="payload length"):
        decode_frame(KNOWN_INPUT_FRAME + b"x")


def test_zero_created_date_is_rejected() -> None:
    wire = bytearray(KNOWN_INPUT_FRAME)
    wire[40:48] = bytes(8)
    with pytest.raises(FrameError, match="created date"):
        decode_frame(bytes(wire))


def test_bad_header_length_is_rejected() -> None:
    wire = bytearray(KNOWN_INPUT_FRAME)
    wire[0:4] = (100).to_bytes(4, "big")
    with pytest.raises(FrameError, match="header length"):
        decode_frame(bytes(wire))


def test_non_ascii_message_type_is_rejected() -> None:
    wire = bytearray(KNOWN_INPUT_FRAME)
    wire[4] = 0xFF
    with pytest.raises(FrameError, match="ASCII"):
        decode_frame(bytes(wire))


def test_publication_messages_skip_validation() -> None:
    """Like the plugin, start/pause_publication are not digest-checked."""
    wire = bytearray(encode_frame(Frame(MessageType.START_PUBLICATION, 0, PayloadType.UNDEFINED, b"x")))
    wire[80:112] = bytes(32)
    wire[40:48] = bytes(8)
    assert decode_frame(bytes(wire)).message_type == "start_publication"


def test_overlong_message_type_cannot_be_encoded() -> None:
    with pytest.raises(FrameError):
        encode_frame(Frame("x" * 33, 0, 0, b""))


def test_digest_field_is_sha256_of_payload() -> None:
    payload = b"hello world"
    wire = encode_frame(Frame(MessageType.OUTPUT_STREAM_DATA, 1, PayloadType.OUTPUT, payload))
    assert wire[80:112] == hashlib.sha256(payload).digest()
