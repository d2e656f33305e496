"""JSON payloads and the sans-I/O reliability layer (acks, duplicates, reordering, resends)."""

from __future__ import annotations

import json

import pytest

from tui.ssm import payloads
from tui.ssm.channel import DataChannel
from tui.ssm.protocol import ACKNOWLEDGE_FLAGS, MessageType, PayloadType, decode_frame, encode_frame


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def agent_and_client(clock: FakeClock) -> tuple[DataChannel, DataChannel]:
    agent = DataChannel(MessageType.OUTPUT_STREAM_DATA, MessageType.INPUT_STREAM_DATA, 0.25, clock)
    client = DataChannel(MessageType.INPUT_STREAM_DATA, MessageType.OUTPUT_STREAM_DATA, 0.2, clock)
    return agent, client


def test_handshake_request_matches_reference_shape() -> None:
    document = json.loads(payloads.handshake_request("3.3.0.0"))
    assert document == {
        "AgentVersion": "3.3.0.0",
        "RequestedClientActions": [
            {
                "ActionType": "SessionType",
                "ActionParameters": {"SessionType": "Standard_Stream", "Properties": {}},
            }
        ],
    }
    actions = payloads.parse_handshake_request(payloads.handshake_request("3.3.0.0"))
    assert actions[0].action_type == "SessionType"
    assert actions[0].parameters["SessionType"] == "Standard_Stream"


def test_handshake_response_matches_plugin_bytes() -> None:
    """The reference records the plugin's exact response document."""
    response = payloads.handshake_response(
        "1.2.677.0", [payloads.ProcessedAction("SessionType", payloads.ActionStatus.SUCCESS)]
    )
    assert json.loads(response) == json.loads(
        '{"ClientVersion":"1.2.677.0","ProcessedClientActions":[{"ActionType":"SessionType",'
        '"ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}'
    )
    assert payloads.parse_handshake_response(response) == [payloads.ProcessedAction("SessionType", 1, "")]


def test_open_data_channel_carries_token_but_repr_hides_it() -> None:
    text = payloads.open_data_channel_text("secret-token", "0.1.0")
    document = json.loads(text)
    assert document["MessageSchemaVersion"] == "1.0"
    assert document["TokenValue"] == "secret-token"
    parsed = payloads.parse_open_data_channel(text)
    assert parsed.token == "secret-token"
    assert "secret-token" not in repr(parsed)


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"TokenValue": ""}', "not json"])
def test_open_data_channel_rejects_missing_token(text: str) -> None:
    with pytest.raises(payloads.PayloadError):
        payloads.parse_open_data_channel(text)


def test_size_round_trip_and_validation() -> None:
    assert payloads.size_payload(120, 40) == b'{"cols":120,"rows":40}'
    assert payloads.parse_size(b'{"cols":120,"rows":40}') == (120, 40)
    for bad in (b'{"cols":0,"rows":5}', b'{"cols":"80","rows":24}', b"{}", b"\xff"):
        with pytest.raises(payloads.PayloadError):
            payloads.parse_size(bad)


def test_acknowledgement_frame_shape() -> None:
    clock = FakeClock()
    agent, _ = agent_and_client(clock)
    data = decode_frame(agent.data_frame(PayloadType.OUTPUT, b"x"))
    ack = payloads.acknowledgement_for(data)
    assert (ack.message_type, ack.sequence_number, ack.flags, ack.payload_type) == ("acknowledge", 0, ACKNOWLEDGE_FLAGS, 0)
    assert json.loads(ack.payload) == {
        "AcknowledgedMessageType": "output_stream_data",
        "AcknowledgedMessageId": str(data.message_id),
        "AcknowledgedMessageSequenceNumber": 0,
        "IsSequentialMessage": True,
    }


def test_channel_closed_round_trip() -> None:
    frame = payloads.channel_closed_frame("sess-1", "bye")
    assert frame.message_type == "channel_closed"
    assert frame.sequence_number == 0
    assert payloads.parse_channel_closed(frame.payload) == payloads.ChannelClosed("sess-1", "bye")


def test_in_order_delivery_and_ack_clears_pending() -> None:
    clock = FakeClock()
    agent, client = agent_and_client(clock)
    wires = [agent.data_frame(PayloadType.OUTPUT, bytes([65 + i])) for i in range(3)]
    delivered = []
    for wire in wires:
        incoming = client.receive(wire)
        delivered += [f.payload for f in incoming.delivered]
        for reply in incoming.replies:
            assert agent.receive(reply).delivered == []
    assert delivered == [b"A", b"B", b"C"]
    assert agent.unacknowledged == 0


def test_out_of_order_frames_are_buffered_acked_and_released_in_order() -> None:
    clock = FakeClock()
    agent, client = agent_and_client(clock)
    first, second, third = (agent.data_frame(PayloadType.OUTPUT, p) for p in (b"1", b"2", b"3"))
    got_third = client.receive(third)
    assert got_third.delivered == [] and len(got_third.replies) == 1
    assert client.receive(second).delivered == []
    assert [f.payload for f in client.receive(first).delivered] == [b"1", b"2", b"3"]
    assert client.stats.out_of_order == 2


def test_duplicates_are_acked_again_but_delivered_once() -> None:
    clock = FakeClock()
    agent, client = agent_and_client(clock)
    wire = agent.data_frame(PayloadType.OUTPUT, b"once")
    assert len(client.receive(wire).delivered) == 1
    again = client.receive(wire)
    assert again.delivered == [] and len(again.replies) == 1
    assert client.stats.duplicates == 1


def test_unacknowledged_frames_are_resent_after_timeout() -> None:
    clock = FakeClock()
    agent, client = agent_and_client(clock)
    wire = agent.data_frame(PayloadType.OUTPUT, b"lost")
    clock.now = 0.1
    assert agent.due_resends() == []
    clock.now = 0.3
    assert agent.due_resends() == [wire]
    assert agent.due_resends() == []  # not again until another interval passes
    for reply in client.receive(wire).replies:
        agent.receive(reply)
    clock.now = 1.0
    assert agent.due_resends() == []
    assert agent.stats.resent == 1


def test_other_messages_are_returned_as_control() -> None:
    clock = FakeClock()
    _, client = agent_and_client(clock)
    incoming = client.receive(encode_frame(payloads.channel_closed_frame("s")))
    assert incoming.control is not None and incoming.control.message_type == "channel_closed"
