"""`X-Idempotency-Key` on POST /v2/order: the same key and body replay the first answer for 30 days.

Why not Powertools' `@idempotent`: it stores only what the function returns, so a 4xx (raised as a domain error)
would not be replayed with its status, and it cannot give the work a value fixed on the first attempt. Here the
first claim of a key chooses the order id and keeps it in the record; a retry after a crash (say, between the
money transaction and the answer) takes over the expired lease with that same id, and the order's
`attribute_not_exists` condition makes a second order, and a second debit, impossible.

Rules: a 2xx or 4xx answer is stored and replayed (status and body); a 5xx is not stored (the lease is released,
so a retry runs again, with the same order id); another request with the key while the first is running gets
`idempotency_in_progress`; the key with another body gets `idempotency_validation_error`. Keys are scoped by
`caller.scope` (environment and account).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from runa.core.errors import BadRequest, DomainError
from runa.payouts.data import idempotency as store
from runa.payouts.errors import IdempotencyInProgress, IdempotencyValidationError

TTL_SECONDS = 30 * 24 * 3600
# Longer than the orders function's timeout (10 s), so a live request never loses its lease.
LEASE_SECONDS = 30
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


def run(scope: str, key: str, request_fingerprint: str, new_order_id: str, work: Callable[[str], Answer]) -> Answer:
    """Run `work(order_id)` at most once per key (see the module docstring)."""
    key_hash = hashlib.sha256(key.encode()).hexdigest()
    outcome = store.claim(
        scope,
        key_hash,
        fingerprint=request_fingerprint,
        new_order_id=new_order_id,
        now=int(time.time()),
        lease_seconds=LEASE_SECONDS,
        ttl_seconds=TTL_SECONDS,
    )
    if isinstance(outcome, store.Existing):
        if outcome.fingerprint != request_fingerprint:
            raise IdempotencyValidationError(
                "This idempotency key was already used with a different request body; use a new key."
            )
        if outcome.state == store.COMPLETED and outcome.status_code is not None:
            return Answer(outcome.status_code, outcome.response, replayed=True)
        raise IdempotencyInProgress()
    try:
        answer = work(outcome.order_id)
    except DomainError as error:
        if error.status >= 500:
            store.release(scope, key_hash, token=outcome.token)
            raise
        store.complete(scope, key_hash, token=outcome.token, status_code=error.status, response=error.body())
        raise
    except BaseException:
        store.release(scope, key_hash, token=outcome.token)
        raise
    store.complete(scope, key_hash, token=outcome.token, status_code=answer.status, response=answer.body)
    return answer
