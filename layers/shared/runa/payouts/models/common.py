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
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

if TYPE_CHECKING:  # importing it at run time would load Powertools' REST resolver with every model
    from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

MONEY_PATTERN = r"^[0-9]+\.[0-9]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
CENT = Decimal("0.01")

# The marker of "optional, never null": hides the None branch from the schema (see omitted()).
Absent = SkipJsonSchema[None]


def _is_none(value: Any) -> bool:
    return value is None


def omitted(**kwargs: Any) -> Any:
    """Default for an `X | Absent` field: None in Python, left out of the JSON answer."""
    return Field(default=None, exclude_if=_is_none, **kwargs)


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


class ApiModel(BaseModel):
    """Base of /v2 models: unknown keys in a request are refused (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class APIErrorResponse(BaseModel):
    """Generic Runa API error response."""

    type: str = Field(description="An error code or type.", examples=["not_found"])
    message: str = Field(description="A human readable summary of the error.")
    help: str | Absent = omitted(description="Additional information that pertains to the error.")


class ValidationErrorItem(BaseModel):
    type: str = Field(description="The type of error encountered.")
    message: str = Field(description="A human readable summary of the error.")
    location: list[str] = Field(description="The location of the error in the submitted entity.")


class ValidationErrorResponse(BaseModel):
    """Returned when the request failed validation (422); one entry in `details` per problem."""

    type: str = Field(description="An error code or type.", examples=["validation_error"])
    message: str = Field(description="A human readable summary of the error.")
    help: str | Absent = omitted(description="Additional information that pertains to the error.")
    details: list[ValidationErrorItem]


class RateExceededResponse(BaseModel):
    """API rate limited error response (429)."""

    error: str = Field(description="A human readable error message.", examples=["rate exceeded"])


class Page(BaseModel):
    limit: int | Absent = omitted(description="How many records the current page is limited to.")


class PageCursors(BaseModel):
    after: str | Absent = omitted(description="Pass as `after` to get the next page; absent on the last page.")
    before: str | Absent = omitted(description="Pass as `before` to get the previous page; absent on the first.")


class PageableMeta(BaseModel):
    cursors: PageCursors
    page: Page


def response(model: Any, description: str) -> OpenAPIResponse:
    """A Powertools `responses=` entry whose JSON body is `model` (a pydantic model or type)."""
    return {"description": description, "content": {"application/json": {"model": model}}}


def _error(description: str, model: type[BaseModel] = APIErrorResponse) -> OpenAPIResponse:
    return response(model, description)


# Powertools `responses=` entries for the documented error statuses; routes pick the ones the document lists.
ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    400: _error("Bad request"),
    401: _error("Unauthorized"),
    403: _error("Forbidden"),
    404: _error("Not found"),
    422: _error("Request failed validation", ValidationErrorResponse),
    429: _error("Rate limit exceeded", RateExceededResponse),
    500: _error("Internal server error"),
    504: _error("Gateway timeout"),
}


def error_responses(*statuses: int) -> dict[int, OpenAPIResponse]:
    """e.g. error_responses(400, 401, 403, 500) for a route's `responses=`."""
    return {status: ERROR_RESPONSES[status] for status in statuses}
