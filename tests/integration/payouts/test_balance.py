"""GET /v2/balance and the operator's `balance top-up | show | check` (balance = sum of ledger movements)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from devtools.seed import SeedContext, run
from runa.core import aws as aws_clients
from runa.core.settings import get_settings
from runa.payouts.data import balances
from runa_ops.admin.__main__ import main as admin
from tests.integration.payouts.orders_support import (
    PLAYGROUND_CALLER,
    PRODUCTION_SCOPE,
    get_balance,
    order_body,
    post_order,
    top_up,
)


def test_given_no_money_then_balance_of_a_currency_is_zero_and_the_list_is_empty(aws: Any) -> None:
    assert get_balance("USD") == (200, {"balance": "0.00", "currency": "USD"})
    assert get_balance() == (200, [])


def test_given_balances_then_the_list_holds_every_positive_one_in_currency_order(aws: Any) -> None:
    top_up("10.00", "USD")
    top_up("8.50", "GBP")

    assert get_balance() == (200, [{"balance": "8.50", "currency": "GBP"}, {"balance": "10.00", "currency": "USD"}])
    assert get_balance("GBP") == (200, {"balance": "8.50", "currency": "GBP"})


def test_given_a_production_balance_then_the_playground_key_does_not_see_it(aws: Any) -> None:
    top_up("10.00", "USD")
    assert get_balance(caller=PLAYGROUND_CALLER) == (200, [])


@pytest.mark.parametrize("currency", ["usd", "US", "DOLLARS"])
def test_given_a_malformed_currency_then_400_bad_request(aws: Any, currency: str) -> None:
    status, body = get_balance(currency)
    assert (status, body["type"]) == (400, "bad_request")


def test_given_the_admin_tool_when_topping_up_then_balance_and_ledger_move_together(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--env", "production", "--account", "acme"]

    assert admin(["balance", "top-up", *base, "--currency", "USD", "--amount", "1000.00"]) == 0
    assert admin(["balance", "top-up", *base, "--currency", "USD", "--amount", "0.50"]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed[-1] == {
        "environment": "production",
        "account": "acme",
        "currency": "USD",
        "added": "0.50",
        "balance": "1000.50",
    }
    assert get_balance("USD")[1]["balance"] == "1000.50"
    assert [m.amount for m in balances.list_movements(PRODUCTION_SCOPE, "USD")] == [
        Decimal("1000.00"),
        Decimal("0.50"),
    ]

    assert admin(["balance", "show", *base]) == 0
    assert json.loads(capsys.readouterr().out) == {"currency": "USD", "balance": "1000.50"}


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc", "2000000"])
def test_given_a_bad_amount_then_the_admin_tool_refuses_it(aws: Any, amount: str) -> None:
    with pytest.raises(SystemExit):
        admin(
            ["balance", "top-up", "--env", "production", "--account", "acme", "--currency", "USD", "--amount", amount]
        )
    assert get_balance() == (200, [])


def test_given_orders_and_top_ups_then_check_says_balance_equals_the_ledger(
    catalogue: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    top_up("100.00", "USD")
    top_up("50.00", "EUR")
    post_order(order_body(), key="a")
    post_order(order_body(), key="b")

    assert admin(["balance", "check", "--env", "production", "--account", "acme"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"currency": "EUR", "balance": "50.00", "ledger": "50.00", "ok": True},
        {"currency": "USD", "balance": "81.20", "ledger": "81.20", "ok": True},
    ]


def test_given_a_balance_changed_outside_a_transaction_then_check_fails(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    top_up("100.00", "USD")
    aws_clients.table(get_settings().accounts_table).update_item(
        Key=balances.balance_key(PRODUCTION_SCOPE, "USD"),
        UpdateExpression="SET balance = :tampered",
        ExpressionAttributeValues={":tampered": Decimal("150.00")},
    )

    assert admin(["balance", "check", "--env", "production", "--account", "acme"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_given_the_local_api_seed_then_the_production_key_can_order_and_the_ledger_agrees(aws: Any) -> None:
    run(SeedContext(env={}))

    assert get_balance() == (
        200,
        [{"balance": "1000.00", "currency": "EUR"}, {"balance": "1000.00", "currency": "USD"}],
    )
    status, body, _ = post_order(order_body())
    assert (status, body["status"]) == (200, "COMPLETED")
    assert get_balance("USD")[1]["balance"] == "990.60"
    assert admin(["balance", "check", "--env", "production", "--account", "acme"]) == 0
