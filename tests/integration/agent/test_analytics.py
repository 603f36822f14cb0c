"""/v1/analytics from the per-day counters chat keeps: totals, averages, top intents, date windows, isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from runa.agent.logic.chat import run_chat
from runa.agent.models.chat import ChatRequest
from runa.agent.services import chat as chat_services
from runa.core.caller import caller_from_event
from tests.conftest import api_event
from tests.integration.agent.conftest import (
    OTHER_PRODUCT,
    PRODUCT,
    ToolServer,
    agent_caller,
    analytics_handler,
    call,
    chat,
    register_tool,
)


def _analytics(context: Any, caller: dict[str, str] | None = None, **query: str) -> Any:
    return call(analytics_handler, "GET", "/v1/analytics", context, caller=caller, query=query or None)


def test_given_chats_when_reading_analytics_then_counts_and_top_intents(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/revenue"))
    first = chat(lambda_context, "Show me last month's revenue").body["sessionId"]
    chat(lambda_context, "and this month's revenue?", sessionId=first)
    chat(lambda_context, "hello")
    chat(lambda_context, "Show me last year's revenue")

    answer = _analytics(lambda_context)

    assert answer.status == 200
    today = datetime.now(UTC).date()
    assert answer.body == {
        "conversations": 3,
        "messagesTotal": 8,
        "avgSessionLength": 2.7,
        "topIntents": ["get_revenue", "greeting"],
        "from": (today - timedelta(days=29)).isoformat(),
        "to": today.isoformat(),
    }


def test_given_activity_on_earlier_days_then_from_and_to_pick_the_window(aws: Any, lambda_context: Any) -> None:
    who = caller_from_event(api_event("POST", "/v1/chat", caller=agent_caller()))
    for day in ("2026-01-10", "2026-01-11", "2026-02-01"):
        ports = chat_services.chat_ports()
        ports.now = lambda day=day: datetime.fromisoformat(f"{day}T12:00:00+00:00")
        run_chat(who, ChatRequest(productId=PRODUCT, message="hello"), ports)

    january = _analytics(lambda_context, **{"from": "2026-01-01", "to": "2026-01-31"})
    one_day = _analytics(lambda_context, **{"from": "2026-02-01", "to": "2026-02-01"})

    assert (january.body["conversations"], january.body["messagesTotal"]) == (2, 4)
    assert (one_day.body["conversations"], one_day.body["topIntents"]) == (1, ["greeting"])


def test_given_bad_windows_then_clear_4xx(aws: Any, lambda_context: Any) -> None:
    backwards = _analytics(lambda_context, **{"from": "2026-02-01", "to": "2026-01-01"})
    too_long = _analytics(lambda_context, **{"from": "2024-01-01", "to": "2026-01-01"})
    not_a_date = _analytics(lambda_context, **{"from": "yesterday"})

    assert (backwards.status, backwards.body["type"]) == (400, "bad_request")
    assert (too_long.status, too_long.body["type"]) == (400, "bad_request")
    assert (not_a_date.status, not_a_date.body["type"]) == (422, "validation_error")


def test_given_another_products_key_then_its_analytics_are_its_own(aws: Any, lambda_context: Any) -> None:
    chat(lambda_context, "hello")

    other = _analytics(lambda_context, caller=agent_caller(product=OTHER_PRODUCT))
    production = _analytics(lambda_context, caller=agent_caller(environment="production"))

    for answer in (other, production):
        assert answer.status == 200
        assert (answer.body["conversations"], answer.body["messagesTotal"], answer.body["topIntents"]) == (0, 0, [])
    assert _analytics(lambda_context).body["conversations"] == 1
