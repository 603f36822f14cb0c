"""Product catalogue schemas of /v2 (official `Product` and its parts).

No `from __future__ import annotations` here (as in runa.payouts.models.orders): pydantic takes each field's type as
an object instead of compiling and evaluating its string at class creation.
"""

from typing import Literal

from pydantic import Field

from runa.core.schemas import Schema
from runa.payouts.models.availability import ProductState
from runa.payouts.models.common import (
    Absent,
    CountryCode,
    CurrencyCode,
    DecimalString,
    Money,
    PageableMeta,
    Uri,
    omitted,
)

PayoutType = Literal["gift_card", "subscription", "payment"]
ContentFormat = Literal["url", "md", "html"]
Color = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
LOCALE_PATTERN = r"^[a-z]{2}_[A-Z]{2}$"


class ProductCustomerService(Schema):
    phone_number: str | None = None
    website_url: Uri | None = None


class ProductAssets(Schema):
    card_image_url: Uri | None = None
    icon_image_url: Uri | None = None
    primary_color: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")


class ContentResourcesUrl(Schema):
    description_markdown_url: Uri
    disclaimer_markdown_url: Uri | None
    refund_policy_markdown_url: Uri | None
    reissuance_policy_markdown_url: Uri | None
    terms_buyer_markdown_url: Uri | None
    terms_consumer_markdown_url: Uri | None
    redemption_instructions_markdown_url: Uri | None
    locale: str = Field(pattern=LOCALE_PATTERN)


class ContentResourcesMarkdown(Schema):
    description_md: str
    disclaimer_md: str | None
    refund_policy_md: str | None
    reissuance_policy_md: str | None
    terms_buyer_md: str | None
    terms_consumer_md: str | None
    redemption_instructions_md: str | None
    locale: str = Field(pattern=LOCALE_PATTERN)


class ContentResourcesHTML(Schema):
    description_html: str
    disclaimer_html: str | None
    refund_policy_html: str | None
    reissuance_policy_html: str | None
    terms_buyer_html: str | None
    terms_consumer_html: str | None
    redemption_instructions_html: str | None
    locale: str = Field(pattern=LOCALE_PATTERN)


ContentResources = ContentResourcesUrl | ContentResourcesMarkdown | ContentResourcesHTML


class ProductExpiry(Schema):
    date_policy: str | None = None
    in_months: int | Absent = omitted()
    type: (
        Literal["from-last-use", "from-last-balance-check", "from-issue-date", "indefinite", "do-not-show"] | Absent
    ) = omitted()


class ProductDenominations(Schema):
    """`open`: any amount between minimum and maximum; `fixed`: only the values of `available_list`."""

    type: Literal["open", "fixed"]
    minimum_value: DecimalString
    maximum_value: DecimalString
    available_list: list[DecimalString] | None = None


class PayoutTypeDetailsBase(Schema):
    """The official PayoutTypeDetailsBase; pydantic flattens it into each subclass's schema, as the document does."""

    assets: ProductAssets | Absent = omitted()
    balance_check_url: Uri | None = None
    content_resources: ContentResources | Absent = omitted()
    expiry: ProductExpiry | Absent = omitted()
    redeemable_at: Literal["all", "online", "in-store"] | Absent = omitted()
    website_url: Uri | None = None
    barcode_format: Literal["code-128", "code-39", "QR", "ean-13", "pdf417", "ITF", "DATA_MATRIX", "other"] | None = (
        None
    )
    e_code_usage_type: Literal["undefined", "url-recommended", "url-only"] | Absent = omitted()


class GiftCardDetails(PayoutTypeDetailsBase):
    """PayoutTypeDetailsBase + denominations."""

    denominations: ProductDenominations


class ProductSubscriptionPlan(Schema):
    length_unit: Literal["DAYS", "MONTHS"]
    length: int
    name: str
    price: DecimalString
    subscription_plan_code: str


class SubscriptionDetails(PayoutTypeDetailsBase):
    """PayoutTypeDetailsBase + subscription_plans."""

    subscription_plans: list[ProductSubscriptionPlan]


class PaymentAssets(Schema):
    icon_image_url: Uri
    primary_color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")


class PaymentDenominations(Schema):
    minimum_value: DecimalString
    maximum_value: DecimalString


class ProductPayment(Schema):
    assets: PaymentAssets
    denominations: PaymentDenominations
    content_resources: ContentResources | Absent = omitted()


class Product(Schema):
    """A product of the catalogue. Exactly one of `gift_card`, `subscription`, `payment` is present, matching
    `payout_type`."""

    name: str
    code: str
    currency: CurrencyCode
    state: ProductState
    is_orderable: bool = Field(description="Orders for a product where this is false are rejected.")
    payout_type: PayoutType
    categories: list[str]
    countries_redeemable_in: list[CountryCode]
    customer_service: ProductCustomerService
    discount_multiplier: Money = Field(description="`0.05` means a 5% discount on the face value.")
    availability: Literal["stocked", "realtime"] | Absent = omitted()
    gift_card: GiftCardDetails | Absent = omitted()
    subscription: SubscriptionDetails | Absent = omitted()
    payment: ProductPayment | Absent = omitted()


class ProductList(Schema):
    catalog: list[Product]
    pagination: PageableMeta


class CountryList(Schema):
    countries: list[CountryCode]


class Category(Schema):
    code: str


class CategoryList(Schema):
    categories: list[Category]
