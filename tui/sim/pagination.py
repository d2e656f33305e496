"""Opaque ``nextToken`` values: a position in a listing, bound to the listing it came from."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Sequence, TypeVar

from . import errors

T = TypeVar("T")


def encode(listing: str, position: int) -> str:
    raw = json.dumps({"l": listing, "p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str | None, listing: str) -> int:
    """The position a token stands for; 0 without a token."""
    if token is None:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = data["p"]
        if data["l"] != listing or not isinstance(position, int) or position < 0:
            raise ValueError(token)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise errors.invalid_parameter("Invalid nextToken: the token is malformed or was issued for another request.") from None
    return position


def page(items: Sequence[T], token: str | None, size: int, listing: str) -> tuple[Sequence[T], str | None]:
    start = decode(token, listing)
    end = start + size
    return items[start:end], (encode(listing, end) if end < len(items) else None)
