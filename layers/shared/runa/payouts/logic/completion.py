"""Finishing an async order (the orders consumer); ending one that cannot finish in time is the sweeper's
(runa.payouts.logic.settlement, whose `fail` both use).

Both end it with one conditional write on its PROCESSING status: COMPLETED, or FAILED with its money returned in
the same transaction. Whichever comes first wins and the other finds nothing to do, so a redelivered message, a
re-drive and a deadline racing each other still settle the order exactly once. Neither sends anything: the
terminal status, written, is the webhook's hand-off (runa.payouts.logic.outbox).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from runa.core.clock import iso_utc
from runa.core.observability import logger
from runa.payouts.errors import ProductValidationError
from runa.payouts.logic.product_lookup import Lookup, Orderable, orderable
from runa.payouts.logic.records import PROCESSING, Debit, OrderRecord
from runa.payouts.logic.settlement import fail

if TYPE_CHECKING:
    from runa.payouts.logic.order_ports import OrderPorts

UNAVAILABLE_MESSAGE = "A product of this order can no longer be ordered; the order was not charged."


@dataclass(frozen=True)
class CompletionPorts:
    """What finishing an order needs from the stores: the orders consumer wires only these (OrderPorts has them
    too), so it loads none of the placing stores."""

    get_order: Callable[[str, str], OrderRecord | None]
    # Only what `orderable` checks (the consumer reads a ProductAvailability, OrderPorts a whole Product).
    get_product: Callable[[str], Orderable | None]
    complete_order: Callable[[str, str, str], OrderRecord | None]
    settle_failed_order: Callable[[str, str, str, str, Debit | None], bool]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def _still_orderable(order: OrderRecord, ports: CompletionPorts | OrderPorts) -> bool:
    lookup: Lookup[Orderable] = Lookup(ports.get_product)
    for item in order.items:
        selection = item["products"]
        codes = [selection["value"]] if selection["type"] == "SINGLE" else list(selection.get("values") or [])
        for code in codes:
            try:
                orderable(lookup.get(code))
            except ProductValidationError:
                return False
    return True


def process_queued_order(scope: str, order_id: str, ports: CompletionPorts | OrderPorts) -> str | None:
    """Finish an async order: COMPLETED, or FAILED with its money returned exactly once. Safe to run again for
    the same message (SQS delivers at least once, the sweeper re-drives): the status conditions make every step
    happen once.

    Returns the final status, or None when the order does not exist."""
    order = ports.get_order(scope, order_id)
    if order is None:
        logger.warning("queued order not found", extra={"order_id": order_id})
        return None
    if order.status == PROCESSING:
        now = iso_utc(ports.now())
        if _still_orderable(order, ports):
            # None: another delivery settled it first; read what it stored.
            order = ports.complete_order(scope, order_id, now) or _reread(order, ports)
        else:
            fail(order, UNAVAILABLE_MESSAGE, ports)
            order = _reread(order, ports)
    return order.status


def _reread(order: OrderRecord, ports: CompletionPorts | OrderPorts) -> OrderRecord:
    return ports.get_order(order.scope, order.id) or order
