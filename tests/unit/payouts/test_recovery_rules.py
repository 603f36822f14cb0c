"""The outbox's and the sweeper's rules with in-memory stores: what a committed change sends on, and what the
sweeper does with orders and webhook events past their time. The real stores' conditions and the streams are
proven against moto in tests/integration/payouts/test_recovery.py and through the local API in tests/faults."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from runa.core.clock import epoch_seconds, iso_utc
from runa.payouts.logic import outbox, recovery
from runa.payouts.logic.records import COMPLETED, FAILED, PROCESSING, Debit, DueOrder, OrderRecord
from runa.payouts.logic.settlement import SettlementPorts

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DEADLINES = recovery.Deadlines(
    order_redrive_seconds=10, order_deadline_seconds=60, webhook_redrive_seconds=30, webhook_max_redrives=2
)


def _order(status: str = PROCESSING, *, mode: str = "async", age: int = 0, **changes: Any) -> OrderRecord:
    order = OrderRecord(
        id="O-01TEST",
        scope="production#acme",
        status=status,
        created_at=iso_utc(NOW - timedelta(seconds=age)),
        currency="USD",
        total_price=Decimal("9.40"),
        total_discount=Decimal("0.60"),
        execution_mode=mode,
        debited=True,
    )
    return replace(order, **changes)


# ---------------------------------------------------------------- the outbox


def test_given_a_new_async_order_committed_then_it_is_queued_once() -> None:
    sent = outbox.messages_for(None, _order(), NOW.timestamp())
    assert sent == [outbox.QueueOrder("production#acme", "O-01TEST", 0)]


def test_given_a_playground_order_then_it_is_queued_for_when_its_processing_time_ends() -> None:
    order = _order(processing_until=Decimal(str(NOW.timestamp() + 2.5)))
    assert outbox.messages_for(None, order, NOW.timestamp()) == [outbox.QueueOrder("production#acme", "O-01TEST", 3)]


@pytest.mark.parametrize("status", [COMPLETED, FAILED])
def test_given_an_async_order_that_became_terminal_then_its_webhook_event_is_sent(status: str) -> None:
    (message,) = outbox.messages_for(_order(), _order(status, completed_at=iso_utc(NOW)), NOW.timestamp())

    assert isinstance(message, outbox.SendWebhook)
    assert message.event["id"] == f"msg_O-01TEST_{status.lower()}"
    assert (message.event["order_id"], message.event["payload"]["status"]) == ("O-01TEST", status)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, _order(COMPLETED, mode="sync")),  # a sync order: its 200 carried everything
        (_order(COMPLETED), _order(COMPLETED, sweeps=1)),  # a re-drive's bookkeeping
        (_order(), _order(sweeps=1)),
        (_order(COMPLETED), None),  # gone
    ],
)
def test_given_a_change_that_implies_nothing_then_nothing_is_sent(old: OrderRecord, new: OrderRecord) -> None:
    assert outbox.messages_for(old, new, NOW.timestamp()) == []


# ---------------------------------------------------------------- the sweeper


@dataclass
class World:
    """Orders, their due entries, what was queued and the balance movements, with the real stores' conditions."""

    orders: dict[str, OrderRecord] = field(default_factory=dict)
    due: dict[str, DueOrder] = field(default_factory=dict)
    queued: list[str] = field(default_factory=list)
    webhooks: list[str] = field(default_factory=list)
    refunds: list[Decimal] = field(default_factory=list)
    now: datetime = NOW

    def add(self, order: OrderRecord, kind: str, due_age: int, sweeps: int = 0) -> None:
        self.orders[order.id] = order
        created = epoch_seconds(order.created_at)
        at = int(self.now.timestamp()) - due_age
        self.due[order.id] = DueOrder(order.scope, order.id, kind, at, created, sweeps)

    def settle_failed(self, scope: str, order_id: str, at: str, message: str, refund: Debit | None) -> bool:
        order = self.orders[order_id]
        if order.status != PROCESSING:  # the transaction's condition
            return False
        self.orders[order_id] = replace(order, status=FAILED, failure_message=message)
        self.due[order_id] = replace(self.due[order_id], kind=recovery.WEBHOOK, due_at=int(self.now.timestamp()))
        if refund is not None:
            self.refunds.append(refund.amount)
        return True

    def ports(self) -> recovery.RecoveryPorts:
        orders = SettlementPorts(
            get_order=lambda scope, order_id: self.orders.get(order_id),
            settle_failed_order=self.settle_failed,
            now=lambda: self.now,
        )
        return recovery.RecoveryPorts(
            orders=orders,
            due_orders=lambda kind, cutoff, limit: [
                d for d in self.due.values() if d.kind == kind and d.due_at <= cutoff
            ],
            mark_redriven=self._redriven,
            webhook_settled=lambda scope, order_id: self.due.pop(order_id, None) is not None,
            enqueue_order=lambda scope, order_id: self.queued.append(order_id),
            enqueue_webhook=lambda event: self.webhooks.append(event["id"]),
        )

    def _redriven(self, due: DueOrder, now: int) -> bool:
        self.due[due.order_id] = replace(due, due_at=now, sweeps=due.sweeps + 1)
        return True


