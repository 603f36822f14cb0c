"""An order's basic details, as order lists show them, and the order.completion webhook's payload.

Apart from the GET /v2/order(s) views (runa.payouts.logic.views) so the outbox relay and the sweeper, which make
webhook payloads, load neither the views' paging nor every order schema."""

from __future__ import annotations

from typing import Any

from runa.payouts.logic.records import FAILED, OrderRecord
from runa.payouts.models.common import money
from runa.payouts.models.order_summary import CompletedOrderWithBasicDetails, FailedOrderWebhook, dump


def basic_fields(order: OrderRecord) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "created_at": order.created_at,
        "completed_at": order.completed_at,
        "description": order.description,
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": order.currency},
        "currency": order.currency,
        "total_price": money(order.total_price),
        "total_discount": money(order.total_discount),
    }


def webhook_payload(order: OrderRecord) -> dict[str, Any]:
    if order.status == FAILED:
        return dump(FailedOrderWebhook(id=order.id, status="FAILED"))
    return dump(CompletedOrderWithBasicDetails.model_validate(basic_fields(order)))
