"""The JSON documents carried by the data channel, and the frames built around them.

Pure: no I/O. Every ``parse_*`` raises PayloadError with one clear sentence.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from typing import Any

from tui.ssm.protocol import ACKNOWLEDGE_FLAGS, Frame, MessageType, PayloadType

SHELL_SESSION_TYPES = frozenset({"Standard_Stream", "InteractiveCommands", "NonInteractiveCommands"})


class ActionStatus:
    SUCCESS = 1
    FAILED = 2
    UNSUPPORTED = 3


class PayloadError(ValueError):
    """A payload that is not the JSON document its type promises."""


def _load_object(payload: bytes | str, what: str) -> dict[str, Any]:
    try:
        document = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise PayloadError(f"{what} is not valid JSON") from None
    if not isinstance(document, dict):
        raise PayloadError(f"{what} is not a JSON object")
    return document


def _dump(document: dict[str, Any]) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


# OpenDataChannelInput: the first (text) websocket frame, from the client.


@dataclass(frozen=True)
class OpenDataChannelInput:
    token: str
    client_id: str
    request_id: str
    client_version: str

    def __repr__(self) -> str:  # never show the token
        return f"OpenDataChannelInput(client_id={self.client_id!r}, client_version={self.client_version!r})"


def open_data_channel_text(token: str, client_version: str) -> str:
    return json.dumps(
        {
            "MessageSchemaVersion": "1.0",
            "RequestId": str(uuid.uuid4()),
            "TokenValue": token,
            "ClientId": str(uuid.uuid4()),
            "ClientVersion": client_version,
        }
    )


def parse_open_data_channel(text: str) -> OpenDataChannelInput:
    document = _load_object(text, "OpenDataChannelInput")
    token = document.get("TokenValue")
    if not isinstance(token, str) or not token:
        raise PayloadError("OpenDataChannelInput has no TokenValue")
    return OpenDataChannelInput(
        token=token,
        client_id=str(document.get("ClientId", "")),
        request_id=str(document.get("RequestId", "")),
        client_version=str(document.get("ClientVersion", "")),
    )


# Handshake: request (agent), response (client), complete (agent).


@dataclass(frozen=True)
class ClientAction:
    action_type: str
    parameters: dict[str, Any]


def handshake_request(agent_version: str, session_type: str = "Standard_Stream") -> bytes:
    return _dump(
        {
            "AgentVersion": agent_version,
            "RequestedClientActions": [
                {"ActionType": "SessionType", "ActionParameters": {"SessionType": session_type, "Properties": {}}}
            ],
        }
    )


def parse_handshake_request(payload: bytes) -> list[ClientAction]:
    document = _load_object(payload, "HandshakeRequest")
    actions = document.get("RequestedClientActions") or []
    if not isinstance(actions, list):
        raise PayloadError("HandshakeRequest.RequestedClientActions is not a list")
    parsed = []
    for action in actions:
        if not isinstance(action, dict) or not isinstance(action.get("ActionType"), str):
            raise PayloadError("HandshakeRequest has an action without an ActionType")
        parameters = action.get("ActionParameters")
        parsed.append(ClientAction(action["ActionType"], parameters if isinstance(parameters, dict) else {}))
    return parsed


@dataclass(frozen=True)
class ProcessedAction:
    action_type: str
    status: int
    error: str = ""


def handshake_response(client_version: str, processed: list[ProcessedAction]) -> bytes:
    return _dump(
        {
            "ClientVersion": client_version,
            "ProcessedClientActions": [
                {"ActionType": p.action_type, "ActionStatus": p.status, "ActionResult": None, "Error": p.error}
                for p in processed
            ],
            "Errors": None,
        }
    )


def parse_handshake_response(payload: bytes) -> list[ProcessedAction]:
    document = _load_object(payload, "HandshakeResponse")
    actions = document.get("ProcessedClientActions") or []
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise PayloadError("HandshakeResponse.ProcessedClientActions is not a list of objects")
    return [
        ProcessedAction(
            str(a.get("ActionType", "")),
            a["ActionStatus"] if isinstance(a.get("ActionStatus"), int) else 0,
            str(a.get("Error") or ""),
        )
        for a in actions
    ]


def handshake_complete(time_to_complete_ns: int, customer_message: str = "") -> bytes:
    return _dump({"HandshakeTimeToComplete": time_to_complete_ns, "CustomerMessage": customer_message})


def parse_handshake_complete(payload: bytes) -> str:
    """The CustomerMessage to show the user ('' for none)."""
    document = _load_object(payload, "HandshakeComplete")
    return str(document.get("CustomerMessage") or "")


# Terminal size (PayloadType 3, client to agent).


def size_payload(cols: int, rows: int) -> bytes:
    return _dump({"cols": cols, "rows": rows})


def parse_size(payload: bytes) -> tuple[int, int]:
    """(cols, rows); raises PayloadError unless both are positive integers."""
    document = _load_object(payload, "size message")
    cols, rows = document.get("cols"), document.get("rows")
    if not (isinstance(cols, int) and isinstance(rows, int) and 0 < cols < 65536 and 0 < rows < 65536):
        raise PayloadError("size message needs positive integer cols and rows")
    return cols, rows


# Acknowledgements.


@dataclass(frozen=True)
class Acknowledgement:
    message_type: str
    message_id: str
    sequence_number: int


def acknowledgement_for(frame: Frame) -> Frame:
    """The acknowledge frame for a received data frame (header seq 0, flags 3)."""
    payload = _dump(
        {
            "AcknowledgedMessageType": frame.message_type,
            "AcknowledgedMessageId": str(frame.message_id),
            "AcknowledgedMessageSequenceNumber": frame.sequence_number,
            "IsSequentialMessage": True,
        }
    )
    return Frame(MessageType.ACKNOWLEDGE, 0, PayloadType.UNDEFINED, payload, flags=ACKNOWLEDGE_FLAGS)


def parse_acknowledgement(payload: bytes) -> Acknowledgement:
    document = _load_object(payload, "acknowledgement")
    sequence_number = document.get("AcknowledgedMessageSequenceNumber")
    if not isinstance(sequence_number, int):
        raise PayloadError("acknowledgement has no AcknowledgedMessageSequenceNumber")
    return Acknowledgement(
        str(document.get("AcknowledgedMessageType", "")),
        str(document.get("AcknowledgedMessageId", "")),
        sequence_number,
    )


# channel_closed (agent to client).


@dataclass(frozen=True)
class ChannelClosed:
    session_id: str
    output: str


def channel_closed_frame(session_id: str, output: str = "") -> Frame:
    message_id = uuid.uuid4()
    created = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    payload = _dump(
        {
            "MessageId": str(message_id),
            "CreatedDate": created.replace("+00:00", "Z"),
            "DestinationId": session_id,
            "SessionId": session_id,
            "MessageType": MessageType.CHANNEL_CLOSED.value,
            "SchemaVersion": 1,
            "Output": output,
        }
    )
    return Frame(MessageType.CHANNEL_CLOSED, 0, PayloadType.OUTPUT, payload, message_id=message_id)


def parse_channel_closed(payload: bytes) -> ChannelClosed:
    document = _load_object(payload, "channel_closed message")
    return ChannelClosed(str(document.get("SessionId") or ""), str(document.get("Output") or ""))
