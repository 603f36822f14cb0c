"""Identifier formats shared by both APIs."""

from __future__ import annotations

import secrets
import time

# Crockford's base32, the ULID alphabet (no I, L, O, U).
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid() -> str:
    """A ULID (ulid/spec): 48 bits of Unix milliseconds, then 80 random bits, as 26 Crockford base32 characters, so
    ids sort by creation time. Our own ten lines rather than python-ulid: that package reads its own installed
    metadata when imported (importlib.metadata), about 15 ms of every cold start for one function call."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def prefixed(prefix: str, nbytes: int = 10) -> str:
    """e.g. prefixed("sess_") -> "sess_4f1c..."; random, URL-safe, unguessable."""
    return f"{prefix}{secrets.token_hex(nbytes)}"
