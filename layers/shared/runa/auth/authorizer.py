"""The authorizer's decision, free of API Gateway: a key in the headers -> a caller or a refusal, and the
caller's usage plan (API Gateway enforces its rate and daily quota with the key the authorizer returns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from runa.auth import store
from runa.auth.keys import ACTIVE, StoredKey, key_from_headers, parse_key, secret_matches
from runa.core.caller import Caller
from runa.core.clock import iso_utc
from runa.core.errors import DomainError, InvalidApiKey, StoreError, Unauthorized
from runa.core.observability import logger

# "Last used" is accurate to this interval: at most one write per key per interval, never one per request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class Refusal:
    error: DomainError


def authorize(headers: dict[str, str] | None) -> Caller | Refusal:
    raw = key_from_headers(headers)
    if raw is None:
        return Refusal(Unauthorized())
    parsed = parse_key(raw)
    if parsed is None:
        return Refusal(InvalidApiKey("The API key is malformed."))
    stored = store.get_key(parsed.key_id)
    # One message for unknown, wrong-secret and environment mismatch, so the answer leaks nothing.
    if stored is None or stored.environment != parsed.environment or not secret_matches(parsed, stored):
        return Refusal(InvalidApiKey())
    if stored.status != ACTIVE:
        return Refusal(InvalidApiKey("The API key has been revoked."))
    _note_use(stored)
    return Caller(
        account_id=stored.account_id,
        environment=stored.environment,
        key_id=stored.key_id,
        product_id=stored.product_id,
        api_scopes=stored.api_scopes,
    )


def _note_use(stored: StoredKey, now: datetime | None = None) -> None:
    """Record the key's use when its stored `last_used_at` (already read above) is older than the resolution.
    A failed write never refuses a good key."""
    moment = now or datetime.now(UTC)
    stale_before = iso_utc(moment - LAST_USED_RESOLUTION, timespec="seconds")
    if stored.last_used_at is not None and stored.last_used_at >= stale_before:
        return
    try:
        store.record_use(stored.key_id, iso_utc(moment, timespec="seconds"), stale_before)
    except StoreError:
        logger.warning("could not record key use", extra={"key_id": stored.key_id})


def usage_plan(caller: Caller) -> store.AccountPlan | None:
    """The account's plan; None when the operator has not assigned one (API Gateway then answers 403)."""
    return store.get_plan(caller.scope)
