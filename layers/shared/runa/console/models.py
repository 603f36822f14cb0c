"""Request and response schemas of the console's management API (/manage/*); the agent pages' are in
runa.console.agent_models, so the keys and payouts functions do not build the agent and knowledge models."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from runa.agent.models.common import PRODUCT_ID_PATTERN
from runa.core.schemas import Schema

Environment = Literal["playground", "production"]
# Every list of the console pages as /v1's lists do: `?limit=&cursor=`, and the answer's `nextCursor`.
NEXT_CURSOR = "More follow: pass it as `cursor` for the next page; null on the last page."


class Me(Schema):
    email: str
    account_id: str


class KeyCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    environment: Environment = Field(description="playground keys start xx, production keys start wg")
    product_id: str | None = Field(
        default=None, pattern=PRODUCT_ID_PATTERN, description="Set for an agent key: the product it belongs to."
    )


class KeyOut(Schema):
    key_id: str
    hint: str = Field(description="How the key starts (its prefix and id); the secret is never shown again.")
    environment: Environment
    product_id: str | None = None
    scopes: list[str] = Field(default_factory=list, description="The APIs it may call: `payouts` (/v2), `agent` (/v1).")
    status: Literal["active", "revoked"]
    created_at: str
    last_used_at: str | None = Field(default=None, description="Accurate to five minutes.")
    revoked_at: str | None = None


class KeyCreated(KeyOut):
    key: str = Field(description="The whole key. Shown once: only a hash of its secret is stored.")


class KeyList(Schema):
    keys: list[KeyOut] = Field(description="Newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


class AuditEntry(Schema):
    at: str
    actor_id: str
    actor_email: str
    action: str = Field(description='e.g. "key.create", "key.revoke"')
    target: str
    detail: dict[str, str] = Field(default_factory=dict)


class AuditList(Schema):
    entries: list[AuditEntry] = Field(description="Newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


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
    movements: list[MovementOut] = Field(description="The ledger, newest first (the latest 100).")


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
