"""Request signing for tool calls: the tool's owner verifies each call came from the platform.

Headers: `X-Runa-Timestamp` (unix seconds) and `X-Runa-Signature: v1=<hex>` where
hex = HMAC-SHA256(secret, f"{timestamp}.{METHOD}.{path_and_query}.{body}"). The method and target are signed too,
so a GET's query-string arguments are covered and a captured call cannot be replayed against another route;
receivers should also refuse timestamps older than `MAX_AGE_SECONDS`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

SECRET_PREFIX = "tsk_"  # noqa: S105 - a prefix, not a secret
SCHEME = "v1"
MAX_AGE_SECONDS = 300
TIMESTAMP_HEADER = "X-Runa-Timestamp"
SIGNATURE_HEADER = "X-Runa-Signature"


def new_secret() -> str:
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def target_of(url: str) -> str:
    """The request target as sent on the wire: path plus query."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"


def signature(secret: str, timestamp: int, method: str, target: str, body: bytes) -> str:
    message = f"{timestamp}.{method.upper()}.{target}.".encode() + body
    return f"{SCHEME}={hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()}"


def sign(secret: str, method: str, url: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, method, target_of(url), body),
    }


def verify(
    secret: str, headers: dict[str, str], method: str, target: str, body: bytes, now: float | None = None
) -> bool:
    """What a tool's owner runs (docs/agent.md shows the same in a few lines)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    raw_timestamp = lowered.get(TIMESTAMP_HEADER.lower(), "")
    if not raw_timestamp.isdigit():
        return False
    timestamp = int(raw_timestamp)
    if abs((now if now is not None else time.time()) - timestamp) > MAX_AGE_SECONDS:
        return False
    expected = signature(secret, timestamp, method, target, body)
    return hmac.compare_digest(expected, lowered.get(SIGNATURE_HEADER.lower(), ""))
