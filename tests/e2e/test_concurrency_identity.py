"""Under concurrent load every request runs as its own caller: nobody is answered, charged or listed as another.

Through the local API over HTTP (authorizer, gateway, worker processes, SQS consumers): a playground account places
async orders while a funded production account places sync orders, and both read their balance and list their
orders, 400 requests on 32 connections at once.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.load import Call, fire, report
from tests.e2e.payouts_load import PRICE, Account

pytestmark = pytest.mark.e2e

CONNECTIONS = 32
A_ORDERS, A_LISTS, A_BALANCES = 100, 50, 50  # playground account A
B_ORDERS, B_LISTS, B_BALANCES = 50, 100, 50  # production account B
A_FUNDS, B_FUNDS = Decimal("777.00"), Decimal("500.00")


def test_given_two_accounts_under_concurrent_load_then_each_request_is_answered_charged_and_listed_as_its_caller(
    local_api: LocalApiProcess,
) -> None:
    # Given two accounts whose balances can never be mistaken for each other
    a = Account.create(local_api, "playground", "identity-a", str(A_FUNDS))
    b = Account.create(local_api, "production", "identity-b", str(B_FUNDS))
    b_possible = {B_FUNDS - PRICE * placed for placed in range(B_ORDERS + 1)}
    assert a.balance() == A_FUNDS and b.balance() == B_FUNDS and A_FUNDS not in b_possible

    # When 400 mixed requests of both run on 32 connections at once
    calls: list[Call] = (
        [a.order_call(f"identity-a-{n}", "async", "a-order") for n in range(A_ORDERS)]
        + [a.list_call("a-list") for _ in range(A_LISTS)]
        + [a.balance_call("a-balance") for _ in range(A_BALANCES)]
        + [b.order_call(f"identity-b-{n}", "sync", "b-order") for n in range(B_ORDERS)]
        + [b.list_call("b-list") for _ in range(B_LISTS)]
        + [b.balance_call("b-balance") for _ in range(B_BALANCES)]
    )
    random.Random(8).shuffle(calls)
    fired = fire(calls, CONNECTIONS)
    report("identity", fired)

    # Then every request was answered, none with a 5xx, each as its own caller
    assert fired.statuses("a-order") == {202: A_ORDERS}
    assert fired.statuses("b-order") == {200: B_ORDERS}
    for tag in ("a-list", "a-balance", "b-list", "b-balance"):
        assert set(fired.statuses(tag)) == {200}, (tag, fired.statuses(tag))
    a_ids = {answer.body["id"] for answer in fired.tagged("a-order")}
    b_ids = {answer.body["id"] for answer in fired.tagged("b-order")}
    assert len(a_ids) == A_ORDERS and len(b_ids) == B_ORDERS
    for answer in fired.tagged("a-list"):
        assert {item["id"] for item in answer.body["items"]} <= a_ids
    for answer in fired.tagged("b-list"):
        assert {item["id"] for item in answer.body["items"]} <= b_ids
    assert {Decimal(answer.body["balance"]) for answer in fired.tagged("a-balance")} == {A_FUNDS}
    assert {Decimal(answer.body["balance"]) for answer in fired.tagged("b-balance")} <= b_possible

    # ...and afterwards each account holds exactly its own orders and money
    assert set(a.orders()) == a_ids
    assert set(b.orders()) == b_ids
    assert a.balance() == A_FUNDS  # playground orders never touch money
    assert b.balance() == B_FUNDS - PRICE * B_ORDERS
    assert b.audit() == {
        "currency": "USD",
        "balance": str(B_FUNDS - PRICE * B_ORDERS),
        "ledger": str(B_FUNDS - PRICE * B_ORDERS),
        "ok": True,
    }
