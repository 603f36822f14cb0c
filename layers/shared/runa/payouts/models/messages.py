"""The payouts queues' messages (internal): a module of their own so each consumer loads its message, not the /v2
order schemas."""

from __future__ import annotations

from typing import Any

from runa.core.schemas import Schema


class QueuedOrder(Schema):
    """OrdersQueue message: ids only, the order itself is in the table."""

    scope: str
    order_id: str


class WebhookEvent(Schema):
    """WebhooksQueue message: one event for one account's endpoint; `id` is the stable `webhook-id`."""

    id: str
    scope: str
    type: str
    payload: dict[str, Any]
    # The order the event is about (its entry in the due index); events queued before the index have none.
    order_id: str | None = None
