"""Async orders through the OrdersQueue and its consumer: completion, failure with one refund, redelivery, crashes."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from runa.core import aws as aws_clients
from runa.core.settings import get_settings, reset_settings
from runa.payouts.data import balances
from runa.payouts.data import orders as order_store
from runa.payouts.data import products as product_store
from tests.conftest import load_event
from tests.integration.payouts.orders_support import (
    CONTEXT,
    PLAYGROUND_CALLER,
    PLAYGROUND_SCOPE,
    PRODUCTION_SCOPE,
    get_balance,
    get_order,
    item,
    ledger_sum,
    list_orders,
    order_body,
    orders_consumer,
    post_order,
    receive_all,
    run_consumer,
    sqs_record,
    top_up,
)
from tests.outbox import Outbox


@pytest.fixture
def funded(catalogue: Any) -> None:
    top_up("100.00", "USD")


def _disable(code: str) -> None:
    """The operator pulls a product between the order's acceptance and its processing."""
    stored = product_store.get_stored_product(code)
    assert stored is not None
    doc = stored.product.model_copy(update={"is_orderable": False, "state": "TEMPORARILY_DISABLED"})
    aws_clients.table(get_settings().products_table).put_item(
        Item={**product_store.product_key(code), "doc": doc.model_dump_json()}
    )


def _queued_orders(aws: Any, outbox: Outbox) -> list[dict[str, Any]]:
    """What reached the OrdersQueue: the relay sends what the committed orders imply."""
    outbox.relay()
    return receive_all(aws.queue_url("OrdersQueue"))


def _webhook_events(aws: Any, outbox: Outbox) -> list[dict[str, Any]]:
    outbox.relay()
    return [json.loads(record["body"]) for record in receive_all(aws.queue_url("WebhooksQueue"))]


