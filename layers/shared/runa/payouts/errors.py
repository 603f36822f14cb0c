"""The documented error types of the payouts API (/v2).

Logic raises these; `runa.core.api.build_resolver()` turns each into `{type, message, help}` with its status.
Generic types (`bad_request`, `unauthorized`, `forbidden`, `not_found`) live in `runa.core.errors`.
"""

from __future__ import annotations

from runa.core.errors import BadRequest, DomainError, Forbidden, NotFound

__all__ = [
    "BadRequest",
    "CurrencyMismatch",
    "Forbidden",
    "IdempotencyInProgress",
    "IdempotencyValidationError",
    "InsufficientFunds",
    "InvalidExecutionMode",
    "InvalidVersion",
    "NotFound",
    "OrderingRestricted",
    "PaginationError",
    "PaymentMethodUnavailable",
    "ProductValidationError",
    "Timeout",
]


class InsufficientFunds(DomainError):
    status, error_type = 400, "insufficient_funds"
    default_message = "The account balance does not cover this order."


class CurrencyMismatch(DomainError):
    status, error_type = 400, "currency_mismatch"
    default_message = "All items of an order must be in the same currency."


class ProductValidationError(DomainError):
    status, error_type = 400, "product_validation_error"
    default_message = "The product cannot be ordered as requested."


class PaymentMethodUnavailable(DomainError):
    status, error_type = 400, "payment_method_unavailable"
    default_message = "The payment method is not available for this account."


class InvalidExecutionMode(DomainError):
    status, error_type = 400, "invalid_execution_mode"
    default_message = "X-Execution-Mode must be 'sync' or 'async'."


class IdempotencyValidationError(DomainError):
    status, error_type = 400, "idempotency_validation_error"
    default_message = "This idempotency key was already used with a different request."


class IdempotencyInProgress(DomainError):
    status, error_type = 400, "idempotency_in_progress"
    default_message = "A request with this idempotency key is still being processed; retry later."


class PaginationError(DomainError):
    status, error_type = 400, "pagination_error"
    default_message = "The pagination parameters are not valid."


class InvalidVersion(DomainError):
    status, error_type = 400, "invalid_version"
    default_message = "X-Api-Version is not a supported API version."


class OrderingRestricted(DomainError):
    status, error_type = 403, "ordering_restricted"
    default_message = "This account may not place orders."


class Timeout(DomainError):
    status, error_type = 504, "timeout"
    default_message = "The request took too long to process; retry later."
