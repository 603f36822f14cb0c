"""Runa's Python client for the payouts (/v2) and agent (/v1) APIs.

    from runa_client import Runa
    client = Runa()                     # RUNA_API_KEY; base URL from the key (xx... playground, wg... production)
    client.ping().message               # "pong"

Models for every request and answer of both documents are generated (`runa_client.payouts`, `runa_client.agent`);
the behaviour (retries, idempotency, pagination, errors) is `_base.py` and `_client.py`.
"""

from . import agent, payouts
from ._base import AsyncPage, AsyncPaginator, SyncPage
from ._client import AsyncRuna, OrderWaitTimeout, Runa
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IdempotencyError,
    InsufficientFundsError,
    InternalServerError,
    InvalidApiKeyError,
    NotFoundError,
    PaginationError,
    PayloadTooLargeError,
    PaymentMethodUnavailableError,
    PermissionDeniedError,
    ProductValidationError,
    RateLimitError,
    RunaError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    ValidationError,
)
from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncRuna",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "IdempotencyError",
    "InsufficientFundsError",
    "InternalServerError",
    "InvalidApiKeyError",
    "NotFoundError",
    "OrderWaitTimeout",
    "PaginationError",
    "PayloadTooLargeError",
    "PaymentMethodUnavailableError",
    "PermissionDeniedError",
    "ProductValidationError",
    "RateLimitError",
    "Runa",
    "RunaError",
    "ServiceUnavailableError",
    "SyncPage",
    "UnprocessableEntityError",
    "ValidationError",
    "__version__",
    "agent",
    "payouts",
]
