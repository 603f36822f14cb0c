"""Failing an order and giving its money back, in one TransactWriteItems over the OrdersTable and the AccountsTable.

A module of its own, like `runa.payouts.data.placement` (the order and its debit), so the balances store stays a
balances store: the balance read (/v2/balance) loads neither the orders store nor its records.
"""

from __future__ import annotations

from runa.core.errors import StoreError
from runa.payouts.data import balances, orders
from runa.payouts.data.transactions import transact
from runa.payouts.logic.records import Debit


def settle_failed_order(scope: str, order_id: str, *, failed_at: str, message: str, refund: Debit | None) -> bool:
    """Mark an order FAILED and give its money back, in one transaction conditioned on the order still being
    PROCESSING, so a redelivered message cannot refund twice. Returns True when this call failed the order,
    False when it was already settled."""
    items = [orders.fail_order_update(scope, order_id, failed_at=failed_at, message=message)]
    if refund is not None:
        items += balances.order_refund(scope, refund, order_id, failed_at)
    reasons = transact(items)
    if reasons is None:
        return True
    if reasons[0].condition_failed:
        return False
    raise StoreError(f"refund transaction cancelled: {[reason.code for reason in reasons]}")
