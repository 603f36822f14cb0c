"""Ending an order FAILED with its money returned: what both the orders consumer (a product no longer orderable)
and the sweeper (an order past its deadline) do, in one conditional write on its PROCESSING status.

Apart from the consumer's rules (runa.payouts.logic.completion) so the sweeper loads neither the pricing rules nor
the order and product schemas they check with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from runa.core.clock import iso_utc
from runa.payouts.logic.records import Debit, OrderRecord

DEADLINE_MESSAGE = "The order could not be completed in time; it was not charged."


@dataclass(frozen=True)
class SettlementPorts:
    """What the sweeper needs from the order stores to end an order past its deadline."""

    get_order: Callable[[str, str], OrderRecord | None]
    settle_failed_order: Callable[[str, str, str, str, Debit | None], bool]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


class Settles(Protocol):
    """What `fail` uses of any ports: SettlementPorts, the consumer's CompletionPorts, OrderPorts."""

    @property
    def settle_failed_order(self) -> Callable[[str, str, str, str, Debit | None], bool]: ...

    @property
    def now(self) -> Callable[[], datetime]: ...


def fail(order: OrderRecord, message: str, ports: Settles) -> bool:
    """FAILED, and the money back if it was taken: one transaction on the PROCESSING status. False when the order
    was settled already (then nothing moved)."""
    refund = Debit(order.currency, order.total_price) if order.debited else None
    return ports.settle_failed_order(order.scope, order.id, iso_utc(ports.now()), message, refund)
