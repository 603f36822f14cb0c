"""The sample events in events/v1_*.json (what `sam local invoke -e` takes) run through their functions."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from tests.conftest import load_event, response_json
from tests.integration.agent.conftest import analytics_handler, chat_handler, tools_handler


@pytest.mark.parametrize(
    ("name", "handler", "status"),
    [
        ("v1_chat.json", chat_handler, 200),
        ("v1_conversations_list.json", chat_handler, 200),
        ("v1_conversation_get.json", chat_handler, 404),
        ("v1_conversation_delete.json", chat_handler, 404),
        ("v1_tools_create.json", tools_handler, 201),
        ("v1_tools_list.json", tools_handler, 200),
        ("v1_tool_get.json", tools_handler, 404),
        ("v1_tool_delete.json", tools_handler, 404),
        ("v1_analytics.json", analytics_handler, 200),
    ],
)
def test_given_a_sample_event_then_its_function_answers_as_documented(
    aws: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch, name: str, handler: Any, status: int
) -> None:
    # api.yourapp.com must resolve to a public address without touching real DNS.
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))],
    )
    event = load_event(name)

    response = handler(event, lambda_context)

    assert response["statusCode"] == status, response_json(response)
    if status >= 400:
        assert response_json(response)["type"] == "not_found"
