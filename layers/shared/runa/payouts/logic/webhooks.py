"""order.completion webhooks: registration, and the delivery of one queued event with retries that survive an
outage.

Signing is Standard Webhooks' (runa.core.sealing.sign_webhook). A failed attempt is retried on
`RETRY_SCHEDULE` (Standard Webhooks' recommendation: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the
first, about 27.5 hours in all); every attempt is recorded; after the last one the queue moves the event to its
dead-letter queue, which `dlq redrive --queue webhooks` sends back.
"""

from __future__ import annotations

import json
import time
from typing import Any

from runa.core import sealing
from runa.core.errors import DomainError
from runa.core.observability import logger
from runa.payouts.data import webhooks as store

ORDER_COMPLETION = "order.completion"
# Seconds to wait after failed attempt n (1-based) before attempt n + 1.
RETRY_SCHEDULE = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1  # template.yaml: the WebhooksQueue's maxReceiveCount


class WebhookDeliveryFailed(DomainError):
    """The endpoint did not answer 2xx. `retry_in` is the wait before the next attempt (None: it was the last)."""

    status, error_type = 502, "webhook_delivery_failed"

    def __init__(self, message: str, *, retry_in: int | None) -> None:
        super().__init__(message)
        self.retry_in = retry_in


def retry_delay(attempt: int) -> int | None:
    """The wait after failed attempt `attempt` (1-based), or None when no attempt is left."""
    return RETRY_SCHEDULE[attempt - 1] if 1 <= attempt <= len(RETRY_SCHEDULE) else None


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
    secret = sealing.new_webhook_secret()
    return store.put_endpoint(scope, url, secret), secret


def deliver(message: dict[str, Any], *, attempt: int = 1, now: float | None = None) -> bool:
    """Make attempt `attempt` of one queued event. False when the account has no endpoint (nothing to do);
    raises WebhookDeliveryFailed when the endpoint does not take it. The attempt is recorded either way."""
    endpoint = store.get_endpoint(message["scope"])
    if endpoint is None:
        return False
    body = json.dumps(message["payload"], separators=(",", ":"))
    timestamp = int(time.time() if now is None else now)
    result = store.deliver(endpoint.url, body, sealing.sign_webhook(endpoint.secret, message["id"], body, timestamp))
    retry_in = None if result.ok else retry_delay(attempt)
    store.record_attempt(
        message["scope"],
        message["id"],
        attempt=attempt,
        at=timestamp,
        ok=result.ok,
        detail=result.detail,
        retry_in=retry_in,
    )
    if not result.ok:
        logger.warning(
            "webhook delivery failed",
            extra={"webhook_id": message["id"], "attempt": attempt, "detail": result.detail, "retry_in": retry_in},
        )
        raise WebhookDeliveryFailed(
            f"The webhook endpoint did not accept the event ({result.detail}).", retry_in=retry_in
        )
    return True
