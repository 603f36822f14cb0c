"""Wiring: the webhook endpoint store, the signed POST and the attempts' record behind the webhook rules' ports.
The webhooks consumer, the console and the admin tool call these."""

from __future__ import annotations

from typing import Any

from runa.payouts.data import order_queue, orders
from runa.payouts.data import webhooks as store
from runa.payouts.logic import webhooks
from runa.payouts.logic.records import Attempt, Endpoint

# What the webhooks consumer needs to know of delivery: the time one attempt may take, and the failure it raises.
DELIVERY_TIMEOUT_SECONDS = store.DELIVERY_TIMEOUT_SECONDS
WebhookDeliveryFailed = webhooks.WebhookDeliveryFailed


def webhook_ports() -> webhooks.WebhookPorts:
    # Built per call, from the store's current functions (tests may replace one).
    return webhooks.WebhookPorts(
        check_url=store.check_url,
        put_endpoint=store.put_endpoint,
        get_endpoint=store.get_endpoint,
        post=store.deliver,
        record_attempt=store.put_attempt,
        settled=orders.webhook_settled,
        retry_at=orders.webhook_retry_at,
    )


def register(scope: str, url: str) -> tuple[Endpoint, str]:
    return webhooks.register(scope, url, webhook_ports())


def deliver(message: dict[str, Any], *, attempt: int = 1) -> bool:
    return webhooks.deliver(message, webhook_ports(), attempt=attempt)


def delay_next_attempt(receipt_handle: str, seconds: int) -> bool:
    """Keep a received event hidden until the next attempt of the retry schedule."""
    return order_queue.delay_redelivery(receipt_handle, seconds)


# ---------------------------------------------------------------- the account owner's view (the console)


def endpoint_of(scope: str) -> Endpoint | None:
    return store.get_endpoint(scope)


def attempts_page(scope: str, limit: int, before: str | None) -> tuple[list[Attempt], str | None]:
    """A page of the account's delivery attempts across its events, newest first, and where the next one starts."""
    return store.attempts_page(scope, limit, before)


def check_url(url: str) -> None:
    """Raise UnsafeUrl unless the URL may receive webhooks (https to a public address)."""
    store.check_url(url)
