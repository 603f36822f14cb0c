"""X-Idempotency-Key on POST /v2/order: replays, mismatches, racing repeats, 5xx, scoping, crash recovery."""

from __future__ import annotations

import hashlib
import json
import time
from decimal import Decimal
from typing import Any

import pytest

from runa.core import aws as aws_clients
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.data import balances, placement
from runa.payouts.logic import idempotency
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
from tests.outbox import Outbox


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


def test_given_an_async_order_when_replayed_then_202_with_the_same_id_and_one_message(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    first = post_order(order_body(), key="a", mode="async")
    again = post_order(order_body(), key="a", mode="async")
    outbox.relay()

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


def test_given_the_answer_lost_after_the_commit_then_the_order_still_proceeds_and_a_retry_replays_it(
    funded: None, aws: Any, outbox: Outbox
) -> None:
    original = placement.place_order

    def commit_then_lose_the_answer(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        raise StoreError("transaction failed: the answer was lost")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placement, "place_order", commit_then_lose_the_answer)
        failed = post_order(order_body(), key="retry-me", mode="async")
    assert (failed[0], failed[1]["type"]) == (500, "internal_server_error")

    # No retry needed: the committed order reached the queue through the table's stream.
    outbox.relay()
    (queued,) = receive_all(aws.queue_url("OrdersQueue"))
    order_id = json.loads(queued["body"])["order_id"]
    retried = post_order(order_body(), key="retry-me", mode="async")

    assert (retried[0], retried[1]["id"], retried[2]["X-Idempotent-Replayed"]) == (202, order_id, "true")
    assert [order["id"] for order in list_orders()[1]["items"]] == [order_id]
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


def test_given_an_async_order_whose_request_died_right_after_its_commit_then_it_completes_without_a_repeat(
    funded: None, aws: Any, outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    _commit_then_crash(monkeypatch)
    with pytest.raises(Crash):
        post_order(order_body(), key="lost", mode="async")
    monkeypatch.undo()
    order_id = _record(PRODUCTION_SCOPE, "lost")["order_id"]

    outbox.relay()  # the commit is the hand-off: nothing else ran after it
    assert run_consumer(orders_consumer, receive_all(aws.queue_url("OrdersQueue"))) == {"batchItemFailures": []}

    assert get_order(order_id)[1]["status"] == "COMPLETED"
    assert get_balance("USD")[1]["balance"] == "90.60"
    assert post_order(order_body(), key="lost", mode="async")[1] == {"id": order_id, "status": "PROCESSING"}


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
