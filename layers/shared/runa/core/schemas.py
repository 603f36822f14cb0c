"""Schemas both APIs share: the error bodies, the "optional, never null" marker, and Powertools `responses=`
entries, so every route documents the statuses and error types it really answers with the bodies it really sends.

The error bodies are the official /v2 document's (`APIErrorResponse`, `ValidationErrorResponse`,
`RateExceededResponse`); the agent API (/v1) answers in the same shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from runa.core.error_catalog import BY_TYPE
from runa.core.errors import DEFAULT_DOCS_BASE, EVERY_ROUTE, DomainError

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


# The description of each error status in the documents (the official /v2 document's wording where it has one).
STATUS_DESCRIPTIONS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    413: "Request body too large",
    422: "Request failed validation",
    429: "Too many requests; retry later",
    500: "Internal server error",
    502: "A dependency failed",
    503: "A dependency is unavailable; retry later",
}
# An example's `details` for 422 (one problem; a real answer lists each).
_DETAILS_EXAMPLE = [{"type": "missing", "message": "Field required", "location": ["body", "items"]}]


def error_example(error: type[DomainError]) -> dict[str, Any]:
    """One type's example: named by the type, described with the errors page's words (a type the page does not
    document fails here, at import)."""
    documented = BY_TYPE[error.error_type]
    value: dict[str, Any] = {
        "type": error.error_type,
        "message": error.default_message,
        "help": f"{DEFAULT_DOCS_BASE}/errors#{error.error_type}",
    }
    if error.status == 422:
        value["details"] = _DETAILS_EXAMPLE
    return {"summary": error.error_type, "description": documented.meaning, "value": value}


def error_responses(*errors: type[DomainError]) -> dict[int, OpenAPIResponse]:
    """A route's error `responses=`, from the DomainErrors its own logic raises (`errors`; BODY_ERRORS for a route
    that reads a body) and those runa.core.api and the authorizer answer on every route (EVERY_ROUTE). One entry per
    status (the error class's, as runa.core.api answers it), with the error body's schema and one example per
    `type` named by the type: the reference, the SDKs and any renderer read each operation's types from there."""
    examples: dict[int, dict[str, Any]] = {}
    for error in (*EVERY_ROUTE, *errors):
        examples.setdefault(error.status, {}).setdefault(error.error_type, error_example(error))
    return {
        status: {
            "description": STATUS_DESCRIPTIONS[status],
            "content": {
                "application/json": {
                    "model": ValidationErrorResponse if status == 422 else APIErrorResponse,
                    "examples": dict(sorted(named.items())),
                }
            },
        }
        for status, named in sorted(examples.items())
    }


# /v2's 429 comes from API Gateway's throttling, in the official document's own shape (no `type`).
RATE_EXCEEDED: dict[int, OpenAPIResponse] = {429: response(RateExceededResponse, "Rate limit exceeded")}


def agent_responses(
    status: int, model: Any, description: str, *errors: type[DomainError]
) -> dict[int, OpenAPIResponse]:
    """A /v1 route's `responses=`: its success body and its errors (see error_responses)."""
    return {status: response(model, description), **error_responses(*errors)}
