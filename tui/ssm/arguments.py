"""session-manager-plugin's command-line contract, read the way the plugin reads it.

    argv[1]  session JSON ({sessionId, streamUrl, tokenValue}, any key case), or the NAME
             of an environment variable starting with AWS_SSM_START_SESSION_RESPONSE that
             holds it (read, then removed from the environment, as the plugin does)
    argv[2]  region
    argv[3]  operation: StartSession
    argv[4]  profile, or ""
    argv[5]  request parameters JSON with "Target"
    argv[6]  endpoint URL (optional)
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

SESSION_ENV_PREFIX = "AWS_SSM_START_SESSION_RESPONSE"
OPERATION = "StartSession"


class ArgumentError(ValueError):
    """Arguments that do not follow the plugin's contract; the message says what is wrong."""


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    stream_url: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class StartSessionArguments:
    session: SessionInfo
    region: str
    profile: str
    target: str
    endpoint: str


def _case_insensitive(document: dict[str, Any], key: str) -> Any:
    """Go's encoding/json matches field names case-insensitively; so do we."""
    wanted = key.casefold()
    for name, value in document.items():
        if name.casefold() == wanted:
            return value
    return None


def _load_json_object(text: str, what: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError:
        raise ArgumentError(f"{what} is not valid JSON") from None
    if not isinstance(document, dict):
        raise ArgumentError(f"{what} is not a JSON object")
    return document


def parse_session(text: str) -> SessionInfo:
    document = _load_json_object(text, "the session")
    values = {}
    for key in ("SessionId", "StreamUrl", "TokenValue"):
        value = _case_insensitive(document, key)
        if not isinstance(value, str) or not value:
            raise ArgumentError(f"the session has no {key}")
        values[key] = value
    if not values["StreamUrl"].startswith(("ws://", "wss://")):
        raise ArgumentError("the session's StreamUrl is not a ws:// or wss:// URL")
    return SessionInfo(values["SessionId"], values["StreamUrl"], values["TokenValue"])


def session_text(first_argument: str, environ: MutableMapping[str, str]) -> str:
    """The session JSON itself, fetched from (and removed from) the environment when named."""
    if not first_argument.startswith(SESSION_ENV_PREFIX):
        return first_argument
    value = environ.pop(first_argument, None)
    if value is None:
        raise ArgumentError(f"the environment variable {first_argument} is not set")
    return value


def parse_arguments(args: list[str], environ: MutableMapping[str, str]) -> StartSessionArguments:
    """``args`` is argv without the program name: five or six entries."""
    if len(args) not in (5, 6):
        raise ArgumentError(
            f"expected 5 or 6 arguments (session, region, {OPERATION}, profile, parameters[, endpoint]), got {len(args)}"
        )
    if args[2] != OPERATION:
        raise ArgumentError(f"Unknown operation {args[2]!r}; only {OPERATION} is supported")
    session = parse_session(session_text(args[0], environ))
    parameters = _load_json_object(args[4], "the parameters")
    target = parameters.get("Target")
    if not isinstance(target, str) or not target:
        raise ArgumentError('the parameters have no "Target"')
    return StartSessionArguments(session, args[1], args[3], target, args[5] if len(args) == 6 else "")
