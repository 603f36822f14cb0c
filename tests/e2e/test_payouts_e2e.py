"""The payouts walkthrough of docs/payouts.md against the real local API (authorizer, gateway, SQS pollers)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.payouts_load import sky_us_order, usd_balance

pytestmark = pytest.mark.e2e

TIMEOUT = 30
ORDER = sky_us_order(25)


def _order(api: LocalApiProcess, key: str, idempotency_key: str, mode: str | None = None) -> requests.Response:
    headers = {"X-Api-Key": key, "X-Idempotency-Key": idempotency_key}
    if mode:
        headers["X-Execution-Mode"] = mode
    return requests.post(api.url("/v2/order"), json=ORDER, headers=headers, timeout=TIMEOUT)


def test_given_a_new_production_account_when_ordering_sync_and_async_then_money_moves_once_per_order(
    local_api: LocalApiProcess,
) -> None:
    key = local_api.create_key("production", "e2e-payouts")
    local_api.admin(
        "balance",
        "top-up",
        "--env",
        "production",
        "--account",
        "e2e-payouts",
        "--currency",
        "USD",
        "--amount",
        "100.00",
    )

    sync = _order(local_api, key, "e2e-sync", "sync")
    assert sync.status_code == 200
    assert sync.json()["status"] == "COMPLETED"
    assert usd_balance(local_api, key) == "76.50"  # SKY-US: 25.00 at 6% off

    accepted = _order(local_api, key, "e2e-async")
    assert accepted.status_code == 202
    order_id = accepted.json()["id"]

    def completed() -> Any:
        body = requests.get(local_api.url(f"/v2/order/{order_id}"), headers={"X-Api-Key": key}, timeout=TIMEOUT).json()
        return body if body["status"] == "COMPLETED" else None

    assert local_api.eventually(completed)["items"][0]["payout"]["url"].startswith("https://")
    assert usd_balance(local_api, key) == "53.00"

    replay = _order(local_api, key, "e2e-sync", "sync")
    assert (replay.status_code, replay.json()) == (200, sync.json())
    assert replay.headers["X-Idempotent-Replayed"] == "true"
    assert usd_balance(local_api, key) == "53.00"
    assert '"ok": true' in local_api.admin("balance", "check", "--env", "production", "--account", "e2e-payouts")


def test_given_documented_mistakes_then_documented_errors(local_api: LocalApiProcess) -> None:
    key = local_api.playground_key
    bad_mode = _order(local_api, key, "e2e-bad-mode", "later")
    assert (bad_mode.status_code, bad_mode.json()["type"]) == (400, "invalid_execution_mode")
    missing_key = requests.post(local_api.url("/v2/order"), json=ORDER, headers={"X-Api-Key": key}, timeout=TIMEOUT)
    assert (missing_key.status_code, missing_key.json()["type"]) == (400, "bad_request")
    triggered = requests.post(
        local_api.url("/v2/order"),
        json=ORDER,
        headers={"X-Api-Key": key, "X-Idempotency-Key": "e2e-trigger", "X-Trigger-Error": "insufficient_funds"},
        timeout=TIMEOUT,
    )
    assert (triggered.status_code, triggered.json()["type"]) == (400, "insufficient_funds")
    unknown = requests.get(
        local_api.url("/v2/order/O-01H5WQGHKCBB85MQFM68S9KJ5Q"), headers={"X-Api-Key": key}, timeout=TIMEOUT
    )
    assert (unknown.status_code, unknown.json()["type"]) == (404, "not_found")
