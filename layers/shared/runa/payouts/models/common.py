"""Schemas shared by every /v2 operation, as the official document (runa-v2-openapi.json) defines them.

Conventions every /v2 model follows, so the generated OpenAPI document matches the official one:
- Money and decimals are strings (`"10.00"`) in responses; `Money`/`DecimalString` carry the documented
  `format`/`pattern`. Build them with `money()`, never `str(float)`.
- A field the official document marks nullable is `X | None = None` (sent as `null`).
- A field that is optional but NOT nullable is `X | Absent = omitted()`: the schema shows only `X` and the key is
  left out of the JSON when it has no value, so strict clients never see a `null` they were promised not to get.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, WithJsonSchema

# Re-exported: the /v2 models and routes take them from here.
from runa.core.schemas import (
    RATE_EXCEEDED,
    Absent,
    APIErrorResponse,
    RateExceededResponse,
    Schema,
    ValidationErrorItem,
    ValidationErrorResponse,
    error_responses,
    omitted,
    response,
)

MONEY_PATTERN = r"^[0-9]+\.[0-9]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> str:
    """Decimal -> "10.00" (two places, half-up): the only way money becomes a string."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


# Documented as `{"type": "string", "format": "decimal"}` (denominations, prices, subscription prices).
DecimalString = Annotated[
    str,
    Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$"),
    WithJsonSchema({"type": "string", "format": "decimal"}),
]
# Balances and multipliers: `{"type": "string", "pattern": "^[0-9]+\\.[0-9]{2}$"}`.
Money = Annotated[str, Field(pattern=MONEY_PATTERN)]
CurrencyCode = Annotated[str, Field(pattern=CURRENCY_PATTERN, description="ISO 4217 currency code")]
CountryCode = Annotated[str, Field(pattern=COUNTRY_PATTERN, description="ISO 3166 ALPHA-2 country code")]
# A URL kept as the plain string we were given (pydantic's HttpUrl would rewrite it, e.g. add a trailing "/").
Uri = Annotated[str, Field(json_schema_extra={"format": "uri"})]


class ApiModel(Schema):
    """Base of /v2 models: unknown keys in a request are refused (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Page(Schema):
    limit: int | Absent = omitted(description="How many records the current page is limited to.")


class PageCursors(Schema):
    after: str | Absent = omitted(description="Pass as `after` to get the next page; absent on the last page.")
    before: str | Absent = omitted(description="Pass as `before` to get the previous page; absent on the first.")


class PageableMeta(Schema):
    cursors: PageCursors
    page: Page


__all__ = [
    "RATE_EXCEEDED",
    "APIErrorResponse",
    "Absent",
    "RateExceededResponse",
    "ValidationErrorItem",
    "ValidationErrorResponse",
    "error_responses",
    "omitted",
    "response",
]
