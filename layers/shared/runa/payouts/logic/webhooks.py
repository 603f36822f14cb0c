"""Webhook signing (Standard Webhooks / Svix style) and the delivery of one queued event.

Headers: `webhook-id` (stable for one event, so a receiver can drop duplicates), `webhook-timestamp` (epoch
seconds of this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256 over "id.timestamp.body">`, keyed with
the base64-decoded part of the endpoint's `whsec_...` secret. Receivers should also refuse old timestamps.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from runa.core.errors import DomainError
from runa.core.observability import logger
from runa.payouts.data import webhooks as store

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format marker of a secret, not a secret
ORDER_COMPLETION = "order.completion"


class WebhookDeliveryFailed(DomainError):
    """The endpoint did not answer 2xx: the queue retries the message, then moves it to its DLQ."""

    status, error_type = 502, "webhook_delivery_failed"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, message_id: str, body: str, timestamp: int) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }


def event_message(scope: str, order_id: str, status: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The queue message for one order.completion event; its id is derived from the order and its final status,
    so a redelivered order message produces the same webhook-id."""
    return {
        "id": f"msg_{order_id}_{status.lower()}",
        "scope": scope,
        "type": ORDER_COMPLETION,
        "payload": payload,
    }


def register(scope: str, url: str) -> tuple[store.Endpoint, str]:
    """Register (or replace) the account's endpoint; returns it and the new signing secret (shown once)."""
    store.check_url(url)
    secret = new_secret()
    return store.put_endpoint(scope, url, secret), secret


def deliver(message: dict[str, Any], *, now: float | None = None) -> bool:
    """Deliver one queued event. False when the account has no endpoint (nothing to do); raises
    WebhookDeliveryFailed when the endpoint does not take it."""
    endpoint = store.get_endpoint(message["scope"])
    if endpoint is None:
        return False
    body = json.dumps(message["payload"], separators=(",", ":"))
    timestamp = int(time.time() if now is None else now)
    result = store.deliver(endpoint.url, body, signed_headers(endpoint.secret, message["id"], body, timestamp))
    if not result.ok:
        logger.warning("webhook delivery failed", extra={"webhook_id": message["id"], "detail": result.detail})
        raise WebhookDeliveryFailed(f"The webhook endpoint did not accept the event ({result.detail}).")
    return True