def test_given_an_accepted_order_when_the_consumer_runs_then_completed_and_a_webhook_is_queued(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    order_id = post_order(order_body(item(), item("HBC-US", 20)), mode="async")[1]["id"]
    records = _queued_orders(aws, outbox)
    assert [json.loads(record["body"]) for record in records] == [{"scope": PRODUCTION_SCOPE, "order_id": order_id}]

    assert run_consumer(orders_consumer, records) == {"batchItemFailures": []}

    status, body = get_order(order_id)
    assert (status, body["status"], len(body["items"])) == (200, "COMPLETED", 2)
    assert body["completed_at"]
    assert list_orders()[1]["items"][0]["status"] == "COMPLETED"
    (event,) = _webhook_events(aws, outbox)
    assert event["id"] == f"msg_{order_id}_completed"
    assert event["type"] == "order.completion"
    assert event["scope"] == PRODUCTION_SCOPE
    assert event["payload"] == {
        key: value for key, value in body.items() if key not in ("items", "transaction_detail", "metadata")
    }
    assert get_balance("USD")[1]["balance"] == "71.20"


def test_given_a_product_pulled_before_processing_then_failed_refunded_once_even_when_redelivered(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    order_id = post_order(order_body(item("SKY-US", 10)), mode="async")[1]["id"]
    assert get_balance("USD")[1]["balance"] == "90.60"
    _disable("SKY-US")
    records = _queued_orders(aws, outbox)

    run_consumer(orders_consumer, records)
    run_consumer(orders_consumer, records)  # SQS delivers at least once

    status, body = get_order(order_id)
    assert (status, body["id"], body["status"]) == (200, order_id, "FAILED")
    assert "no longer be ordered" in body["message"]
    assert get_balance("USD")[1]["balance"] == "100.00"
    kinds = [movement.kind for movement in balances.list_movements(PRODUCTION_SCOPE, "USD")]
    assert sorted(kinds) == ["order_debit", "order_refund", "top_up"]
    assert ledger_sum() == Decimal("100.00")
    events = _webhook_events(aws, outbox)
    assert {event["id"] for event in events} == {f"msg_{order_id}_failed"}
    assert events[0]["payload"] == {"id": order_id, "status": "FAILED"}


def test_given_a_consumer_that_crashes_after_completing_when_retried_then_one_order_one_debit_one_webhook(
    funded: None, aws: Any, outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    records = _queued_orders(aws, outbox)
    complete = order_store.complete_order

    def complete_then_crash(scope: str, order_id: str, *, completed_at: str) -> Any:
        complete(scope, order_id, completed_at=completed_at)
        raise RuntimeError("crashed after the order was completed")

    monkeypatch.setattr(order_store, "complete_order", complete_then_crash)
    # The only record failed, so the invocation fails and SQS redelivers the message.
    with pytest.raises(BatchProcessingError):
        run_consumer(orders_consumer, records)
    monkeypatch.undo()

    assert run_consumer(orders_consumer, records) == {"batchItemFailures": []}

    assert get_order(order_id)[1]["status"] == "COMPLETED"
    assert len(list_orders()[1]["items"]) == 1
    kinds = [movement.kind for movement in balances.list_movements(PRODUCTION_SCOPE, "USD")]
    assert sorted(kinds) == ["order_debit", "top_up"]
    assert get_balance("USD")[1]["balance"] == "90.60"
    # The webhook followed from the completion's write, crash or not.
    assert [event["id"] for event in _webhook_events(aws, outbox)] == [f"msg_{order_id}_completed"]


def test_given_a_batch_with_a_bad_message_then_only_that_record_fails(funded: None, aws: Any, outbox: Outbox) -> None:
    order_id = post_order(order_body(), mode="async")[1]["id"]
    good = _queued_orders(aws, outbox)
    bad = sqs_record("{not json", "bad-1")

    result = run_consumer(orders_consumer, [bad, *good])

    assert result == {"batchItemFailures": [{"itemIdentifier": "bad-1"}]}
    assert get_order(order_id)[1]["status"] == "COMPLETED"


def test_given_a_message_for_an_unknown_order_then_it_is_dropped_without_a_webhook(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    record = sqs_record({"scope": PRODUCTION_SCOPE, "order_id": "O-01H5WQGHKCBB85MQFM68S9KJ5Q"})
    assert run_consumer(orders_consumer, [record]) == {"batchItemFailures": []}
    assert _webhook_events(aws, outbox) == []


def test_given_the_sample_event_then_the_consumer_accepts_its_shape(funded: None) -> None:
    event = load_event("sqs_orders.json")
    assert orders_consumer(event, CONTEXT) == {"batchItemFailures": []}


def _processing_seconds(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setenv("PLAYGROUND_PROCESSING_SECONDS", str(seconds))
    reset_settings()


def test_given_a_playground_async_order_then_no_money_moves_and_it_shows_processing_for_the_set_time(
    catalogue: Any, aws: Any, outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    _processing_seconds(monkeypatch, 600)
    order_id = post_order(order_body(), mode="async", caller=PLAYGROUND_CALLER)[1]["id"]
    outbox.relay()
    sqs = aws_clients.client("sqs")
    message = sqs.receive_message(QueueUrl=aws.queue_url("OrdersQueue"), WaitTimeSeconds=0).get("Messages")
    # The message waits (SQS delay) too, so the webhook does not beat the visible status.
    assert message is None

    run_consumer(orders_consumer, [sqs_record({"scope": PLAYGROUND_SCOPE, "order_id": order_id})])

    assert get_order(order_id, caller=PLAYGROUND_CALLER)[1]["status"] == "PROCESSING"
    assert balances.list_movements(PLAYGROUND_SCOPE) == []


def test_given_a_playground_async_order_once_the_time_passed_then_completed(
    catalogue: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _processing_seconds(monkeypatch, 0)
    order_id = post_order(order_body(), mode="async", caller=PLAYGROUND_CALLER)[1]["id"]

    run_consumer(orders_consumer, [sqs_record({"scope": PLAYGROUND_SCOPE, "order_id": order_id})])

    body = get_order(order_id, caller=PLAYGROUND_CALLER)[1]
    assert body["status"] == "COMPLETED"
    assert body["items"][0]["payout"]["url"].startswith("https://payouts.playground.runa.io/")
