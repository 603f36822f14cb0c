"""X-Idempotency-Key on POST /v2/order: replays, mismatches, racing repeats, 5xx, scoping, crash recovery."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from runa.core import aws as aws_clients
from runa.core.clock import iso_utc
from runa.core.settings import get_settings
from runa.payouts.data import balances, order_queue, placement
from runa.payouts.logic import idempotency
from runa.payouts.logic import orders as orders_logic
from tests.integration.payouts.orders_support import (
    PLAYGROUND_CALLER,
    PRODUCTION_CALLER,
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
    top_up,
)


@pytest.fixture
def funded(catalogue: Any) -> None:
    top_up("100.00", "USD")


def _record(scope: str, key: str) -> dict[str, Any]:
    key_hash = hashlib.sha256(key.encode()).hexdigest()
    table = aws_clients.table(get_settings().orders_table)
    return table.get_item(Key={"pk": f"IDEMPOTENCY#{scope}#{key_hash}", "sk": "IDEMPOTENCY"})["Item"]


def test_given_a_completed_order_when_the_same_key_and_body_again_then_the_same_answer_and_one_debit(
    funded: None,
) -> None:
    first = post_order(order_body(), key="same")

    again = post_order(order_body(), key="same")

    assert again[0] == first[0] == 200
    assert again[1] == first[1]
    assert again[2]["X-Idempotent-Replayed"] == "true"
    assert "X-Idempotent-Replayed" not in first[2]
    assert len(list_orders()[1]["items"]) == 1
    assert get_balance("USD")[1]["balance"] == "90.60"


def test_given_an_async_order_when_replayed_then_202_with_the_same_id_and_one_message(funded: None, aws: Any) -> None:
    first = post_order(order_body(), key="a", mode="async")
    again = post_order(order_body(), key="a", mode="async")

    assert (again[0], again[1]) == (first[0], first[1]) == (202, {"id": first[1]["id"], "status": "PROCESSING"})
    attributes = aws_clients.client("sqs").get_queue_attributes(
        QueueUrl=aws.queue_url("OrdersQueue"), AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "1"


def test_given_json_with_other_key_order_and_spacing_then_it_is_the_same_body(funded: None) -> None:
    body = order_body()
    first = post_order(body, key="k")
    payment = '{"currency": "USD",   "type": "ACCOUNT_BALANCE"}'
    reordered = f'{{"items": {json.dumps(body["items"], indent=2)}, "payment_method": {payment}}}'

    assert post_order(reordered, key="k")[1] == first[1]


def test_given_a_4xx_when_the_same_key_and_body_again_then_the_4xx_is_replayed_even_after_a_top_up(
    catalogue: Any,
) -> None:
    top_up("5.00")
    first = post_order(order_body(item("SKY-US", 10)), key="poor")
    assert (first[0], first[1]["type"]) == (400, "insufficient_funds")
    top_up("100.00")

    again = post_order(order_body(item("SKY-US", 10)), key="poor")

    assert (again[0], again[1]) == (first[0], first[1])
    assert list_orders()[1]["items"] == []


def test_given_a_used_key_with_another_body_then_400_idempotency_validation_error(funded: None) -> None:
    post_order(order_body(item("SKY-US", 10)), key="k")

    status, body, _ = post_order(order_body(item("SKY-US", 11)), key="k")

    assert (status, body["type"]) == (400, "idempotency_validation_error")
    assert get_balance("USD")[1]["balance"] == "90.60"


def test_given_a_used_key_in_another_execution_mode_then_400_idempotency_validation_error(funded: None) -> None:
    post_order(order_body(), key="k", mode="sync")
    status, body, _ = post_order(order_body(), key="k", mode="async")
    assert (status, body["type"]) == (400, "idempotency_validation_error")


def test_given_a_repeat_that_commits_while_the_first_is_in_flight_then_one_order_and_the_same_answer_for_both(
    funded: None,
) -> None:
    seen: list[tuple[int, Any, dict[str, str]]] = []
    calls: list[str] = []

    def place_after_a_repeat(*args: Any, **kwargs: Any) -> Any:
        calls.append("place")
        if len(calls) == 1:
            # The first request has read the key (still new) and priced the order; the repeat runs to the end now.
            seen.append(post_order(order_body(), key="slow"))
        return original(*args, **kwargs)

    original = placement.place_order
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placement, "place_order", place_after_a_repeat)
        status, body, headers = post_order(order_body(), key="slow")

    ((repeat_status, repeat_body, _),) = seen
    assert repeat_status == status == 200
    assert body == repeat_body  # the first request lost the key to the repeat and replays its answer
    assert headers["X-Idempotent-Replayed"] == "true"
    assert [order["id"] for order in list_orders()[1]["items"]] == [body["id"]]
    assert [m.kind for m in balances.list_movements(PRODUCTION_SCOPE, "USD")] == ["top_up", "order_debit"]
    assert get_balance("USD")[1]["balance"] == "90.60"


def test_given_a_5xx_then_it_is_not_stored_and_a_retry_succeeds_with_the_same_order_id(funded: None) -> None:
    def broken_queue(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("queue down")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(order_queue, "enqueue_order", broken_queue)
        failed = post_order(order_body(), key="retry-me", mode="async")
    assert (failed[0], failed[1]["type"]) == (500, "internal_server_error")

    retried = post_order(order_body(), key="retry-me", mode="async")

    # The first attempt had committed the order and its debit; the retry finishes it instead of ordering again.
    assert retried[0] == 202
    orders = list_orders()[1]["items"]
    assert [order["id"] for order in orders] == [retried[1]["id"]]
    assert get_balance("USD")[1]["balance"] == "90.60"
    assert ledger_sum() == Decimal("90.60")


class Crash(BaseException):
    """Like a Lambda timeout: no handler runs, nothing is cleaned up."""


def _commit_then_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    original = placement.place_order

    def commit_then_crash(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        raise Crash

    monkeypatch.setattr(placement, "place_order", commit_then_crash)


def test_given_a_crash_after_the_money_moved_when_retried_then_the_stored_answer_one_order_one_debit(
    funded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit_then_crash(monkeypatch)
    with pytest.raises(Crash):
        post_order(order_body(), key="crashy")
    monkeypatch.undo()
    record = _record(PRODUCTION_SCOPE, "crashy")

    status, body, headers = post_order(order_body(), key="crashy")

    assert (status, headers["X-Idempotent-Replayed"]) == (200, "true")
    assert body["id"] == record["order_id"]
    assert body == json.loads(record["response_json"])
    assert len(list_orders()[1]["items"]) == 1
    assert [m.kind for m in balances.list_movements(PRODUCTION_SCOPE, "USD")] == ["top_up", "order_debit"]
    assert get_balance("USD")[1]["balance"] == "90.60"


def test_given_an_async_order_whose_request_died_before_queueing_when_repeated_later_then_it_is_queued(
    funded: None, aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit_then_crash(monkeypatch)
    with pytest.raises(Crash):
        post_order(order_body(), key="lost", mode="async")
    monkeypatch.undo()
    queue = aws.queue_url("OrdersQueue")
    assert receive_all(queue) == []
    # Right away the request that committed could still be sending: the repeat only replays.
    assert post_order(order_body(), key="lost", mode="async")[0] == 202
    assert receive_all(queue) == []
    # Later than that request could have lived: the repeat queues the order again.
    order_id = _record(PRODUCTION_SCOPE, "lost")["order_id"]
    long_ago = datetime.now(UTC) - timedelta(seconds=orders_logic.REQUEUE_AFTER_SECONDS + 1)
    aws_clients.table(get_settings().orders_table).update_item(
        Key={"pk": f"ORDER#{PRODUCTION_SCOPE}", "sk": order_id},
        UpdateExpression="SET created_at = :then",
        ExpressionAttributeValues={":then": iso_utc(long_ago)},
    )

    status, body, _ = post_order(order_body(), key="lost", mode="async")

    assert (status, body) == (202, {"id": order_id, "status": "PROCESSING"})
    assert run_consumer(orders_consumer, receive_all(queue)) == {"batchItemFailures": []}
    assert get_order(order_id)[1]["status"] == "COMPLETED"
    assert get_balance("USD")[1]["balance"] == "90.60"


def test_given_the_same_key_in_another_account_or_environment_then_they_are_independent(funded: None) -> None:
    top_up("100.00", scope="production#globex")
    first = post_order(order_body(), key="shared")
    other_account = post_order(order_body(), key="shared", caller={**PRODUCTION_CALLER, "accountId": "globex"})
    playground = post_order(order_body(), key="shared", caller=PLAYGROUND_CALLER)

    assert first[0] == other_account[0] == playground[0] == 200
    assert len({first[1]["id"], other_account[1]["id"], playground[1]["id"]}) == 3


def test_given_a_key_past_its_30_days_then_it_counts_as_new(funded: None) -> None:
    first = post_order(order_body(), key="old")
    record = _record(PRODUCTION_SCOPE, "old")
    # DynamoDB's TTL deletes late (and moto never): the stored answer is ignored from its expiry on.
    aws_clients.table(get_settings().orders_table).update_item(
        Key={"pk": record["pk"], "sk": "IDEMPOTENCY"},
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": int(time.time()) - 1},
    )

    again = post_order(order_body(), key="old")

    assert again[0] == 200
    assert again[1]["id"] != first[1]["id"]
    assert "X-Idempotent-Replayed" not in again[2]
    assert get_balance("USD")[1]["balance"] == "81.20"


def test_given_a_stored_answer_then_it_expires_after_30_days(funded: None) -> None:
    post_order(order_body(), key="ttl")
    record = _record(PRODUCTION_SCOPE, "ttl")
    assert record["state"] == "COMPLETED"
    assert int(record["status_code"]) == 200
    assert int(record["expires_at"]) - idempotency.TTL_SECONDS == pytest.approx(time.time(), abs=60)


def test_given_an_overlong_key_then_400_bad_request(funded: None) -> None:
    status, body, _ = post_order(order_body(), key="k" * 256)
    assert (status, body["type"]) == (400, "bad_request")
