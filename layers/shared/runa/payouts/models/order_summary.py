"""An order as lists and the order.completion webhook show it (no items), and the failed order's webhook payload.

A module of its own so the outbox relay and the sweeper, which only make webhook payloads, load these few schemas
and not every /v2 order schema (runa.payouts.models.orders, which re-exports them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from runa.core.schemas import Schema
from runa.payouts.models.common import Absent, CurrencyCode, omitted

OrderStatus = Literal["COMPLETED", "FAILED", "PROCESSING"]
OrderId = Annotated[str, Field(description="The ID of the order.", examples=["O-01H5WQGHKCBB85MQFM68S9KJ5Q"])]
ORDER_ID_PATTERN = r"^O-[0-9A-HJKMNP-TV-Z]{26}$"


class AccountPayment(Schema):
    """Account balance payment."""

    type: Literal["ACCOUNT_BALANCE"]
    currency: CurrencyCode | Absent = omitted()


class CompletedOrderWithBasicDetails(Schema):
    """A completed order as lists show it (no items)."""

    id: OrderId
    status: OrderStatus
    created_at: datetime
    completed_at: datetime | Absent = omitted()
    description: str | None = None
    payment_method: AccountPayment
    currency: CurrencyCode
    total_price: str = Field(description="The total price of the order, fees included.", examples=["9.50"])
    total_discount: str = Field(examples=["0.50"])


class FailedOrderWebhook(Schema):
    id: OrderId
    status: Literal["FAILED"]


def dump(model: BaseModel) -> dict[str, Any]:
    """The JSON answer of a model (absent optional fields left out, documented nulls kept)."""
    return model.model_dump(mode="json")
