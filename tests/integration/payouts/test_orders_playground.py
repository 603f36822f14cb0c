"""Playground keys: no balance needed, X-Trigger-Error, X-Send-Email, links on the playground host."""

from __future__ import annotations

from typing import Any

from runa.payouts.data import balances
from tests.integration.payouts.orders_support import (
    PLAYGROUND_CALLER,
    PLAYGROUND_SCOPE,
    get_balance,
    list_orders,
    order_body,
    post_order,
)


def test_given_a_playground_key_without_balance_then_a_sync_order_completes_and_no_money_moves(
    catalogue: Any,
) -> None:
    status, body, _ = post_order(order_body(), caller=PLAYGROUND_CALLER)

    assert (status, body["status"]) == (200, "COMPLETED")
    assert body["items"][0]["payout"]["url"].startswith("https://payouts.playground.runa.io/")
    assert get_balance(caller=PLAYGROUND_CALLER) == (200, [])
    assert balances.list_movements(PLAYGROUND_SCOPE) == []


def test_given_trigger_insufficient_funds_then_400_and_it_is_replayed_for_the_key(catalogue: Any) -> None:
    headers = {"X-Trigger-Error": "insufficient_funds"}
    first = post_order(order_body(), caller=PLAYGROUND_CALLER, headers=headers)

    again = post_order(order_body(), caller=PLAYGROUND_CALLER)

    assert (first[0], first[1]["type"]) == (400, "insufficient_funds")
    assert (again[0], again[1]) == (first[0], first[1])
    assert list_orders(caller=PLAYGROUND_CALLER)[1]["items"] == []


def test_given_trigger_internal_server_error_then_500_not_stored_and_a_retry_succeeds(catalogue: Any) -> None:
    failed = post_order(order_body(), caller=PLAYGROUND_CALLER, headers={"X-Trigger-Error": "internal_server_error"})

    retried = post_order(order_body(), caller=PLAYGROUND_CALLER)

    assert (failed[0], failed[1]["type"]) == (500, "internal_server_error")
    assert (retried[0], retried[1]["status"]) == (200, "COMPLETED")


def test_given_an_unknown_trigger_then_400_bad_request(catalogue: Any) -> None:
    status, body, _ = post_order(order_body(), caller=PLAYGROUND_CALLER, headers={"X-Trigger-Error": "meltdown"})
    assert (status, body["type"]) == (400, "bad_request")


def test_given_a_trigger_on_a_production_key_then_it_is_ignored(catalogue: Any) -> None:
    status, body, _ = post_order(order_body(), headers={"X-Trigger-Error": "internal_server_error"})
    # Production has no test switches: the order runs for real (and fails only for the real reason).
    assert (status, body["type"]) == (400, "payment_method_unavailable")


def test_given_x_send_email_then_it_is_echoed_on_success_and_on_errors(catalogue: Any) -> None:
    ok = post_order(order_body(), caller=PLAYGROUND_CALLER, headers={"X-Send-Email": "false"}, key="e1")
    error = post_order(order_body(), caller=PLAYGROUND_CALLER, headers={"X-Send-Email": "true"}, mode="bad")

    assert (ok[0], ok[2]["X-Send-Email"]) == (200, "false")
    assert (error[0], error[2]["X-Send-Email"]) == (400, "true")
