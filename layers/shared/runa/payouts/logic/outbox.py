"""The transactional outbox of orders: what each committed change of an order sends on.

The OrdersTable's stream carries every committed write of an order item (old and new image) to the outbox relay
(functions/outbox_relay), which sends what these rules return. So nothing that must happen after a commit depends
on a second write the committing request could lose: an accepted async order reaches the OrdersQueue, and a
terminal async order's webhook event reaches the WebhooksQueue, even when the request or the consumer that wrote
it died the moment after. The stream delivers at least once; so do these messages, and every consumer is
idempotent (the order's status conditions; webhook receivers drop duplicates by `webhook-id`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from runa.payouts.logic import webhooks
from runa.payouts.logic.order_summary import webhook_payload
from runa.payouts.logic.records import ASYNC, COMPLETED, FAILED, PROCESSING, OrderRecord

# SQS delays a message at most 15 minutes.
MAX_DELAY_SECONDS = 900


@dataclass(frozen=True)
class QueueOrder:
    """Ask the orders consumer to finish this order, after `delay_seconds` (the playground's processing time)."""

    scope: str
    order_id: str
    delay_seconds: int = 0


@dataclass(frozen=True)
class SendWebhook:
    """Queue this order.completion event for the account's endpoint."""

    event: dict[str, Any]


def messages_for(old: OrderRecord | None, new: OrderRecord | None, now: float) -> list[QueueOrder | SendWebhook]:
    """What one committed change of an order (`old` -> `new`; None where the item did not or no longer exists)
    sends on: a new async order goes to the queue; an async order that just became terminal, to its webhook."""
    if new is None:
        return []
    if old is None and new.status == PROCESSING:
        return [QueueOrder(new.scope, new.id, _delay(new, now))]
    if new.execution_mode == ASYNC and new.status in (COMPLETED, FAILED) and (old is None or old.status == PROCESSING):
        return [SendWebhook(webhook_event(new))]
    return []


def webhook_event(order: OrderRecord) -> dict[str, Any]:
    return webhooks.event_message(order.scope, order.id, order.status, webhook_payload(order))


def _delay(order: OrderRecord, now: float) -> int:
    # A playground order shows PROCESSING until processing_until: process it then, not before.
    if order.processing_until is None:
        return 0
    return min(max(math.ceil(float(order.processing_until) - now), 0), MAX_DELAY_SECONDS)
