"""Deterministic identifiers: drawn from the world's seeded generator or derived by hashing."""

from __future__ import annotations

import hashlib
import random


def hex_id(rng: random.Random, length: int = 32) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def uuid_from(rng: random.Random) -> str:
    h = hex_id(rng)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def derived_hex(*parts: str, length: int = 64) -> str:
    """A stable hex string from ``parts`` (up to 128 characters)."""
    digest = hashlib.sha512("/".join(parts).encode()).hexdigest()
    return digest[:length]


def derived_uuid(*parts: str) -> str:
    h = derived_hex(*parts, length=32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def derived_digits(*parts: str, length: int = 10) -> str:
    return str(int(derived_hex(*parts, length=24), 16))[-length:].rjust(length, "1")


def deployment_id(rng: random.Random) -> str:
    return "ecs-svc/" + str(rng.randrange(10**18, 10**19))
