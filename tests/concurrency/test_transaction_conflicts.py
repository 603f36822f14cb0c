"""DynamoDB cancels a transaction that races another on the same item (TransactionConflict); moto never does, so
this stubs the client: the money transaction is retried and its conditions re-checked, never reported as a
failure the client did not cause."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from devtools.infra import Infra
from runa.core.errors import StoreError
from runa.payouts.data import placement, transactions
from runa.payouts.errors import InsufficientFunds
from runa.payouts.logic.records import Debit, OrderRecord, StoredAnswer


def _cancelled(*codes: str) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": code} for code in codes],
        },
        "TransactWriteItems",
    )


class FlakyClient:
    def __init__(self, failures: list[ClientError]) -> None:
        self.failures = failures
        self.calls = 0

    def transact_write_items(self, **_: Any) -> dict[str, Any]:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return {}


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transactions.time, "sleep", lambda _: None)


def _place(monkeypatch: pytest.MonkeyPatch, client: FlakyClient) -> StoredAnswer | None:
    """The order transaction (key answer, order, debit, movement) through a client that cancels as told."""
    monkeypatch.setattr(transactions.dynamodb, "transact_write_items", client.transact_write_items)
    scope = "production#acme"
    order = OrderRecord(
        "O-1", scope, "COMPLETED", "2026-01-01T00:00:00Z", "USD", Decimal("9.40"), Decimal("0.60"), "sync"
    )
    answer = StoredAnswer(scope, "hash", "print", 200, {"id": "O-1"}, expires_at=2_000_000_000, order_id="O-1")
    return placement.place_order(answer, order, Debit("USD", Decimal("9.40")))


def test_given_two_conflicts_then_the_third_attempt_commits(
    aws: Infra, monkeypatch: pytest.MonkeyPatch, no_sleep: None
) -> None:
    client = FlakyClient([_cancelled("None", "None", "TransactionConflict", "None")] * 2)
    assert _place(monkeypatch, client) is None  # placed
    assert client.calls == 3


def test_given_a_conflict_then_an_uncovered_balance_then_insufficient_funds(
    aws: Infra, monkeypatch: pytest.MonkeyPatch, no_sleep: None
) -> None:
    client = FlakyClient(
        [
            _cancelled("None", "None", "TransactionConflict", "None"),
            _cancelled("None", "None", "ConditionalCheckFailed", "None"),
        ]
    )
    with pytest.raises(InsufficientFunds):
        _place(monkeypatch, client)


def test_given_endless_conflicts_then_a_store_error_and_no_false_answer(
    aws: Infra, monkeypatch: pytest.MonkeyPatch, no_sleep: None
) -> None:
    client = FlakyClient([_cancelled("None", "None", "TransactionConflict", "None")] * 10)
    with pytest.raises(StoreError):
        _place(monkeypatch, client)
    assert client.calls == 6
