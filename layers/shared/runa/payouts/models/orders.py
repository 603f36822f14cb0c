"""Order schemas of /v2 (`POST /order`, `GET /order`, `GET /order/{id}`, `POST /order/estimate`, webhooks).

Field names, enums and money types follow the official document: money in order answers is a string
(`"10.00"`), `face_value` in requests is a number, and the estimate answers numbers (as documented).

No `from __future__ import annotations` here: pydantic then takes each field's type as the object the class body
made, instead of compiling and evaluating its string at class creation (about a fifth of this import, at init).
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field
from pydantic.config import JsonDict

from runa.core.schemas import Schema
from runa.payouts.models.common import Absent, ApiModel, CurrencyCode, Money, PageableMeta, omitted

# Re-exported: the routes and the order rules take every order schema from here.
from runa.payouts.models.order_summary import (
    ORDER_ID_PATTERN,
    AccountPayment,
    CompletedOrderWithBasicDetails,
    FailedOrderWebhook,
    OrderId,
    OrderStatus,
    dump,
)

PayoutStatus = Literal["ACTIVE", "CLAIMED", "CANCELLED", "EXPIRED"]
ExecutionMode = Literal["async", "sync"]

# Deliberately simple: the document says `format: email`; full RFC 5322 checking belongs to the mail system.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EmailAddress = Annotated[
    str,
    Field(pattern=EMAIL_PATTERN, max_length=254, json_schema_extra={"format": "email"}, examples=["fred@example.com"]),
]
RedemptionTemplateId = Annotated[str, Field(description="The template ID for a User Redemption Template.")]
TemplateId = Annotated[str, Field(description="The template ID for a Payout Selection Template.")]


# No product goes near this; it keeps absurd numbers (1e308) out of decimal arithmetic.
MAX_FACE_VALUE = 1_000_000_000


def _two_places(value: float) -> float:
    """Face values are money: at most two decimal places (10.005 would be priced as something else)."""
    try:
        exponent = Decimal(str(value)).as_tuple().exponent
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not isinstance(exponent, int) or exponent < -2:
        raise ValueError("must have at most two decimal places")
    if value > MAX_FACE_VALUE:
        raise ValueError(f"must be at most {MAX_FACE_VALUE}")
    return value


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("product codes must be unique")
    return values


FaceValue = Annotated[float, Field(ge=0.01, examples=[10]), AfterValidator(_two_places)]
ProductCodes = Annotated[
    list[str], Field(min_length=2, json_schema_extra={"uniqueItems": True}), AfterValidator(_unique)
]


def _metadata(value: dict[str, str] | None) -> dict[str, str] | None:
    if value is not None and any(len(key) > 40 for key in value):
        raise ValueError("metadata keys have at most 40 characters")
    return value


OrderDescription = Annotated[
    str | None, Field(max_length=128, description="Free text reference; not shown to the end user.")
]
OrderMetadata = Annotated[
    dict[str, Annotated[str, Field(max_length=200)]] | None,
    Field(
        max_length=20,
        json_schema_extra={"propertyNames": {"type": "string", "maxLength": 40}},
        description="Up to 20 string key-value pairs (keys up to 40, values up to 200 characters).",
    ),
    AfterValidator(_metadata),
]


# ---------------------------------------------------------------- payment


class NewAccountPayment(ApiModel):
    """Pay using your account balance."""

    type: Literal["ACCOUNT_BALANCE"]
    currency: CurrencyCode


# ---------------------------------------------------------------- distribution


class EmailDistribution(ApiModel):
    """Runa sends the payout link to the end user by email."""

    type: Literal["EMAIL"]
    email_address: EmailAddress
    template_id: RedemptionTemplateId | Absent = omitted()


class LinkDistribution(ApiModel):
    """You send the payout link to the end user yourself."""

    type: Literal["PAYOUT_LINK"]
    template_id: RedemptionTemplateId | Absent = omitted()


class RecipientDistribution(ApiModel):
    """A known recipient (payment products only); the same reference later makes a repeat payout."""

    type: Literal["RECIPIENT"]
    recipient_reference: str = Field(max_length=255, pattern=r"^[A-Za-z0-9\-_@.]+$", examples=["abc123"])
    email_address: EmailAddress
    template_id: RedemptionTemplateId | Absent = omitted()


DistributionMethod = Annotated[
    EmailDistribution | LinkDistribution | RecipientDistribution, Field(discriminator="type")
]


# ---------------------------------------------------------------- product selections


# The pattern sits on the string itself: on the `| Absent` union it would also run on a null and crash (500).
SpendRulesTemplateId = Annotated[str, Field(pattern=r"^PSR-[0-9A-HJKMNP-TV-Z]{26}$")]


class UsageConfig(ApiModel):
    """MCC rules for prepaid Visa cards; ignored for every other product."""

    spend_rules_template_id: SpendRulesTemplateId | Absent = omitted()


class SingleProduct(Schema):
    """The end user redeems the payout link on this one product. Only estimates use it: they ignore the fields an
    order item adds (`usage_config`), so a client can price the exact items it is about to order."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["SINGLE"]
    value: str = Field(min_length=1, examples=["AMZ-US"])


class SingleProductWithUsageConfig(ApiModel):
    """The end user redeems the payout link on this one product."""

    type: Literal["SINGLE"]
    value: str = Field(min_length=1, examples=["AMZ-US"])
    usage_config: UsageConfig | Absent = omitted()


