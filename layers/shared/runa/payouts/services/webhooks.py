"""Wiring: the webhook endpoint store, the signed POST and the attempts' record behind the webhook rules' ports.
The webhooks consumer, the console and the admin tool call these."""

from __future__ import annotations

from typing import Any

from runa.payouts.data import webhooks as store
from runa.payouts.logic import webhooks
from runa.payouts.logic.records import Endpoint


def webhook_ports() -> webhooks.WebhookPorts:
    # Built per call, from the store's current functions (tests may replace one).
    return webhooks.WebhookPorts(
        check_url=store.check_url,
        put_endpoint=store.put_endpoint,
        get_endpoint=store.get_endpoint,
        post=store.deliver,
        record_attempt=store.put_attempt,
    )


def register(scope: str, url: str) -> tuple[Endpoint, str]:
    return webhooks.register(scope, url, webhook_ports())


def deliver(message: dict[str, Any], *, attempt: int = 1) -> bool:
    return webhooks.deliver(message, webhook_ports(), attempt=attempt)
