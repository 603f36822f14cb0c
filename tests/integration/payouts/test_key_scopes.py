"""Key scopes: a key calls the APIs it was made for (payouts = /v2, agent = /v1); anything else is 403 `forbidden`
in the error shape, before the request is acted on. The callers here are what the authorizer puts in the context."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from devtools.functions import load_handler
from tests.conftest import api_event, response_json
from tests.integration.payouts.orders_support import (
    CONTEXT,
    PRODUCTION_CALLER,
    get_balance,
    ledger_sum,
    list_orders,
    order_body,
    post_order,
    top_up,
)

chat_handler = load_handler("functions/agent_chat/")

AGENT_CALLER = {**PRODUCTION_CALLER, "keyId": "k-agent", "productId": "prod_demo", "scopes": "agent"}
# A key made before scopes existed: the authorizer context has no `scopes`; its product makes it an agent key.
LEGACY_AGENT_CALLER = {**PRODUCTION_CALLER, "keyId": "k-old", "productId": "prod_demo"}
BOTH_CALLER = {**PRODUCTION_CALLER, "keyId": "k-both", "productId": "prod_demo", "scopes": "payouts,agent"}


@pytest.fixture
def funded(catalogue: Any) -> None:
    top_up("100.00", "USD")


def _chat(caller: dict[str, str]) -> tuple[int, Any]:
    body = {"productId": "prod_demo", "message": "hello"}
    response = chat_handler(api_event("POST", "/v1/chat", caller=caller, body=body), CONTEXT)
    return response["statusCode"], response_json(response)


@pytest.mark.parametrize("caller", [AGENT_CALLER, LEGACY_AGENT_CALLER], ids=["agent-key", "agent-key-before-scopes"])
def test_given_an_agent_key_when_it_orders_on_v2_then_403_and_no_money_moves(
    funded: None, caller: dict[str, str]
) -> None:
    # When an agent key places a production order (even a malformed one: the scope is checked first)
    status, body, _ = post_order(order_body(), caller=caller)
    bad_status, bad_body, _ = post_order({"items": "nope"}, key="other", caller=caller)

    # Then 403 forbidden in the error shape, and the balance, the ledger and the orders are untouched
    assert status == bad_status == 403
    assert body["type"] == bad_body["type"] == "forbidden"
    assert set(body) == {"type", "message", "help"}
    assert "payouts API" in body["message"]
    assert get_balance("USD") == (200, {"balance": "100.00", "currency": "USD"})
    assert ledger_sum() == Decimal("100.00")
    assert list_orders()[1]["items"] == []
    # Nor may it read the account's balance.
    assert get_balance("USD", caller=caller)[0] == 403


def test_given_a_payouts_key_when_it_chats_on_v1_then_403(aws: Any) -> None:
    status, body = _chat({**PRODUCTION_CALLER, "scopes": "payouts"})
    assert (status, body["type"]) == (403, "forbidden")
    assert "agent API" in body["message"]


def test_given_a_key_made_for_both_then_it_orders_and_chats(funded: None) -> None:
    status, body, _ = post_order(order_body(), caller=BOTH_CALLER)
    assert (status, body["status"]) == (200, "COMPLETED")
    assert get_balance("USD", caller=BOTH_CALLER)[1]["balance"] == "90.60"
    chat_status, answer = _chat({**BOTH_CALLER, "environment": "playground"})
    assert chat_status == 200, answer
    assert answer["reply"]
