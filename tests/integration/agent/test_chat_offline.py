"""POST /v1/chat with the offline engine: sessions, product scoping, validation, and a real tool round trip to a
loopback tool server (signed request, reply quoting the result, stored turn)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from runa.agent.logic.offline import NOTHING
from runa.core.sealing import verify_tool_call
from tests.integration.agent.conftest import (
    OTHER_PRODUCT,
    PRODUCT,
    ToolServer,
    agent_caller,
    call,
    chat,
    chat_handler,
    conversation,
    register_tool,
)

NOTHING_SET_UP = (
    "Hello! I'm this product's assistant, but nothing is set up for me yet: no tools to act with and no knowledge to "
    "answer from, so I can't help with much right now."
)


def _list_total(context: Any) -> int:
    total: int = call(chat_handler, "GET", "/v1/conversations", context).body["total"]
    return total


def test_given_no_tools_nor_knowledge_when_chatting_then_a_new_session_and_a_plain_no_answer(
    aws: Any, lambda_context: Any
) -> None:
    answer = chat(lambda_context, "What is the meaning of life?")

    assert answer.status == 200
    assert answer.body["sessionId"].startswith("sess_")
    assert answer.body["id"].startswith("msg_")
    assert answer.body["reply"] == NOTHING
    assert answer.body["toolCalls"] == []
    assert answer.body["citations"] == []
    assert answer.body["usage"] == {"inputTokens": 0, "outputTokens": 0, "totalTokens": 0, "engine": "offline"}


def test_given_a_session_when_chatting_again_then_the_turns_are_stored_in_order(aws: Any, lambda_context: Any) -> None:
    first = chat(lambda_context, "hello there")
    session_id = first.body["sessionId"]

    second = chat(lambda_context, "and again", sessionId=session_id)

    assert second.status == 200
    assert second.body["sessionId"] == session_id
    stored = conversation(lambda_context, session_id)
    assert stored.status == 200
    assert [(m["role"], m["content"]) for m in stored.body["messages"]] == [
        ("user", "hello there"),
        ("assistant", NOTHING_SET_UP),
        ("user", "and again"),
        ("assistant", NOTHING),
    ]
    assert stored.body["messages"][3]["id"] == second.body["id"]


def test_given_another_product_in_the_body_then_403_forbidden(aws: Any, lambda_context: Any) -> None:
    answer = chat(lambda_context, "hi", productId=OTHER_PRODUCT)

    assert answer.status == 403
    assert answer.body["type"] == "forbidden"
    assert set(answer.body) == {"type", "message", "help"}


def test_given_a_key_without_a_product_then_403_forbidden(aws: Any, lambda_context: Any) -> None:
    answer = chat(lambda_context, "hi", caller=agent_caller(product=None), productId=PRODUCT)

    assert answer.status == 403
    assert answer.body["type"] == "forbidden"


def test_given_a_session_id_of_the_clients_choosing_then_it_starts_that_conversation_and_continues_it(
    aws: Any, lambda_context: Any
) -> None:
    # Given the seed's own request: a sessionId the client names, which does not exist yet
    first = chat(lambda_context, "Show me last month's revenue", sessionId="sess_xyz")
    second = chat(lambda_context, "and the month before?", sessionId="sess_xyz")

    # Then the first turn starts a conversation with exactly that id, and the second continues it
    assert (first.status, first.body["sessionId"]) == (200, "sess_xyz")
    assert (second.status, second.body["sessionId"]) == (200, "sess_xyz")
    stored = conversation(lambda_context, "sess_xyz").body
    assert stored["id"] == "sess_xyz"
    assert [m["content"] for m in stored["messages"] if m["role"] == "user"] == [
        "Show me last month's revenue",
        "and the month before?",
    ]


def test_given_two_products_with_the_same_session_id_then_they_never_meet(aws: Any, lambda_context: Any) -> None:
    other = agent_caller(product=OTHER_PRODUCT)
    chat(lambda_context, "secret plans", caller=other, sessionId="support-42")

    mine = chat(lambda_context, "where is my parcel?", sessionId="support-42")

    # Same id, another product: a separate conversation, which does not see the other's history.
    assert (mine.status, mine.body["sessionId"]) == (200, "support-42")
    messages = conversation(lambda_context, "support-42").body["messages"]
    assert [(m["role"], m["content"]) for m in messages if m["role"] == "user"] == [("user", "where is my parcel?")]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    owner_view = conversation(lambda_context, "support-42", caller=other).body["messages"]
    assert [(m["role"], m["content"]) for m in owner_view if m["role"] == "user"] == [("user", "secret plans")]
    assert [m["role"] for m in owner_view] == ["user", "assistant"]


@pytest.mark.parametrize(
    "session_id",
    ["x", "a" * 101, "../../etc", "sess#1", "-leading-dash", "sess xyz", "sess_é"],
    ids=["too-short", "too-long", "path", "hash", "leading-dash", "space", "non-ascii"],
)
def test_given_a_session_id_of_the_wrong_shape_then_422_naming_it(
    aws: Any, lambda_context: Any, session_id: str
) -> None:
    answer = chat(lambda_context, "hi", sessionId=session_id)

    assert (answer.status, answer.body["type"]) == (422, "validation_error")
    assert answer.body["details"][0]["location"] == ["body", "sessionId"]
    assert _list_total(lambda_context) == 0


def test_given_bad_bodies_then_422_validation_error_with_details(aws: Any, lambda_context: Any) -> None:
    missing = call(chat_handler, "POST", "/v1/chat", lambda_context, body={"productId": PRODUCT})
    too_long = chat(lambda_context, "x" * 8001)
    bad_session = chat(lambda_context, "hi", sessionId="../../etc")

    for answer in (missing, too_long, bad_session):
        assert answer.status == 422
        assert answer.body["type"] == "validation_error"
    assert missing.body["details"][0]["location"] == ["body", "message"]
    assert too_long.body["details"][0]["location"] == ["body", "message"]
    assert "8000" in too_long.body["details"][0]["message"]
    assert bad_session.body["details"][0]["location"] == ["body", "sessionId"]


def test_given_a_registered_tool_when_asking_for_revenue_then_the_tool_is_called_signed_and_quoted(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    created = register_tool(lambda_context, tool_server.url("/revenue?currency=EUR"))
    secret = created.body["secret"]

    answer = chat(lambda_context, "Show me last month's revenue")

    assert answer.status == 200
    assert answer.body["reply"] == (
        "Here is what get_revenue returned: period: last month; revenue: 12345.67; currency: EUR"
    )
    [tool_call] = answer.body["toolCalls"]
    assert tool_call["name"] == "get_revenue"
    assert tool_call["toolId"] == created.body["id"]
    assert tool_call["arguments"] == {"period": "last month"}
    assert tool_call["status"] == "success"
    assert tool_call["result"] == {"period": "last month", "revenue": "12345.67", "currency": "EUR"}
    [request] = tool_server.requests
    assert request.method == "GET"
    assert parse_qs(urlsplit(request.path).query) == {"currency": ["EUR"], "period": ["last month"]}
    assert request.headers["X-Runa-Tool-Id"] == created.body["id"]
    assert verify_tool_call(secret, request.headers, "GET", request.path, request.body)
    assert not verify_tool_call("tsk_wrong", request.headers, "GET", request.path, request.body)
    stored = conversation(lambda_context, answer.body["sessionId"]).body["messages"]
    assert [m["role"] for m in stored] == ["user", "assistant"]
    assert stored[1]["toolCalls"][0]["result"]["revenue"] == "12345.67"


def test_given_a_post_tool_then_arguments_travel_as_a_signed_json_body(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    created = register_tool(lambda_context, tool_server.url("/revenue"), method="POST")

    chat(lambda_context, "Show me last month's revenue")

    [request] = tool_server.requests
    assert request.method == "POST"
    assert json.loads(request.body) == {"period": "last month"}
    assert request.headers["Content-Type"] == "application/json"
    assert verify_tool_call(created.body["secret"], request.headers, "POST", "/revenue", request.body)


def test_given_a_failing_tool_then_the_chat_still_answers_with_the_error(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    tool_server.reply = lambda _: (500, {"Content-Type": "text/plain"}, b"database down")
    register_tool(lambda_context, tool_server.url("/revenue"))

    answer = chat(lambda_context, "Show me last month's revenue")

    assert answer.status == 200
    assert answer.body["toolCalls"][0]["status"] == "error"
    assert answer.body["toolCalls"][0]["result"] == "The tool answered HTTP 500: database down"
    assert answer.body["reply"] == "I called get_revenue, but it failed: The tool answered HTTP 500: database down"


def test_given_a_tool_that_redirects_to_a_private_address_then_the_hop_is_refused(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    tool_server.reply = lambda _: (302, {"Location": "http://10.0.0.7/admin"}, b"")
    register_tool(lambda_context, tool_server.url("/revenue"))

    answer = chat(lambda_context, "Show me last month's revenue")

    assert answer.status == 200
    [tool_call] = answer.body["toolCalls"]
    assert tool_call["status"] == "error"
    assert "not allowed" in tool_call["result"]
    assert "private address" in tool_call["result"]
    assert len(tool_server.requests) == 1


def test_given_arguments_that_break_the_schema_then_the_tool_is_not_called(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(
        lambda_context,
        tool_server.url("/customers"),
        name="top_customers",
        description="Lists the top customers by revenue",
        parameters={
            "type": "object",
            "properties": {"limit": {"type": "integer", "minimum": 1, "maximum": 50}},
            "required": ["limit"],
        },
    )

    answer = chat(lambda_context, "Show the top customers, limit=500")

    assert answer.status == 200
    assert answer.body["toolCalls"] == []
    assert answer.body["reply"] == (
        "I can do that with top_customers, but limit is not valid: 500 is greater than the maximum of 50. "
        "Say it like limit=...."
    )
    assert tool_server.requests == []


def test_given_a_required_argument_the_message_lacks_then_the_agent_asks_for_it(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/revenue"))

    answer = chat(lambda_context, "What is our revenue?")

    assert answer.body["toolCalls"] == []
    assert answer.body["reply"] == (
        "I can do that with get_revenue, but I need period (The period, e.g. last month). Say it like period=...."
    )
    assert tool_server.requests == []


def test_given_a_follow_up_in_the_same_session_then_the_agent_remembers_the_tool(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/revenue"))
    first = chat(lambda_context, "Show me last month's revenue")

    follow_up = chat(lambda_context, "and last year?", sessionId=first.body["sessionId"])
    fresh = chat(lambda_context, "and last year?")

    assert [c["arguments"] for c in follow_up.body["toolCalls"]] == [{"period": "last year"}]
    assert follow_up.body["reply"].startswith("Here is what get_revenue returned")
    assert (fresh.body["toolCalls"], fresh.body["reply"]) == ([], NOTHING)
    assert [urlsplit(r.path).query for r in tool_server.requests] == ["period=last+month", "period=last+year"]


def test_given_a_huge_tool_result_then_it_is_kept_bounded(tool_server: ToolServer, lambda_context: Any) -> None:
    big = json.dumps({"rows": ["x" * 100] * 400}).encode()  # ~41 KB, under the 64 KB read cap
    tool_server.reply = lambda _: (200, {"Content-Type": "application/json"}, big)
    register_tool(lambda_context, tool_server.url("/revenue"))

    answer = chat(lambda_context, "Show me last month's revenue")

    result = answer.body["toolCalls"][0]["result"]
    assert isinstance(result, str) and result.endswith("…(truncated)")
    assert len(result) == 16_000 + len(" …(truncated)")
    stored = conversation(lambda_context, answer.body["sessionId"]).body["messages"][1]["toolCalls"][0]
    assert stored["result"] == result


def test_given_a_tool_answer_over_the_byte_cap_then_an_error_result(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    tool_server.reply = lambda _: (200, {"Content-Type": "application/json"}, b'"' + b"y" * 70_000 + b'"')
    register_tool(lambda_context, tool_server.url("/revenue"))

    answer = chat(lambda_context, "Show me last month's revenue")

    assert answer.status == 200
    assert answer.body["toolCalls"][0]["status"] == "error"
    assert "too_large" in answer.body["toolCalls"][0]["result"]


CUSTOMER_TOOL = {
    "name": "find_customer",
    "description": "Finds a customer account by e-mail address",
    "method": "POST",
    "parameters": {
        "type": "object",
        "properties": {"email": {"type": "string", "format": "email"}},
        "required": ["email"],
    },
}
ORDER_TOOL = {
    "name": "where_is_order",
    "description": "Tracks the delivery of an order",
    "method": "POST",
    "parameters": {
        "type": "object",
        "properties": {
            "order_ref": {
                "type": "string",
                "pattern": "^RX-[0-9]{6}$",
                "description": "Order reference, like RX-004512",
            }
        },
        "required": ["order_ref"],
    },
}


def test_given_tools_with_schemas_then_chat_calls_each_with_the_argument_its_schema_describes(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/customers"), **CUSTOMER_TOOL)
    register_tool(lambda_context, tool_server.url("/orders"), **ORDER_TOOL)

    customer = chat(lambda_context, "Please pull up the account of ann@shop.example")
    order = chat(lambda_context, "Any news on RX-004512?")
    missing = chat(lambda_context, "Can you track my order?")

    assert [(c["name"], c["arguments"], c["status"]) for c in customer.body["toolCalls"]] == [
        ("find_customer", {"email": "ann@shop.example"}, "success")
    ]
    assert [(c["name"], c["arguments"]) for c in order.body["toolCalls"]] == [
        ("where_is_order", {"order_ref": "RX-004512"})
    ]
    assert missing.body["toolCalls"] == []
    assert missing.body["reply"] == (
        "I can do that with where_is_order, but I need order_ref (Order reference, like RX-004512). "
        "Say it like order_ref=...."
    )
    assert [(r.path, json.loads(r.body)) for r in tool_server.requests] == [
        ("/customers", {"email": "ann@shop.example"}),
        ("/orders", {"order_ref": "RX-004512"}),
    ]


def test_given_tools_when_greeted_then_the_reply_says_what_this_agent_can_do(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/customers"), **CUSTOMER_TOOL)
    register_tool(lambda_context, tool_server.url("/orders"), **ORDER_TOOL)

    answer = chat(lambda_context, "Hello, what can you do?")

    assert answer.status == 200
    assert answer.body["toolCalls"] == []
    assert answer.body["reply"] == (
        "Hello! I'm this product's assistant. Here is what I can do:\n"
        "- Finds a customer account by e-mail address (find_customer)\n"
        "- Tracks the delivery of an order (where_is_order)\n"
        "What would you like to do?"
    )
    assert tool_server.requests == []
