"""Schemas both APIs share: the error bodies, the "optional, never null" marker, and Powertools `responses=`
entries, so every route documents the statuses it really answers with the bodies it really sends.

The error bodies are the official /v2 document's (`APIErrorResponse`, `ValidationErrorResponse`,
`RateExceededResponse`); the agent API (/v1) answers in the same shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

if TYPE_CHECKING:  # importing it at run time would load Powertools' REST resolver with every model
    from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse


class Schema(BaseModel):
    """The base of every API schema. A schema's validator is built on first use, not at import, so a cold start
    pays only for the schemas the first request needs (a function with many routes would otherwise build them all)."""

    model_config = ConfigDict(defer_build=True)


# The marker of "optional, never null": hides the None branch from the schema (see omitted()).
Absent = SkipJsonSchema[None]


def _is_none(value: Any) -> bool:
    return value is None


def omitted(**kwargs: Any) -> Any:
    """Default for an `X | Absent` field: None in Python, left out of the JSON answer."""
    return Field(default=None, exclude_if=_is_none, **kwargs)


class APIErrorResponse(Schema):
    """Generic Runa API error response."""

    type: str = Field(description="An error code or type.", examples=["not_found"])
    message: str = Field(description="A human readable summary of the error.")
    help: str | Absent = omitted(description="Additional information that pertains to the error.")


class ValidationErrorItem(Schema):
    type: str = Field(description="The type of error encountered.")
    message: str = Field(description="A human readable summary of the error.")
    location: list[str] = Field(description="The location of the error in the submitted entity.")


class ValidationErrorResponse(Schema):
    """Returned when the request failed validation (422); one entry in `details` per problem."""

    type: str = Field(description="An error code or type.", examples=["validation_error"])
    message: str = Field(description="A human readable summary of the error.")
    help: str | Absent = omitted(description="Additional information that pertains to the error.")
    details: list[ValidationErrorItem]


class RateExceededResponse(Schema):
    """API rate limited error response (429)."""

    error: str = Field(description="A human readable error message.", examples=["rate exceeded"])


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
    409: _error("Conflict"),
    422: _error("Request failed validation", ValidationErrorResponse),
    429: _error("Rate limit exceeded", RateExceededResponse),
    500: _error("Internal server error"),
    502: _error("The model failed"),
    503: _error("A dependency is unavailable; retry later"),
    504: _error("Gateway timeout"),
}


# The agent API's 429 comes from the model's throttling (`Throttled`), in the error shape; /v2's from API Gateway.
ERROR_SHAPED_429 = _error("Too many requests; retry later")


def error_responses(*statuses: int) -> dict[int, OpenAPIResponse]:
    """e.g. error_responses(400, 401, 403, 500) for a route's `responses=`."""
    return {status: ERROR_RESPONSES[status] for status in statuses}


# Every agent (/v1) route can answer these: a bad body or query (400/422), no or a wrong key (401), a key of
# another product or API (403), an unexpected failure (500).
AGENT_ERRORS = (400, 401, 403, 422, 500)


def agent_responses(status: int, model: Any, description: str, *errors: int) -> dict[int, OpenAPIResponse]:
    """A /v1 route's `responses=`: its success body, the common errors, and its own (`errors`)."""
    documented = {status: response(model, description), **error_responses(*AGENT_ERRORS, *errors)}
    if 429 in errors:
        documented[429] = ERROR_SHAPED_429
    return dict(sorted(documented.items()))
