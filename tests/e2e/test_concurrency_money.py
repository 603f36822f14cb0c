"""Money stays exact under a race: 200 concurrent orders against a balance that covers exactly N of them.

Through the local API over HTTP. The balance covers N orders and a remainder smaller than one price; exactly N
orders are accepted, every other answer is `insufficient_funds` and leaves nothing behind, the balance never
goes below zero, and the ledger audit (`runa-admin balance check`) agrees with the balance.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.load import fire, report
from tests.e2e.payouts_load import PRICE, Account

pytestmark = pytest.mark.e2e

ORDERS = 200
BALANCE_READS = 40
CONNECTIONS = 200
COVERED = 20
REMAINDER = Decimal("5.00")  # less than one price
FUNDS = PRICE * COVERED + REMAINDER


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_given_a_balance_covering_n_orders_when_200_race_then_exactly_n_are_accepted_and_the_ledger_agrees(
    local_api: LocalApiProcess, mode: str
) -> None:
    # Given a production account funded for exactly COVERED orders (and a remainder)
    account = Account.create(local_api, "production", f"money-{mode}", str(FUNDS))
    possible = {FUNDS - PRICE * placed for placed in range(COVERED + 1)}

    # When 200 orders (and balance reads) race, all at once
    calls = [account.order_call(f"money-{mode}-{n}", mode) for n in range(ORDERS)]
    calls += [account.balance_call() for _ in range(BALANCE_READS)]
    fired = fire(calls, CONNECTIONS)
    report(f"money {mode}", fired)

    # Then exactly COVERED orders are accepted and every other answer is insufficient_funds
    accepted_status = 200 if mode == "sync" else 202
    assert fired.statuses("order") == {accepted_status: COVERED, 400: ORDERS - COVERED}
    refused = [answer for answer in fired.tagged("order") if answer.status == 400]
    assert {answer.type for answer in refused} == {"insufficient_funds"}
    accepted = {answer.body["id"] for answer in fired.tagged("order") if answer.status == accepted_status}
    assert len(accepted) == COVERED

    # ...the balance never went below zero while they raced (every read is one of the possible balances)
    assert fired.statuses("balance") == {200: BALANCE_READS}
    assert {Decimal(answer.body["balance"]) for answer in fired.tagged("balance")} <= possible

    # ...a refused request left no order behind: the account lists exactly the accepted ones
    assert set(account.orders()) == accepted

    # ...every accepted order ends COMPLETED, or FAILED with its money back exactly once
    def settled() -> dict[str, str] | None:
        statuses = {order_id: order["status"] for order_id, order in account.orders().items()}
        return statuses if all(status in ("COMPLETED", "FAILED") for status in statuses.values()) else None

    final = local_api.eventually(settled, timeout=120)
    completed = sum(1 for status in final.values() if status == "COMPLETED")
    expected = FUNDS - PRICE * completed
    assert expected >= 0
    assert account.balance() == expected
    assert account.audit() == {"currency": "USD", "balance": str(expected), "ledger": str(expected), "ok": True}
