"""No money in limbo, against moto: an order whose hand-off was lost, or that cannot complete, ends COMPLETED or
FAILED with its money returned exactly once, without a client retry, through the sweeper (functions/sweeper) and
the operator's `runa-admin orders stuck | reconcile`. Time is moved by backdating the order's stored times."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from devtools.functions import load_handler
from runa.core import aws as aws_clients
from runa.core.clock import iso_utc
from runa.core.settings import get_settings
from runa.payouts.data import balances
from runa.payouts.data import orders as order_store
from runa_ops.admin.__main__ import main as admin
from tests.integration.payouts.orders_support import (
    CONTEXT,
    PRODUCTION_SCOPE,
    get_balance,
    get_order,
    ledger_sum,
    order_body,
    orders_consumer,
    post_order,
    receive_all,
    run_consumer,
    top_up,
)
from tests.outbox import Outbox

sweeper = load_handler("functions/sweeper/")
pytestmark = pytest.mark.usefixtures("acme_account")


@pytest.fixture
def funded(catalogue: Any) -> None:
    top_up("100.00", "USD")


def _backdate(order_id: str, seconds: int) -> None:
    """Pretend the order was created (and last driven) `seconds` ago."""
    then = datetime.now(UTC) - timedelta(seconds=seconds)
    aws_clients.table(get_settings().orders_table).update_item(
        Key={"pk": f"ORDER#{PRODUCTION_SCOPE}", "sk": order_id},
        UpdateExpression="SET created_at = :iso, due_at = :epoch",
        ExpressionAttributeValues={":iso": iso_utc(then), ":epoch": int(then.timestamp())},
    )


def _sweep() -> dict[str, Any]:
    result: dict[str, Any] = sweeper({"source": "aws.scheduler", "detail-type": "Scheduled Event"}, CONTEXT)
    return result


def _queued(aws: Any, queue: str) -> list[dict[str, Any]]:
    return [json.loads(record["body"]) for record in receive_all(aws.queue_url(queue))]


def test_given_an_order_whose_queue_message_was_lost_then_the_sweeper_requeues_it_and_it_completes(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    outbox.relay()
    assert _queued(aws, "OrdersQueue") == [{"scope": PRODUCTION_SCOPE, "order_id": order_id}]  # then lost
    assert _sweep()["OrdersRedriven"] == 0  # not overdue yet
    _backdate(order_id, get_settings().order_redrive_seconds + 1)

    assert _sweep()["OrdersRedriven"] == 1
    run_consumer(orders_consumer, receive_all(aws.queue_url("OrdersQueue")))

    assert get_order(order_id)[1]["status"] == "COMPLETED"
    assert get_balance("USD")[1]["balance"] == "90.60"
    outbox.relay()
    assert [event["id"] for event in _queued(aws, "WebhooksQueue")] == [f"msg_{order_id}_completed"]


def test_given_an_order_that_cannot_complete_by_its_deadline_then_failed_refunded_once_and_its_webhook_sent(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    assert get_balance("USD")[1]["balance"] == "90.60"
    _backdate(order_id, get_settings().order_deadline_seconds + 1)

    first, second = _sweep(), _sweep()

    assert (first["OrdersFailedAtDeadline"], second["OrdersFailedAtDeadline"]) == (1, 0)
    status, body = get_order(order_id)
    assert (status, body["status"]) == (200, "FAILED")
    assert "in time" in body["message"]
    assert get_balance("USD")[1]["balance"] == "100.00"
    assert sorted(m.kind for m in balances.list_movements(PRODUCTION_SCOPE, "USD")) == [
        "order_debit",
        "order_refund",
        "top_up",
    ]
    assert ledger_sum() == Decimal("100.00")
    outbox.relay()
    webhooks = _queued(aws, "WebhooksQueue")
    assert [(event["id"], event["payload"]) for event in webhooks] == [
        (f"msg_{order_id}_failed", {"id": order_id, "status": "FAILED"})
    ]


def test_given_the_consumer_redelivered_after_the_deadline_failed_the_order_then_nothing_moves_again(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    outbox.relay()
    late = receive_all(aws.queue_url("OrdersQueue"))
    _backdate(order_id, get_settings().order_deadline_seconds + 1)
    _sweep()

    assert run_consumer(orders_consumer, late) == {"batchItemFailures": []}

    assert get_order(order_id)[1]["status"] == "FAILED"
    assert get_balance("USD")[1]["balance"] == "100.00"
    assert ledger_sum() == Decimal("100.00")


def test_given_stuck_orders_then_the_operator_lists_them_and_reconcile_settles_them_once(
    funded: None, aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    young = post_order(order_body(), key="young", mode="async")[1]["id"]
    old = post_order(order_body(), key="old", mode="async")[1]["id"]
    _backdate(old, 3600)
    capsys.readouterr()

    assert admin(["orders", "stuck", "--older-than", "60"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["order_id"], line["owed"]) for line in listed] == [(old, "processing")]
    assert listed[0]["age_seconds"] >= 3600

    assert admin(["orders", "reconcile"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["orders_failed"], report["errors"]) == ([old], 0)
    assert admin(["orders", "reconcile"]) == 0  # idempotent
    assert json.loads(capsys.readouterr().out)["orders_failed"] == []

    assert (get_order(old)[1]["status"], get_order(young)[1]["status"]) == ("FAILED", "PROCESSING")
    assert get_balance("USD")[1]["balance"] == "90.60"  # only the young order's money is still taken
    assert ledger_sum() == Decimal("90.60")


def test_given_an_order_placed_before_the_due_index_then_reconcile_indexes_it(
    funded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    aws_clients.table(get_settings().orders_table).update_item(
        Key={"pk": f"ORDER#{PRODUCTION_SCOPE}", "sk": order_id}, UpdateExpression="REMOVE due, due_at"
    )
    assert order_store.due_orders(order_store.ORDER_DUE, cutoff=2**40, limit=10) == []
    capsys.readouterr()

    assert admin(["orders", "reconcile", "--redrive-after", "0"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert (report["indexed"], report["orders_redriven"]) == ([order_id], [order_id])