def test_given_an_order_processing_past_the_redrive_time_then_it_is_queued_again() -> None:
    world = World()
    world.add(_order(age=15), recovery.ORDER, due_age=15)

    report = recovery.sweep(world.ports(), DEADLINES)

    assert (report.orders_redriven, world.queued, world.due["O-01TEST"].sweeps) == (["O-01TEST"], ["O-01TEST"], 1)
    assert world.orders["O-01TEST"].status == PROCESSING
    assert report.oldest_processing_seconds == 15


def test_given_an_order_not_yet_due_then_the_sweeper_leaves_it() -> None:
    world = World()
    world.add(_order(age=5), recovery.ORDER, due_age=5)

    report = recovery.sweep(world.ports(), DEADLINES)

    assert (report.orders_redriven, report.orders_failed, world.queued) == ([], [], [])


def test_given_an_order_past_its_deadline_then_failed_and_refunded_exactly_once_over_two_sweeps() -> None:
    world = World()
    world.add(_order(age=61), recovery.ORDER, due_age=11, sweeps=5)

    first = recovery.sweep(world.ports(), DEADLINES)
    second = recovery.sweep(world.ports(), DEADLINES)

    assert first.orders_failed == ["O-01TEST"] and second.orders_failed == []
    assert world.orders["O-01TEST"].status == FAILED
    assert world.refunds == [Decimal("9.40")]
    assert world.queued == []


def test_given_an_order_completed_by_the_consumer_just_before_the_deadline_sweep_then_it_stays_completed() -> None:
    world = World()
    world.add(_order(age=61), recovery.ORDER, due_age=11)
    world.orders["O-01TEST"] = _order(COMPLETED, age=61)  # the consumer won the race; the index entry is stale

    report = recovery.sweep(world.ports(), DEADLINES)

    assert (report.orders_failed, world.refunds, world.orders["O-01TEST"].status) == ([], [], COMPLETED)


def test_given_an_undelivered_webhook_past_its_time_then_queued_again_until_the_limit_then_left_to_the_alarm() -> None:
    world = World()
    world.add(_order(COMPLETED, age=100), recovery.WEBHOOK, due_age=31)

    for _ in range(3):
        report = recovery.sweep(world.ports(), DEADLINES)
        world.now += timedelta(seconds=31)

    assert world.webhooks == ["msg_O-01TEST_completed"] * 2
    assert report.webhooks_abandoned == ["O-01TEST"]
    assert "O-01TEST" not in world.due


def test_given_a_store_error_on_one_order_then_the_others_are_still_swept() -> None:
    world = World()
    world.add(_order(age=15), recovery.ORDER, due_age=15)
    world.add(_order(age=15, id="O-01OTHER"), recovery.ORDER, due_age=15)
    ports = world.ports()
    real = ports.enqueue_order

    def flaky(scope: str, order_id: str) -> None:
        if order_id == "O-01TEST":
            raise ConnectionError("queue down")
        real(scope, order_id)

    ports.enqueue_order = flaky

    report = recovery.sweep(ports, DEADLINES)

    assert (report.errors, world.queued) == (1, ["O-01OTHER"])
    assert world.due["O-01TEST"].sweeps == 0  # still due: the next pass tries again
