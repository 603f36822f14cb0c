"""Opaque list cursors: base64url of a small JSON object, without padding.

One codec for every paginated list; each list checks what it decoded (its own fields, its own partition) and
raises its own documented error, so a cursor is refused the same way whether it is garbage or another list's.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any


def encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any] | None:
    """The object a cursor holds, or None when it is not one of ours at all."""
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        return None
    return data if isinstance(data, dict) else None


def at(field: str, position: str) -> str:
    """A cursor that continues a list from `position`, reading the way `field` names ("before", "after")."""
    return encode({field: position})


def position(cursor: str, field: str, shape: re.Pattern[str]) -> str | None:
    """The position a cursor made by `at(field, ...)` holds when it holds nothing else and has the list's own
    shape; None for garbage, another list's cursor or one that reads the other way (the list raises its error)."""
    decoded = decode(cursor)
    found = decoded.get(field) if decoded and set(decoded) == {field} else None
    return found if isinstance(found, str) and shape.fullmatch(found) else None
