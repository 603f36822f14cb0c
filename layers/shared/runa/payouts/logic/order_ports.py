"""What the order rules need from the stores, as one set of ports; `runa.payouts.services.orders` wires the real
ones (DynamoDB), unit tests wire in-memory ones. No SQS here: an order's queue messages follow from its commit
(runa.payouts.logic.outbox)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from runa.payouts.logic.records import Debit, OrderInputs, OrderPage, OrderRecord, StoredAnswer

if TYPE_CHECKING:  # annotations only
    from runa.payouts.logic.records import ProductTerms


@dataclass
class OrderPorts:
    read_inputs: Callable[[str, str, list[str]], OrderInputs]
    get_product: Callable[[str], ProductTerms | None]
    get_template: Callable[[str, str], list[str] | None]
    place_order: Callable[[StoredAnswer, OrderRecord, Debit | None], StoredAnswer | None]
    store_answer: Callable[[StoredAnswer], StoredAnswer | None]
    find_balance: Callable[[str, str], Decimal | None]
    get_order: Callable[[str, str], OrderRecord | None]
    # (scope, limit, direction, key, status filter or None, now)
    list_orders: Callable[[str, int, str | None, str | None, str | None, float], OrderPage]
    complete_order: Callable[[str, str, str], OrderRecord | None]
    settle_failed_order: Callable[[str, str, str, str, Debit | None], bool]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
