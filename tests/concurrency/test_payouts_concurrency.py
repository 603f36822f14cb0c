"""Money and idempotency under concurrency, against a moto server (see conftest.py for why it is serialised).

The API runs in WORKERS processes (see workers.py for why not threads); consumers run in threads, each with its
own copy of the function. Every test uses its own account, so they share one server without sharing data.
"""

from __future__ import annotations

import json
import multiprocessing
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from devtools.infra import Infra
from runa.core import aws
from runa.payouts.data import balances
from runa.payouts.data import orders as order_store
from tests.concurrency import workers
from tests.concurrency.conftest import PerThread
from tests.conftest import FakeLambdaContext
from tests.order_bodies import item, order_body

CONTEXT = FakeLambdaContext()
# SKY-US has a 6% discount: a 10.00 gift card costs 9.40.
BODY = order_body(item("SKY-US", 10))
PRICE = Decimal("9.40")
# This machine has few cores; 8 processes already put many requests in flight at once against one balance.
WORKERS = 8


class Account:
    def __init__(self) -> None:
        self.id = f"acct-{uuid.uuid4().hex[:8]}"
        self.scope = f"production#{self.id}"
        self.caller = {"accountId": self.id, "environment": "production", "keyId": "k-prod"}

    def orders(self) -> list[order_store.OrderRecord]:
        return order_store.list_orders(self.scope, limit=500, direction=None, key=None).orders

    def movements(self, kind: str | None = None) -> list[balances.Movement]:
        return [m for m in balances.list_movements(self.scope, "USD") if kind is None or m.kind == kind]

    def balance(self) -> Decimal:
        return balances.get_balance(self.scope, "USD")


@pytest.fixture
def account(moto_server: Infra) -> Account:
    return Account()


@pytest.fixture(scope="module")
def api_processes(moto_server: Infra) -> Iterator[ProcessPoolExecutor]:
    """WORKERS processes, each one "Lambda container" of the orders function, pointed at the moto server."""
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert all(pool.map(workers.warm, range(WORKERS * 2)))
        yield pool


def _post_many(pool: ProcessPoolExecutor, account: Account, keys: list[str]) -> list[tuple[int, Any]]:
    return list(pool.map(workers.post_order, [(key, BODY, account.caller, "sync") for key in keys], chunksize=1))


def test_given_200_concurrent_orders_on_a_balance_for_50_then_exactly_50_succeed_and_it_ends_at_zero(
    api_processes: ProcessPoolExecutor, account: Account
) -> None:
    balances.top_up(account.scope, "USD", PRICE * 50)

    results = _post_many(api_processes, account, [f"key-{i}" for i in range(200)])

    assert Counter(status for status, _ in results) == {200: 50, 400: 150}
    assert {body["type"] for status, body in results if status == 400} == {"insufficient_funds"}
    assert account.balance() == Decimal("0.00")
    assert len(account.orders()) == 50
    assert len(account.movements(balances.ORDER_DEBIT)) == 50
    # Never below zero: the ledger's running total, in time order, stays >= 0 throughout.
    running = Decimal(0)
    for movement in account.movements():
        running += movement.amount
        assert running >= 0
    assert running == Decimal("0.00")


def test_given_50_concurrent_requests_with_one_key_then_one_order_one_debit_and_identical_answers(
    api_processes: ProcessPoolExecutor, account: Account
) -> None:
    balances.top_up(account.scope, "USD", Decimal("100.00"))

    results = _post_many(api_processes, account, ["one-key"] * 50)

    ok = [body for status, body in results if status == 200]
    refused = [(status, body["type"]) for status, body in results if status != 200]
    assert ok, "the request that claimed the key answers 200"
    assert all(body == ok[0] for body in ok)  # later ones replay the stored answer
    assert set(refused) <= {(400, "idempotency_in_progress")}
    assert [order.id for order in account.orders()] == [ok[0]["id"]]
    assert len(account.movements(balances.ORDER_DEBIT)) == 1
    assert account.balance() == Decimal("100.00") - PRICE


def _queued(account: Account, order_id: str, message_id: str = "m-1") -> list[dict[str, Any]]:
    """The OrdersQueue message the outbox relay sends for an accepted order, as an SQS event record (the relay is
    proven in tests/integration; here the consumers race each other)."""
    return [
        {
            "messageId": message_id,
            "receiptHandle": f"rh-{message_id}",
            "body": json.dumps({"scope": account.scope, "order_id": order_id}),
            "attributes": {},
            "messageAttributes": {},
            "md5OfBody": "",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:orders",
            "awsRegion": "eu-west-1",
        }
    ]


def test_given_a_consumer_that_crashes_after_the_debit_when_sqs_redelivers_then_one_debit_one_order(
    moto_server: Infra, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    balances.top_up(account.scope, "USD", Decimal("100.00"))
    consumer = PerThread("orders_consumer")
    status, accepted = workers.post_order(("async-1", BODY, account.caller, "async"))
    assert status == 202
    complete = order_store.complete_order

    def complete_then_crash(scope: str, order_id: str, *, completed_at: str) -> Any:
        complete(scope, order_id, completed_at=completed_at)
        raise RuntimeError("the consumer died after the order was settled")

    monkeypatch.setattr(order_store, "complete_order", complete_then_crash)
    with pytest.raises(BatchProcessingError):
        consumer({"Records": _queued(account, accepted["id"])}, CONTEXT)
    monkeypatch.undo()
    # SQS shows the message again, and two consumers get it at once.
    redelivered = _queued(account, accepted["id"])

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda _: consumer({"Records": redelivered}, CONTEXT), range(2)))

    assert outcomes == [{"batchItemFailures": []}] * 2
    (order,) = account.orders()
    assert (order.id, order.status) == (accepted["id"], "COMPLETED")
    assert len(account.movements(balances.ORDER_DEBIT)) == 1
    assert account.balance() == Decimal("100.00") - PRICE


def test_given_racing_consumers_failing_one_order_then_it_is_refunded_exactly_once(
    moto_server: Infra, account: Account
) -> None:
    balances.top_up(account.scope, "USD", Decimal("100.00"))
    consumer = PerThread("orders_consumer")
    _, accepted = workers.post_order(("async-2", BODY, account.caller, "async"))
    records = _queued(account, accepted["id"])
    # The product is pulled before processing, so the order must fail and give its money back.
    table = aws.table(moto_server.physical["ProductsTable"])
    item = table.get_item(Key={"pk": "PRODUCT#SKY-US", "sk": "PRODUCT"})["Item"]
    table.put_item(Item={**item, "doc": json.dumps({**json.loads(item["doc"]), "is_orderable": False})})
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(lambda _: consumer({"Records": records}, CONTEXT), range(8)))
    finally:
        table.put_item(Item=item)

    assert outcomes == [{"batchItemFailures": []}] * 8
    (order,) = account.orders()
    assert (order.id, order.status) == (accepted["id"], "FAILED")
    assert len(account.movements(balances.ORDER_REFUND)) == 1
    assert account.balance() == Decimal("100.00")
