"""Wiring: the orders' outbox. The outbox relay hands each OrdersTable stream record here (items as plain values);
the rules (runa.payouts.logic.outbox) say what it sends on, and this sends it."""

from __future__ import annotations

import time
from typing import Any

from runa.payouts.data import order_queue, orders
from runa.payouts.logic import outbox


def is_order(item: dict[str, Any] | None) -> bool:
    return bool(item) and str(item.get("pk", "")).startswith("ORDER#")  # type: ignore[union-attr]


def relay(old_item: dict[str, Any] | None, new_item: dict[str, Any] | None) -> int:
    """Send what one committed change of an order item implies; returns how many messages went out. Raises
    StoreError when a send fails: the stream record is then retried, and the sends are idempotent downstream."""
    if not (is_order(old_item) or is_order(new_item)):
        return 0
    old = orders.from_item(old_item) if old_item else None
    new = orders.from_item(new_item) if new_item else None
    messages = outbox.messages_for(old, new, time.time())
    for message in messages:
        if isinstance(message, outbox.QueueOrder):
            order_queue.enqueue_order(message.scope, message.order_id, delay_seconds=message.delay_seconds)
        else:
            order_queue.enqueue_webhook(message.event)
    return len(messages)
