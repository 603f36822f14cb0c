"""`X-Idempotency-Key` on POST /v2/order: the same key and body replay the first answer for 30 days.

How (see `runa.payouts.logic.orders.create_order`): the key's stored answer is read together with the products;
a new key's answer is written in the same transaction as the order and its debit, on the condition that the key
is still new. So the first request to commit wins, and every other request with the key, concurrent or later,
replays the winner's answer: there is never a second order or a second debit, and no lease to wait out.

Rules: a 2xx or 4xx answer is stored and replayed (status and body; a 4xx by its own conditional write, since
no order is written); a 5xx is not stored, so a retry runs again; the key with another body (or another
execution mode) gets `idempotency_validation_error`. Keys are scoped by `caller.scope` (environment and
account) and stored as a SHA-256 hash.

Why not Powertools' `@idempotent`: it stores only what the function returns, so a 4xx (raised as a domain error)
would not be replayed with its status, and its own record would cost a write of its own on every order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from runa.core.errors import BadRequest
from runa.payouts.errors import IdempotencyValidationError
from runa.payouts.logic.records import StoredAnswer

TTL_SECONDS = 30 * 24 * 3600
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    replayed: bool = False


def fingerprint(body: Any, **context: str) -> str:
    """Hash of the request as the client meant it: JSON key order and spacing do not matter."""
    canonical = json.dumps({"body": body, **context}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise BadRequest("The X-Idempotency-Key header is required.")
    if len(key) > MAX_KEY_LENGTH:
        raise BadRequest(f"X-Idempotency-Key has at most {MAX_KEY_LENGTH} characters.")
    return key


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def replay(stored: StoredAnswer, request_fingerprint: str) -> Answer:
    """The stored answer for a repeat of its request; a different request with the same key is refused."""
    if stored.fingerprint != request_fingerprint:
        raise IdempotencyValidationError(
            "This idempotency key was already used with a different request body; use a new key."
        )
    return Answer(stored.status_code, stored.response, replayed=True)
