"""The daily model-token cap per product on /v1/chat: the turn that crosses it completes, the next is refused
with 429 token_cap_reached until 00:00 UTC, and other products keep chatting."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from runa.core.settings import reset_settings
from tests.conftest import BEDROCK_MODEL_ID as MODEL
from tests.integration.agent.conftest import OTHER_PRODUCT, agent_caller, chat

PRODUCTION = agent_caller(environment="production")


def _answer(text: str, tokens: tuple[int, int]) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": tokens[0], "outputTokens": tokens[1], "totalTokens": sum(tokens)},
        "metrics": {"latencyMs": 42},
    }


def _expected() -> dict[str, Any]:
    return {"modelId": MODEL, "messages": ANY, "system": ANY, "inferenceConfig": ANY}


@pytest.fixture
def cap_of_100(monkeypatch: pytest.MonkeyPatch, bedrock: Stubber) -> Stubber:
    monkeypatch.setenv("CHAT_DAILY_TOKEN_CAP", "100")
    reset_settings()
    return bedrock


def test_given_a_product_past_its_daily_tokens_then_429_until_midnight_and_other_products_go_on(
    cap_of_100: Stubber, lambda_context: Any
) -> None:
    cap_of_100.add_response("converse", _answer("First.", (60, 30)), _expected())
    cap_of_100.add_response("converse", _answer("Crossing.", (20, 10)), _expected())
    cap_of_100.add_response("converse", _answer("Other product.", (5, 5)), _expected())

    first = chat(lambda_context, "one", caller=PRODUCTION)
    crossing = chat(lambda_context, "two", caller=PRODUCTION)
    refused = chat(lambda_context, "three", caller=PRODUCTION)
    other = chat(lambda_context, "hello", caller=agent_caller(environment="production", product=OTHER_PRODUCT))

    assert (first.status, crossing.status) == (200, 200)  # 90 tokens, then 120: the crossing turn completes
    assert refused.status == 429
    assert refused.body["type"] == "token_cap_reached"
    assert 0 < int(refused.headers["Retry-After"]) <= 86400
    assert other.status == 200
    cap_of_100.assert_no_pending_responses()  # the refused turn never reached the model


def test_given_no_cap_then_chat_is_not_counted_against_one(
    monkeypatch: pytest.MonkeyPatch, bedrock: Stubber, lambda_context: Any
) -> None:
    monkeypatch.setenv("CHAT_DAILY_TOKEN_CAP", "0")
    reset_settings()
    for _ in range(2):
        bedrock.add_response("converse", _answer("Fine.", (5000, 5000)), _expected())

    answers = [chat(lambda_context, "go", caller=PRODUCTION) for _ in range(2)]

    assert [answer.status for answer in answers] == [200, 200]