class MultipleProduct(ApiModel):
    """The end user splits the payout link's value between these products (all in one currency)."""

    type: Literal["MULTIPLE"]
    values: ProductCodes


class PricedMultipleProduct(MultipleProduct):
    """MULTIPLE as an estimate takes it: unknown fields ignored, like every part of an estimate request."""

    model_config = ConfigDict(extra="ignore")


class PayoutSelectionTemplate(ApiModel):
    """A template with a predefined set of products."""

    type: Literal["TEMPLATE"]
    template_id: TemplateId


class PayoutSelectionTemplateDetailed(Schema):
    type: Literal["TEMPLATE"]
    template_id: TemplateId
    values: ProductCodes | Absent = omitted()


class UnknownProduct(Schema):
    type: Literal["UNKNOWN"]


NewItemProducts = Annotated[
    SingleProductWithUsageConfig | MultipleProduct | PayoutSelectionTemplate, Field(discriminator="type")
]
PricedProducts = Annotated[PricedMultipleProduct | SingleProduct, Field(discriminator="type")]
CompletedItemProducts = Annotated[
    MultipleProduct | SingleProductWithUsageConfig | PayoutSelectionTemplateDetailed | UnknownProduct,
    Field(discriminator="type"),
]


# ---------------------------------------------------------------- requests


class NewOrderItemDetails(ApiModel):
    face_value: FaceValue = Field(
        description="SINGLE: an allowed value of the product; MULTIPLE/TEMPLATE: a whole number at least the "
        "products' minimum."
    )
    distribution_method: DistributionMethod
    products: NewItemProducts


# Request examples: the reference pre-fills them and a test sends each one to the local API (they must succeed).
EXAMPLE_ORDER: JsonDict = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [
        {
            "face_value": 25,
            "distribution_method": {"type": "PAYOUT_LINK"},
            "products": {"type": "SINGLE", "value": "SKY-US"},
        }
    ],
}


class NewOrderDetails(ApiModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_ORDER]})

    payment_method: NewAccountPayment
    items: list[NewOrderItemDetails] = Field(
        min_length=1, max_length=200, description="Each item is one payout link; at most 200, 1 in sync mode."
    )
    description: OrderDescription = None
    metadata: OrderMetadata = None


class OrderItemPriceRequest(Schema):
    """An item to price. Fields an order item adds (`distribution_method`, ...) are ignored, not refused: the
    official schema allows them, and a client prices the very items it is about to order."""

    model_config = ConfigDict(extra="ignore")

    products: PricedProducts
    face_value: FaceValue


class OrderPriceRequest(Schema):
    """A whole order body prices as it is (`description`, `metadata` ignored)."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [EXAMPLE_ORDER]})

    payment_method: NewAccountPayment
    items: list[OrderItemPriceRequest] = Field(min_length=1, max_length=500)


# ---------------------------------------------------------------- answers


class TransactionDetailFee(Schema):
    value: str
    currency: str


class TransactionDetailFXDetails(Schema):
    rate: str
    rate_symbol: str
    fee: TransactionDetailFee


class TransactionDetailEntry(Schema):
    value: str = Field(description="The total value purchased in this payout currency.", examples=["10.00"])
    # Never sent: orders are paid in the products' own currency, so no FX happens. The document makes `fx`
    # optional but not nullable, so it is left out rather than sent as null.
    fx: TransactionDetailFXDetails | Absent = omitted()


TransactionDetail = dict[str, TransactionDetailEntry]


class PayoutDetails(Schema):
    status: PayoutStatus
    status_updated_at: datetime
    url: str = Field(description="The URL (payout link) the end user uses to redeem.")
    expiry_date: datetime | Absent = omitted(description="When the payout link itself expires.")


class CompletedOrderItem(Schema):
    id: str = Field(description="The ID of the order item.", examples=["E-NWPEKW4VL"])
    distribution_method: DistributionMethod
    products: CompletedItemProducts
    face_value: str = Field(examples=["10.00"])
    price: str = Field(examples=["9.50"])
    payout: PayoutDetails
    currency: CurrencyCode | Absent = omitted()


class CompletedOrderWithFullDetails(CompletedOrderWithBasicDetails):
    """A completed order with its items (payout links)."""

    items: list[CompletedOrderItem]
    transaction_detail: TransactionDetail | Absent = omitted()
    metadata: dict[str, str] | None = None


class SyncCompletedOrder(CompletedOrderWithFullDetails):
    """The 200 answer of a sync order: always COMPLETED."""

    status: Literal["COMPLETED"]


class IncompleteOrder(Schema):
    """An order that is still processing, or that failed."""

    id: OrderId
    status: OrderStatus
    message: str


class AsyncAcceptedOrder(Schema):
    id: OrderId
    status: OrderStatus


class OrderList(Schema):
    items: list[CompletedOrderWithBasicDetails | IncompleteOrder]
    pagination: PageableMeta


class OrderItemDiscount(Schema):
    products: PricedProducts
    face_value: float
    price: float
    discount_multiplier: Money
    currency: CurrencyCode


class OrderPriceResponse(Schema):
    payment_method: AccountPayment
    items: list[OrderItemDiscount]
    currency: CurrencyCode
    total_discount: float
    total_price: float
    transaction_detail: TransactionDetail | Absent = omitted()


__all__ = [
    "ORDER_ID_PATTERN",
    "AccountPayment",
    "CompletedOrderWithBasicDetails",
    "FailedOrderWebhook",
    "OrderId",
    "OrderStatus",
    "dump",
]
