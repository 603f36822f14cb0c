"""Agent errors a client can see, beyond the shared ones in runa.core.errors."""

from __future__ import annotations

from typing import Any

from runa.core.errors import DomainError, error_body


class PaginationError(DomainError):
    status, error_type = 400, "pagination_error"
    default_message = "The cursor is not valid; start again without it."


class InvalidField(DomainError):
    """422 validation_error with the same `details` shape as pydantic's, for checks pydantic cannot make."""

    status, error_type = 422, "validation_error"

    def __init__(self, location: list[str | int], message: str) -> None:
        super().__init__("The request is not valid.")
        self.location = location
        self.detail = message

    def body(self) -> dict[str, Any]:
        details = [{"type": "value_error", "message": self.detail, "location": self.location}]
        return error_body(self.error_type, self.message, details=details)


class TokenCapReached(DomainError):
    """The product spent its daily model tokens (logic.token_cap); answered with Retry-After."""

    status, error_type = 429, "token_cap_reached"
    default_message = "This product has used its model tokens for today; chat resumes at 00:00 UTC."


class ModelError(DomainError):
    """The model service refused the request for a reason retrying will not fix."""

    status, error_type = 502, "model_error"
    default_message = "The agent's model could not answer this request."
