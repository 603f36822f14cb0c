"""DynamoDB cancels a transaction that races another on the same item (TransactionConflict); moto never does, so
this stubs the client: the money transaction is retried and its conditions re-checked, never reported as a
failure the client did not cause."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from runa.core.errors import StoreError
from runa.payouts.data import balances


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
    monkeypatch.setattr(balances.time, "sleep", lambda _: None)


def _place(monkeypatch: pytest.MonkeyPatch, client: FlakyClient) -> bool:
    monkeypatch.setattr(balances, "_client", lambda: client)
    monkeypatch.setattr(balances, "get_settings", lambda: type("S", (), {"accounts_table": "t"})())
    return balances.place_order(
        {"Put": {}}, scope="production#acme", order_id="O-1", debit=balances.Debit("USD", Decimal("9.40"))
    )


def test_given_two_conflicts_then_the_third_attempt_commits(monkeypatch: pytest.MonkeyPatch, no_sleep: None) -> None:
    client = FlakyClient([_cancelled("None", "TransactionConflict", "None")] * 2)
    assert _place(monkeypatch, client) is True
    assert client.calls == 3


def test_given_a_conflict_then_an_uncovered_balance_then_insufficient_funds(
    monkeypatch: pytest.MonkeyPatch, no_sleep: None
) -> None:
    client = FlakyClient(
        [_cancelled("None", "TransactionConflict", "None"), _cancelled("None", "ConditionalCheckFailed", "None")]
    )
    with pytest.raises(balances.InsufficientFunds):
        _place(monkeypatch, client)


def test_given_endless_conflicts_then_a_store_error_and_no_false_answer(
    monkeypatch: pytest.MonkeyPatch, no_sleep: None
) -> None:
    client = FlakyClient([_cancelled("None", "TransactionConflict", "None")] * 10)
    with pytest.raises(StoreError):
        _place(monkeypatch, client)
    assert client.calls == 6
