"""The contracts through the local API over HTTP, as a client sees them:

- the README's payouts walkthrough, every answer validated against the official document (the e2e conftest
  checks every /v2 answer; these tests add what each step must say);
- the agent API seed's request examples, sent verbatim;
- key scopes: an agent key on POST /v2/order gets 403 and moves no money.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.payouts_load import sky_us_order, usd_balance

TIMEOUT = 30
ORDER = sky_us_order(25)


@pytest.mark.e2e
def test_the_readme_payouts_walkthrough_is_valid_against_the_official_document(local_api: LocalApiProcess) -> None:
    # Given a fresh production account with USD 1000.00 (the README's `acme`, made anew so other tests don't matter)
    prod = local_api.create_key("production", "readme-walk")
    local_api.admin(
        "balance",
        "top-up",
        "--env",
        "production",
        "--account",
        "readme-walk",
        "--currency",
        "USD",
        "--amount",
        "1000.00",
    )
    play = local_api.playground_key
    auth = {"X-Api-Key": prod}
    json_auth = {**auth, "Content-Type": "application/json"}

    # When the README's requests are sent (each answer is checked against the document by the e2e conftest)
    catalogue = requests.get(
        local_api.url("/v2/product?countries_redeemable_in=US&limit=5"), headers=auth, timeout=TIMEOUT
    )
    estimate = requests.post(local_api.url("/v2/order/estimate"), json=ORDER, headers=json_auth, timeout=TIMEOUT)
    sync = requests.post(
        local_api.url("/v2/order"),
        json=ORDER,
        timeout=TIMEOUT,
        headers={**json_auth, "X-Idempotency-Key": "demo-1", "X-Execution-Mode": "sync"},
    )
    balance = usd_balance(local_api, prod)
    accepted = requests.post(
        local_api.url("/v2/order"), json=ORDER, timeout=TIMEOUT, headers={**json_auth, "X-Idempotency-Key": "demo-2"}
    )
    processing = requests.get(local_api.url(f"/v2/order/{accepted.json()['id']}"), headers=auth, timeout=TIMEOUT)
    completed = local_api.eventually(
        lambda: (
            (
                r := requests.get(local_api.url(f"/v2/order/{accepted.json()['id']}"), headers=auth, timeout=TIMEOUT)
            ).json()["status"]
            == "COMPLETED"
            and r
        )
    )
    replay = requests.post(
        local_api.url("/v2/order"),
        json=ORDER,
        timeout=TIMEOUT,
        headers={**json_auth, "X-Idempotency-Key": "demo-1", "X-Execution-Mode": "sync"},
    )
    listed = requests.get(local_api.url("/v2/order?limit=10"), headers=auth, timeout=TIMEOUT)
    refused = requests.post(
        local_api.url("/v2/order"),
        json=ORDER,
        timeout=TIMEOUT,
        headers={
            "X-Api-Key": play,
            "X-Idempotency-Key": f"p-{time.time_ns()}",
            "X-Trigger-Error": "insufficient_funds",
        },
    )

    # Then every step answers what the README says, and nothing in any answer breaks the document
    assert catalogue.status_code == 200 and catalogue.json()["catalog"]
    assert (estimate.status_code, estimate.json()["total_price"]) == (200, 23.5)
    assert (sync.status_code, sync.json()["status"], sync.json()["total_price"]) == (200, "COMPLETED", "23.50")
    assert "fx" not in sync.json()["transaction_detail"]["USD"]
    assert balance == "976.50"
    assert (accepted.status_code, accepted.json()["status"]) == (202, "PROCESSING")
    assert processing.status_code == 200
    assert completed.json()["items"][0]["payout"]["url"]
    assert (replay.status_code, replay.json()) == (200, sync.json())
    assert replay.headers["X-Idempotent-Replayed"] == "true"
    assert [order["id"] for order in listed.json()["items"]] == [sync.json()["id"], accepted.json()["id"]]
    assert (refused.status_code, refused.json()["type"]) == (400, "insufficient_funds")
    assert usd_balance(local_api, prod) == "953.00"


@pytest.mark.e2e
def test_an_agent_key_on_post_v2_order_gets_403_and_moves_no_money(local_api: LocalApiProcess) -> None:
    # Given a funded production account and an agent key of the same account
    prod = local_api.create_key("production", "scoped")
    local_api.admin(
        "balance", "top-up", "--env", "production", "--account", "scoped", "--currency", "USD", "--amount", "100.00"
    )
    agent = local_api.create_key("production", "scoped", "prod_scoped")

    # When the agent key places an order, and reads the balance
    order = requests.post(
        local_api.url("/v2/order"),
        json=ORDER,
        timeout=TIMEOUT,
        headers={"X-Api-Key": agent, "X-Idempotency-Key": "scoped-1", "X-Execution-Mode": "sync"},
    )
    balance = requests.get(local_api.url("/v2/balance"), headers={"Authorization": f"Bearer {agent}"}, timeout=TIMEOUT)

    # Then both are 403 forbidden in the error shape, and the money has not moved
    assert (order.status_code, order.json()["type"]) == (403, "forbidden")
    assert set(order.json()) == {"type", "message", "help"}
    assert (balance.status_code, balance.json()["type"]) == (403, "forbidden")
    assert usd_balance(local_api, prod) == "100.00"
    listed = requests.get(local_api.url("/v2/order"), headers={"X-Api-Key": prod}, timeout=TIMEOUT)
    assert listed.json()["items"] == []
    # A key made for both APIs may order and chat.
    both = local_api.admin(
        "keys",
        "create",
        "--env",
        "production",
        "--account",
        "scoped",
        "--product",
        "prod_scoped",
        "--scope",
        "payouts,agent",
    )
    assert '"scopes": ["payouts", "agent"]' in both


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.e2e
def test_the_agent_seeds_request_examples_work_verbatim(local_api: LocalApiProcess) -> None:
    # Given a key of the seed's product
    key = local_api.create_key("playground", "seed-examples", "prod_abc123")
    auth = _bearer(key)

    # When the seed's requests are sent as written
    chat = requests.post(
        local_api.url("/v1/chat"),
        headers=auth,
        timeout=TIMEOUT,
        json={"productId": "prod_abc123", "sessionId": "sess_xyz", "message": "Show me last month's revenue"},
    )
    conversations = requests.get(local_api.url("/v1/conversations"), headers=auth, timeout=TIMEOUT)
    conversation = requests.get(local_api.url("/v1/conversations/sess_xyz"), headers=auth, timeout=TIMEOUT)
    source = requests.post(
        local_api.url("/v1/knowledge"),
        headers=auth,
        timeout=TIMEOUT,
        json={"type": "url", "url": "https://docs.yourproduct.com", "name": "Help Center"},
    )
    sources = requests.get(local_api.url("/v1/knowledge"), headers=auth, timeout=TIMEOUT)
    deleted = requests.delete(local_api.url(f"/v1/knowledge/{source.json()['id']}"), headers=auth, timeout=TIMEOUT)
    analytics = requests.get(local_api.url("/v1/analytics"), headers=auth, timeout=TIMEOUT)

    # Then each answers with the seed's shape
    assert chat.status_code == 200, chat.text
    assert chat.json()["sessionId"] == "sess_xyz"
    assert {"id", "reply", "toolCalls", "sessionId"} <= set(chat.json())
    assert conversations.status_code == 200
    listed: list[dict[str, Any]] = conversations.json()["conversations"]
    assert [(c["id"], c["messageCount"]) for c in listed] == [("sess_xyz", 2)]
    assert conversations.json()["total"] == 1
    assert conversation.json()["id"] == "sess_xyz"
    assert [m["role"] for m in conversation.json()["messages"]] == ["user", "assistant"]
    assert (source.status_code, source.json()["status"], source.json()["name"]) == (202, "indexing", "Help Center")
    assert [(s["id"], s["name"], s["type"]) for s in sources.json()["sources"]] == [
        (source.json()["id"], "Help Center", "url")
    ]
    assert (deleted.status_code, deleted.json()) == (200, {"deleted": True, "id": source.json()["id"]})
    assert {"conversations", "messagesTotal", "avgSessionLength", "topIntents"} <= set(analytics.json())
    assert analytics.json()["conversations"] == 1


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("path", "key_name", "body", "status"),
    [
        ("/v2/order/estimate", "playground", b'{"items": "\xff\xfe"}', 422),
        ("/v2/order/estimate", "playground", b"\xff\xfe\x00{", 400),
        ("/v1/chat", "agent", b'{"productId": "prod_demo", "message": "\xc3\x28"}', 200),
    ],
    ids=["v2-json-with-bad-bytes", "v2-garbage", "v1-json-with-bad-bytes"],
)
def test_a_body_that_is_not_utf8_is_read_as_api_gateway_passes_it(
    local_api: LocalApiProcess, path: str, key_name: str, body: bytes, status: int
) -> None:
    # API Gateway hands a JSON route's body to the function as UTF-8 text, invalid bytes replaced by U+FFFD: JSON
    # around them still parses (a chat message with a replacement character is a message), garbage is a 400.
    headers = {"Authorization": f"Bearer {local_api.keys[key_name]}", "Content-Type": "application/json"}

    answer = requests.post(local_api.url(path), data=body, headers=headers, timeout=TIMEOUT)

    assert answer.status_code == status, answer.text
    if status >= 400:
        assert {"type", "message", "help"} <= set(answer.json())
