"""Wiring: the sweeper's rules (runa.payouts.logic.recovery) on the due index, the queues and the order stores.
The sweeper function and the operator's `runa-admin orders` commands call these."""

from __future__ import annotations

import time

from runa.core.settings import get_settings
from runa.payouts.data import order_queue, orders, settlement
from runa.payouts.logic import recovery
from runa.payouts.logic.records import Debit, DueOrder
from runa.payouts.logic.settlement import SettlementPorts


def deadlines(*, redrive_seconds: int | None = None, deadline_seconds: int | None = None) -> recovery.Deadlines:
    """The deployment's times (its settings), or the operator's own order times (runa-admin orders reconcile)."""
    settings = get_settings()
    return recovery.Deadlines(
        order_redrive_seconds=settings.order_redrive_seconds if redrive_seconds is None else redrive_seconds,
        order_deadline_seconds=settings.order_deadline_seconds if deadline_seconds is None else deadline_seconds,
        webhook_redrive_seconds=settings.webhook_redrive_seconds,
        webhook_max_redrives=settings.webhook_max_redrives,
    )


def _enqueue_order(scope: str, order_id: str) -> None:
    order_queue.enqueue_order(scope, order_id)


# Not services.completion's: that module loads the consumer's product checks and store, which the sweeper never runs.
def _settle_failed_order(scope: str, order_id: str, failed_at: str, message: str, refund: Debit | None) -> bool:
    return settlement.settle_failed_order(scope, order_id, failed_at=failed_at, message=message, refund=refund)


def recovery_ports() -> recovery.RecoveryPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return recovery.RecoveryPorts(
        orders=SettlementPorts(get_order=orders.get_order, settle_failed_order=_settle_failed_order),
        due_orders=orders.due_orders,
        mark_redriven=orders.mark_redriven,
        webhook_settled=orders.webhook_settled,
        enqueue_order=_enqueue_order,
        enqueue_webhook=order_queue.enqueue_webhook,
    )


def sweep(deadlines_override: recovery.Deadlines | None = None) -> recovery.SweepReport:
    return recovery.sweep(recovery_ports(), deadlines_override or deadlines())


def due(kind: str, older_than_seconds: int) -> list[DueOrder]:
    """What the due index holds of `kind` since at least `older_than_seconds` (the operator's `orders stuck`)."""
    return orders.due_orders(kind, int(time.time()) - older_than_seconds, 1000)


def index_unindexed() -> list[str]:
    """Put PROCESSING orders placed before the due index into it (due now); returns their ids."""
    now = int(time.time())
    return [
        order_id for scope, order_id in orders.processing_outside_index() if orders.put_in_index(scope, order_id, now)
    ]
