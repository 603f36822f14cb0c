"""The safety net under the outbox: the sweeper's rules for orders and webhook events that are overdue.

The due index (runa.payouts.data.orders) holds every order that is still PROCESSING, and every terminal async
order whose webhook event has not been delivered. Each run of the sweeper (EventBridge Scheduler) takes those past
their time and, idempotently:

- an order PROCESSING longer than `order_redrive_seconds` since it was created or last re-driven is queued again
  (its message may have been lost, or dead-lettered after consumer crashes); the consumer's status conditions make
  a duplicate harmless;
- an order PROCESSING longer than `order_deadline_seconds` since it was created is ended FAILED with its money
  returned, in one transaction on its PROCESSING status (runa.payouts.logic.settlement.fail): exactly once, even
  when a consumer or another sweep races it. Its webhook then follows from that write, like any other;
- a webhook event not delivered `webhook_redrive_seconds` after it was due is queued again (receivers drop
  duplicates by `webhook-id`), at most `webhook_max_redrives` times; then it is left to the dead-letter queue and
  the alarm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from runa.core.observability import logger
from runa.payouts.logic.outbox import webhook_event
from runa.payouts.logic.records import PROCESSING, DueOrder
from runa.payouts.logic.settlement import DEADLINE_MESSAGE, SettlementPorts, fail

ORDER, WEBHOOK = "ORDER", "WEBHOOK"


@dataclass(frozen=True)
class Deadlines:
    """The sweeper's settings (template parameters; docs/operations.md), in seconds."""

    order_redrive_seconds: int
    order_deadline_seconds: int
    webhook_redrive_seconds: int
    webhook_max_redrives: int


@dataclass
class RecoveryPorts:
    orders: SettlementPorts
    due_orders: Callable[[str, int, int], list[DueOrder]]  # (kind, cutoff epoch, limit per shard)
    mark_redriven: Callable[[DueOrder, int], bool]
    webhook_settled: Callable[[str, str], bool]
    enqueue_order: Callable[[str, str], None]
    enqueue_webhook: Callable[[dict[str, Any]], None]


@dataclass
class SweepReport:
    orders_redriven: list[str] = field(default_factory=list)
    orders_failed: list[str] = field(default_factory=list)
    webhooks_redriven: list[str] = field(default_factory=list)
    webhooks_abandoned: list[str] = field(default_factory=list)
    errors: int = 0
    # Age of the oldest order still PROCESSING among those due (0 when none is due): the alarm's metric.
    oldest_processing_seconds: int = 0


def sweep(ports: RecoveryPorts, deadlines: Deadlines, *, limit: int = 100) -> SweepReport:
    """One pass over what is due now. An item that fails is counted in `errors` and left for the next pass."""
    report = SweepReport()
    now = int(ports.orders.now().timestamp())
    for due in ports.due_orders(ORDER, now - deadlines.order_redrive_seconds, limit):
        report.oldest_processing_seconds = max(report.oldest_processing_seconds, now - due.created_at)
        _guarded(_sweep_order, due, ports, deadlines, now, report)
    for due in ports.due_orders(WEBHOOK, now - deadlines.webhook_redrive_seconds, limit):
        _guarded(_sweep_webhook, due, ports, deadlines, now, report)
    return report


Step = Callable[[DueOrder, RecoveryPorts, Deadlines, int, SweepReport], None]


def _guarded(
    step: Step, due: DueOrder, ports: RecoveryPorts, deadlines: Deadlines, now: int, report: SweepReport
) -> None:
    try:
        step(due, ports, deadlines, now, report)
    except Exception:  # one order's trouble must not stop the others: it stays due for the next pass
        report.errors += 1
        logger.exception("sweep step failed", extra={"order_id": due.order_id, "kind": due.kind})


def _sweep_order(due: DueOrder, ports: RecoveryPorts, deadlines: Deadlines, now: int, report: SweepReport) -> None:
    if now - due.created_at >= deadlines.order_deadline_seconds:
        order = ports.orders.get_order(due.scope, due.order_id)
        if order is not None and order.status == PROCESSING and fail(order, DEADLINE_MESSAGE, ports.orders):
            logger.warning("order failed at its deadline", extra={"order_id": due.order_id, "sweeps": due.sweeps})
            report.orders_failed.append(due.order_id)
        return
    # Send first, then count: a lost send is retried at the next pass, a lost count only re-drives again sooner.
    ports.enqueue_order(due.scope, due.order_id)
    ports.mark_redriven(due, now)
    logger.info("order re-driven", extra={"order_id": due.order_id, "sweeps": due.sweeps + 1})
    report.orders_redriven.append(due.order_id)


def _sweep_webhook(due: DueOrder, ports: RecoveryPorts, deadlines: Deadlines, now: int, report: SweepReport) -> None:
    order = ports.orders.get_order(due.scope, due.order_id)
    if order is None or order.status == PROCESSING or due.sweeps >= deadlines.webhook_max_redrives:
        ports.webhook_settled(due.scope, due.order_id)
        logger.error("webhook event abandoned by the sweeper", extra={"order_id": due.order_id, "sweeps": due.sweeps})
        report.webhooks_abandoned.append(due.order_id)
        return
    ports.enqueue_webhook(webhook_event(order))
    ports.mark_redriven(due, now)
    report.webhooks_redriven.append(due.order_id)
