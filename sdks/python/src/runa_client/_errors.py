"""Errors: one class per failure, chosen by the answer's `type` (else its status), like Stripe's and OpenAI's SDKs.

Every error the API answers is `{"type", "message", "help"}` (422 adds `details`); the exception carries those, the
HTTP status, the `X-Request-Id` to quote to support, the headers and the decoded body.
"""

from __future__ import annotations

from typing import Any

import httpx


class RunaError(Exception):
    """Base class of every error this SDK raises."""


class APIConnectionError(RunaError):
    """The request never got an answer: connection refused or reset, DNS, TLS (retried before this is raised)."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (retried before this is raised)."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)


class APIStatusError(RunaError):
    """The API answered 4xx or 5xx."""

    def __init__(self, response: httpx.Response, body: Any) -> None:
        fields = body if isinstance(body, dict) else {}
        self.response = response
        self.status_code: int = response.status_code
        self.body: Any = body
        self.type: str | None = fields.get("type")
        # API Gateway's own answers (429 throttling) are {"error": "..."}, or {"message": "..."}.
        self.message: str = str(fields.get("message") or fields.get("error") or response.reason_phrase or "error")
        self.help: str | None = fields.get("help")
        self.details: list[dict[str, Any]] = list(fields.get("details") or [])
        self.request_id: str | None = response.headers.get("x-request-id")
        self.headers = response.headers
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.status_code} {self.type or 'error'}: {self.message}"
        if self.help:
            text += f" ({self.help})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class BadRequestError(APIStatusError):
    """400."""


class InsufficientFundsError(BadRequestError):
    """400 `insufficient_funds`: the balance does not cover the order."""


class PaymentMethodUnavailableError(BadRequestError):
    """400 `payment_method_unavailable`: no balance in that currency."""


class ProductValidationError(BadRequestError):
    """400 `product_validation_error` or `currency_mismatch`: the products cannot be ordered like that."""


class IdempotencyError(BadRequestError):
    """400 `idempotency_validation_error`: the idempotency key was used with another body or mode."""


class PaginationError(BadRequestError):
    """400 `pagination_error`: a cursor or limit the API does not accept."""


class AuthenticationError(APIStatusError):
    """401 `unauthorized`: no key was sent."""


class InvalidApiKeyError(AuthenticationError):
    """401 `invalid_api_key`: an unknown, malformed, wrong or revoked key."""


class PermissionDeniedError(APIStatusError):
    """403 `forbidden`: the key's scope or product does not allow it."""


class NotFoundError(APIStatusError):
    """404 `not_found`."""


class ConflictError(APIStatusError):
    """409 `conflict`."""


class PayloadTooLargeError(BadRequestError):
    """413: the body is over 256 KB."""


class ValidationError(APIStatusError):
    """422 `validation_error`; `details` lists each problem (`type`, `message`, `location`)."""


UnprocessableEntityError = ValidationError


class RateLimitError(APIStatusError):
    """429: throttled (`rate_exceeded`, `{"error": "rate exceeded"}`) or `token_cap_reached`."""


class InternalServerError(APIStatusError):
    """5xx."""


class ServiceUnavailableError(InternalServerError):
    """503 `service_unavailable`."""


BY_TYPE: dict[str, type[APIStatusError]] = {
    "insufficient_funds": InsufficientFundsError,
    "payment_method_unavailable": PaymentMethodUnavailableError,
    "product_validation_error": ProductValidationError,
    "currency_mismatch": ProductValidationError,
    "idempotency_validation_error": IdempotencyError,
    "pagination_error": PaginationError,
    "unauthorized": AuthenticationError,
    "invalid_api_key": InvalidApiKeyError,
    "forbidden": PermissionDeniedError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "validation_error": ValidationError,
    "rate_exceeded": RateLimitError,
    "token_cap_reached": RateLimitError,
    "service_unavailable": ServiceUnavailableError,
}
BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: ValidationError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_from_response(response: httpx.Response) -> APIStatusError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    kind = body.get("type") if isinstance(body, dict) else None
    cls = (BY_TYPE.get(kind) if isinstance(kind, str) else None) or BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(response, body)
