"""What the payouts rules (orders, catalogue, webhooks) and the payouts stores pass each other: plain records,
no boto3, no DynamoDB items.

The data modules (`runa.payouts.data.*`) turn these into items and requests; the logic never sees either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the product models would load with every record (the balance read, the relay)
    from runa.payouts.models.products import ContentResourcesMarkdown, Product

# Order statuses.
PROCESSING = "PROCESSING"
COMPLETED = "COMPLETED"
FAILED = "FAILED"

# Execution modes (`X-Execution-Mode`): here, not with the placing rules, because the outbox reads them too.
SYNC, ASYNC = "sync", "async"

# The stored-answer state of an idempotency key. (Keys stored before the outbox may say UNQUEUED: an order's queue
# message now follows from its commit, runa.payouts.logic.outbox, so every state is replayed alike.)
ANSWERED = "COMPLETED"


@dataclass
class OrderRecord:
    id: str
    scope: str
    status: str
    created_at: str
    currency: str
    total_price: Decimal
    total_discount: Decimal
    execution_mode: str
    items: list[dict[str, Any]] = field(default_factory=list)
    transaction_detail: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    metadata: dict[str, str] | None = None
    completed_at: str | None = None
    # Playground async orders answer PROCESSING until this epoch second, whatever the consumer did.
    processing_until: Decimal | None = None
    failure_message: str | None = None
    # True when the order took money from a balance (production); a failure gives it back.
    debited: bool = False
    # Times the sweeper re-drove this order (or, once terminal, its webhook event); see runa.payouts.logic.recovery.
    sweeps: int = 0


@dataclass(frozen=True)
class OrderPage:
    orders: list[OrderRecord]
    has_before: bool
    has_after: bool
    # A filtered read that stopped at its budget: the id of the last order it examined, where the next page goes on
    # (the page may then hold fewer orders than asked, even none).
    resume_key: str | None = None


@dataclass(frozen=True)
class Debit:
    """Money an order takes from (or a refund gives back to) one balance."""

    currency: str
    amount: Decimal


@dataclass(frozen=True)
class StoredAnswer:
    """The answer to one `X-Idempotency-Key` (of one scope): replayed for every later request with the key.

    `order_id` is the order the answer is about (None for a 4xx that created none); `expires_at` is epoch
    seconds (the table's TTL; a key past it counts as new even before DynamoDB deletes it)."""

    scope: str
    key_hash: str
    fingerprint: str
    status_code: int
    response: Any
    expires_at: int
    order_id: str | None = None
    state: str = ANSWERED


@dataclass(frozen=True)
class OrderInputs:
    """What creating an order reads first, in one request: the key's stored answer and the products by code."""

    answer: StoredAnswer | None
    products: dict[str, ProductTerms] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductTerms:
    """A catalogue product as pricing and placing an order read it (`of` its JSON document): the product's `code`,
    `currency`, state and discount, and its denominations."""

    code: str
    currency: str
    state: str
    is_orderable: bool
    payout_type: str
    discount_multiplier: str
    minimum_value: str
    maximum_value: str
    fixed_values: list[str] | None

    def denomination_limits(self) -> tuple[str, str, list[str] | None]:
        """(minimum, maximum, fixed list or None) of whichever payout type the product has."""
        return self.minimum_value, self.maximum_value, self.fixed_values

    @classmethod
    def of(cls, document: dict[str, Any]) -> ProductTerms:
        """From a Product's JSON document (as put_catalogue stores it): read as plain JSON, not through the Product
        schema, whose validator would be most of a cold order's cost; the document was validated when written."""
        gift_card, payment, subscription = (
            document.get("gift_card"),
            document.get("payment"),
            document.get("subscription"),
        )
        fixed: list[str] | None
        if gift_card is not None:
            limits = gift_card["denominations"]
            low, high = limits["minimum_value"], limits["maximum_value"]
            fixed = limits.get("available_list") if limits["type"] == "fixed" else None
        elif payment is not None:
            limits = payment["denominations"]
            low, high, fixed = limits["minimum_value"], limits["maximum_value"], None
        elif subscription is not None:
            fixed = [plan["price"] for plan in subscription["subscription_plans"]]
            low, high = min(fixed, key=Decimal), max(fixed, key=Decimal)
        else:
            raise ValueError(f"product {document['code']} has no payout details")
        return cls(
            code=document["code"],
            currency=document["currency"],
            state=document["state"],
            is_orderable=document["is_orderable"],
            payout_type=document["payout_type"],
            discount_multiplier=document["discount_multiplier"],
            minimum_value=low,
            maximum_value=high,
            fixed_values=fixed,
        )


@dataclass(frozen=True)
class StoredProduct:
    """A catalogue product as stored: its JSON (content as URLs) and its content resources in markdown."""

    product: Product
    content_md: ContentResourcesMarkdown | None


@dataclass(frozen=True)
class Endpoint:
    """An account's order.completion webhook endpoint; `secret` is the signing secret, opened."""

    url: str
    secret: str
    created_at: str


@dataclass(frozen=True)
class Attempt:
    """One recorded delivery attempt of one event (`webhook_id`: the event's webhook-id header)."""

    webhook_id: str
    attempt: int
    at: int  # epoch seconds
    ok: bool
    detail: str
    retry_in: int | None  # seconds until the next attempt; None after the last


@dataclass(frozen=True)
class Delivery:
    """What the endpoint made of one POST."""

    ok: bool
    detail: str  # "HTTP 200", "timeout", ... (never the URL's path or query)


@dataclass(frozen=True)
class DueOrder:
    """An order the sweeper finds in the due index: still PROCESSING (`kind` ORDER) or terminal with its webhook
    event not yet delivered (`kind` WEBHOOK). `due_at` is when it entered that state or was last re-driven; times
    are epoch seconds."""

    scope: str
    order_id: str
    kind: str
    due_at: int
    created_at: int
    sweeps: int
