"""order.completion webhooks: registration, and the delivery of one queued event with retries that survive an
outage.

Signing is Standard Webhooks' (runa.core.sealing.sign_webhook). A failed attempt is retried on
`RETRY_SCHEDULE` (Standard Webhooks' recommendation: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the
first, about 27.5 hours in all); every attempt is recorded; after the last one the queue moves the event to its
dead-letter queue, which `dlq redrive --queue webhooks` sends back.

The endpoint store, the HTTP delivery and the attempts' record come in as `WebhookPorts` (wired in
`runa.payouts.services.webhooks`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from runa.core import sealing
from runa.core.errors import DomainError
from runa.core.observability import logger
from runa.payouts.logic.records import Attempt, Delivery, Endpoint

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


@dataclass(frozen=True)
class WebhookPorts:
    """What registration and delivery need: the URL check (raises UnsafeUrl), the endpoint store (the secret
    goes in and comes out opened; the store seals it), the signed POST, and the record of each attempt."""

    check_url: Callable[[str], None]
    put_endpoint: Callable[[str, str, str], Endpoint]  # (scope, url, secret)
    get_endpoint: Callable[[str], Endpoint | None]
    post: Callable[[str, str, dict[str, str]], Delivery]  # (url, body, headers)
    record_attempt: Callable[[str, Attempt], None]  # (scope, attempt)
    # The order's entry in the due index: settled (delivered, nowhere to deliver, or no attempt left), or its next
    # attempt's time, so the sweeper re-drives only an event nobody is working on (runa.payouts.logic.recovery).
    settled: Callable[[str, str], bool]  # (scope, order id)
    retry_at: Callable[[str, str, int], bool]  # (scope, order id, epoch seconds)
    clock: Callable[[], float] = time.time


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
        "order_id": order_id,
    }


def register(scope: str, url: str, ports: WebhookPorts) -> tuple[Endpoint, str]:
    """Register (or replace) the account's endpoint; returns it and the new signing secret (shown once)."""
    ports.check_url(url)
    secret = sealing.new_webhook_secret()
    return ports.put_endpoint(scope, url, secret), secret


def deliver(message: dict[str, Any], ports: WebhookPorts, *, attempt: int = 1) -> bool:
    """Make attempt `attempt` of one queued event. False when the account has no endpoint (nothing to do);
    raises WebhookDeliveryFailed when the endpoint does not take it. The attempt is recorded either way."""
    scope, order_id = message["scope"], message.get("order_id")  # events queued before the due index have none
    endpoint = ports.get_endpoint(scope)
    if endpoint is None:
        if order_id:
            ports.settled(scope, order_id)
        return False
    body = json.dumps(message["payload"], separators=(",", ":"))
    timestamp = int(ports.clock())
    result = ports.post(endpoint.url, body, sealing.sign_webhook(endpoint.secret, message["id"], body, timestamp))
    retry_in = None if result.ok else retry_delay(attempt)
    ports.record_attempt(scope, Attempt(message["id"], attempt, timestamp, result.ok, result.detail, retry_in))
    if order_id:
        if retry_in is None:
            ports.settled(scope, order_id)
        else:
            ports.retry_at(scope, order_id, timestamp + retry_in)
    if not result.ok:
        logger.warning(
            "webhook delivery failed",
            extra={"webhook_id": message["id"], "attempt": attempt, "detail": result.detail, "retry_in": retry_in},
        )
        raise WebhookDeliveryFailed(
            f"The webhook endpoint did not accept the event ({result.detail}).", retry_in=retry_in
        )
    return True
