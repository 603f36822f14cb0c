"""What finishing an async order checks of each of its products (runa.payouts.logic.completion): read from the stored
Product JSON without the whole Product schema, whose validator the orders consumer would otherwise build on its first
message."""

from __future__ import annotations

from typing import Literal

from runa.core.schemas import Schema

ProductState = Literal["LIVE", "TEMPORARILY_DISABLED", "TEMPORARILY_DEGRADED"]


class ProductAvailability(Schema):
    """A stored product's code, state and whether it can be ordered (its other fields are ignored)."""

    code: str
    state: ProductState
    is_orderable: bool
