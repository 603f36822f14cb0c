"""Reading an order's products by code, and whether each can be ordered now: what pricing an order and finishing
an async one (runa.payouts.logic.completion) both check. Apart from the pricing rules so the orders consumer loads
neither them nor the order schemas they price with."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from runa.payouts.errors import ProductValidationError

if TYPE_CHECKING:  # annotations only
    from runa.payouts.logic.records import ProductTerms  # noqa: F401 - the quoted type of ProductLookup's base

# Client strings that become DynamoDB keys are bounded first: an oversized key is the client's mistake (a 4xx),
# never a DynamoDB ValidationException (a 500).
MAX_CODE_LENGTH = 64


class Orderable(Protocol):
    """What `orderable` checks of a product: its ProductTerms (pricing), or only its ProductAvailability (finishing
    an async order)."""

    @property
    def code(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def is_orderable(self) -> bool: ...


class Lookup[P: Orderable]:
    """Products by code for one request: each distinct code is read once (never cached across requests, because
    ordering must see the current state and discount). `known` holds products read beforehand, with None for a
    code read and not found."""

    def __init__(self, get: Callable[[str], P | None], known: dict[str, P | None] | None = None) -> None:
        self._get = get
        self._seen: dict[str, P | None] = dict(known or {})

    def get(self, code: str) -> P:
        if len(code) > MAX_CODE_LENGTH:
            raise ProductValidationError("There is no product with that code.")
        if code not in self._seen:
            self._seen[code] = self._get(code)
        product = self._seen[code]
        if product is None:
            raise ProductValidationError(f"There is no product with the code '{code}'.")
        return product


class ProductLookup(Lookup["ProductTerms"]):
    """What pricing and placing an order read of each product."""


def orderable(product: Orderable) -> None:
    # TEMPORARILY_DEGRADED products are still orderable (slower fulfilment); DISABLED ones are not.
    if not product.is_orderable or product.state == "TEMPORARILY_DISABLED":
        raise ProductValidationError(f"The product '{product.code}' cannot be ordered at the moment.")
