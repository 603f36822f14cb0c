"""Request and response schemas of the console's payouts pages (/manage/balances, /manage/webhook*)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from runa.console.models import NEXT_CURSOR, Environment
from runa.core.schemas import Schema


class BalanceOut(Schema):
    currency: str
    balance: str


class MovementOut(Schema):
    currency: str
    amount: str = Field(description="Positive for a top-up or refund, negative for an order's debit.")
    kind: str = Field(description="top_up, order_debit or order_refund")
    created_at: str
    order_id: str | None = None


class Balances(Schema):
    environment: Environment
    balances: list[BalanceOut]
    movements: list[MovementOut] = Field(description="A page of the ledger, newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


class WebhookOut(Schema):
    environment: Environment
    url: str | None = Field(description="The order.completion endpoint; null when none is registered.")
    created_at: str | None = None


class WebhookCreated(WebhookOut):
    secret: str = Field(description="The signing secret (whsec_...). Shown once: registering again rotates it.")


class WebhookAttemptOut(Schema):
    webhook_id: str = Field(description="The event's webhook-id (the same on every attempt of one event).")
    attempt: int = Field(description="1 for the first delivery, then one more per retry.")
    at: str = Field(description="When the attempt was made (ISO 8601, UTC).")
    ok: bool = Field(description="True when the endpoint answered 2xx.")
    detail: str = Field(description='What happened: "HTTP 200", "HTTP 500", "timeout", ...')
    next_retry_at: str | None = Field(description="When the event is tried again; null when it is not.")


class WebhookDeliveries(Schema):
    environment: Environment
    attempts: list[WebhookAttemptOut] = Field(description="Delivery attempts, newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


class WebhookRegister(Schema):
    model_config = ConfigDict(extra="forbid")

    environment: Environment
    url: str = Field(max_length=2048, description="https, on a public address")
