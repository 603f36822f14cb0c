"""Domain errors. Logic raises these; runa.core.api maps them to HTTP in one place.

The error body is {"type", "message", "help"}; clients branch on `type`.
"""

from __future__ import annotations

import os
from typing import Any

# This deployment's documentation (the template's DocsBaseUrl parameter): the errors page is <base>/errors.
DOCS_BASE_VARIABLE = "DOCS_BASE_URL"
DEFAULT_DOCS_BASE = "/docs"  # the portal function on the API's own host


def help_url(error_type: str) -> str:
    base = (os.environ.get(DOCS_BASE_VARIABLE) or DEFAULT_DOCS_BASE).rstrip("/")
    return f"{base}/errors#{error_type}"


def error_body(error_type: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"type": error_type, "message": message, "help": help_url(error_type), **extra}


class DomainError(Exception):
    """Base of every error a client may see. `status` and `error_type` define the HTTP answer."""

    status: int = 400
    error_type: str = "bad_request"
    default_message: str = "The request could not be processed."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        self.message = message or self.default_message
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return error_body(self.error_type, self.message)


class BadRequest(DomainError):
    pass


class Unauthorized(DomainError):
    status, error_type = 401, "unauthorized"
    default_message = "An API key is required: send X-Api-Key or Authorization: Bearer."


class InvalidApiKey(DomainError):
    status, error_type = 401, "invalid_api_key"
    default_message = "The API key is not valid."


class Forbidden(DomainError):
    status, error_type = 403, "forbidden"
    default_message = "This key may not access this resource."


class NotFound(DomainError):
    status, error_type = 404, "not_found"
    default_message = "The resource was not found."


class ValidationFailed(DomainError):
    """422 `validation_error` with `details: [{type, message, location}]`, for a rule pydantic cannot see (e.g. a
    product that does not exist) on a route whose contract lists 422 and not 400."""

    status, error_type = 422, "validation_error"
    default_message = "The request is not valid."

    def __init__(self, message: str | None = None, *, details: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.details = details

    def body(self) -> dict[str, Any]:
        return error_body(self.error_type, self.message, details=self.details)


class Conflict(DomainError):
    status, error_type = 409, "conflict"


class Throttled(DomainError):
    """The upstream (e.g. the model) asked us to slow down; the client should retry after a pause."""

    status, error_type = 429, "rate_exceeded"
    default_message = "Too many requests; retry later."


class ServiceUnavailable(DomainError):
    status, error_type = 503, "service_unavailable"
    default_message = "A dependency is unavailable; retry later."


class BodyTooLarge(BadRequest):
    """A body over the size limit, refused before it is parsed (runa.core.api)."""

    status = 413
    default_message = "The request body is too large."


class InternalError(DomainError):
    """What runa.core.api answers for any exception it did not expect: never the client's fault."""

    status, error_type = 500, "internal_server_error"
    default_message = "An internal error occurred."


# Answered around every route's own logic, so each operation documents them without naming them: no key or a bad
# one (the authorizer, through the template's gateway responses), a key outside the API's scope and an unexpected
# failure (runa.core.api).
EVERY_ROUTE: tuple[type[DomainError], ...] = (Unauthorized, InvalidApiKey, Forbidden, InternalError)
# A route that reads a JSON body (POST, PUT, PATCH) also answers, from runa.core.api: a body that is not JSON or
# not application/json (400), one over the size limit (413), one that breaks the route's model (422).
BODY_ERRORS: tuple[type[DomainError], ...] = (BadRequest, BodyTooLarge, ValidationFailed)


class StoreError(Exception):
    """A data-access failure that is not the client's fault (maps to 500 internal_server_error)."""
