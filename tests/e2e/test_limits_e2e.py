"""Per-account limits through the local API, as deployed: past its plan's rate a client gets API Gateway's 429
{"error": "rate exceeded"} (with X-Request-Id) before any function runs; other accounts are unaffected."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess

pytestmark = pytest.mark.e2e

TIMEOUT = 30


def test_given_a_client_over_its_plans_rate_then_429_rate_exceeded_and_others_still_pass(
    local_api: LocalApiProcess,
) -> None:
    key = local_api.create_key("playground", "e2e-limits")  # the standard plan: 10 per second, bursts of 20
    ping = local_api.url("/v2/ping")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: requests.get(ping, headers={"X-Api-Key": key}, timeout=TIMEOUT), range(60)))

    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {200, 429}, statuses
    assert statuses.count(200) >= 20  # the burst passes
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert refused.json() == {"error": "rate exceeded"}
    assert refused.headers["X-Request-Id"]
    # Another account has its own allowance.
    other = requests.get(ping, headers={"X-Api-Key": local_api.playground_key}, timeout=TIMEOUT)
    assert other.status_code == 200


def test_given_an_account_moved_to_a_roomier_plan_then_the_same_burst_passes(local_api: LocalApiProcess) -> None:
    key = local_api.create_key("playground", "e2e-limits-scale")
    assert '"plan": "scale"' in local_api.admin(
        "limits", "set", "--env", "playground", "--account", "e2e-limits-scale", "--plan", "scale"
    )
    ping = local_api.url("/v2/ping")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: requests.get(ping, headers={"X-Api-Key": key}, timeout=TIMEOUT), range(60)))

    assert {answer.status_code for answer in answers} == {200}


def test_gateway_made_answers_carry_x_request_id(local_api: LocalApiProcess) -> None:
    no_key = requests.get(local_api.url("/v2/ping"), timeout=TIMEOUT)
    no_route = requests.get(local_api.url("/v2/nowhere"), timeout=TIMEOUT)

    assert (no_key.status_code, no_route.status_code) == (401, 404)
    assert no_key.headers["X-Request-Id"] == no_key.headers["x-amzn-RequestId"]
    assert no_route.headers["X-Request-Id"]
