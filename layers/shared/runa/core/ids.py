"""Identifier formats shared by both APIs."""

from __future__ import annotations

import secrets

from ulid import ULID


def ulid() -> str:
    return str(ULID())


def prefixed(prefix: str, nbytes: int = 10) -> str:
    """e.g. prefixed("sess_") -> "sess_4f1c..."; random, URL-safe, unguessable."""
    return f"{prefix}{secrets.token_hex(nbytes)}"
