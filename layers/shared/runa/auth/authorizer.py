"""The authorizer's decision, free of API Gateway: a key in the headers -> a caller or a refusal, and the
caller's usage plan (API Gateway enforces its rate and daily quota with the key the authorizer returns)."""

from __future__ import annotations

from dataclasses import dataclass

from runa.auth import store
from runa.auth.keys import ACTIVE, key_from_headers, parse_key, secret_matches
from runa.core.api import Caller
from runa.core.errors import DomainError, InvalidApiKey, Unauthorized


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
    return Caller(
        account_id=stored.account_id,
        environment=stored.environment,
        key_id=stored.key_id,
        product_id=stored.product_id,
        api_scopes=stored.api_scopes,
    )


def usage_plan(caller: Caller) -> store.AccountPlan | None:
    """The account's plan; None when the operator has not assigned one (API Gateway then answers 403)."""
    return store.get_plan(caller.scope)
