"""/v1/conversations: newest first with cursors, one conversation in order, delete, and product isolation."""

from __future__ import annotations

from typing import Any

import boto3

from tests.integration.agent.conftest import (
    OTHER_PRODUCT,
    ToolServer,
    agent_caller,
    call,
    chat,
    chat_handler,
    conversation,
    register_tool,
)


def _list(context: Any, caller: dict[str, str] | None = None, **query: str) -> Any:
    return call(chat_handler, "GET", "/v1/conversations", context, caller=caller, query=query or None)


def _delete(context: Any, session_id: str, caller: dict[str, str] | None = None) -> Any:
    return call(
        chat_handler,
        "DELETE",
        f"/v1/conversations/{session_id}",
        context,
        caller=caller,
        resource="/v1/conversations/{conversation_id}",
        path_parameters={"conversation_id": session_id},
    )


def test_given_three_conversations_when_listed_two_at_a_time_then_newest_first_with_a_cursor(
    aws: Any, lambda_context: Any
) -> None:
    sessions = [chat(lambda_context, f"question {n}").body["sessionId"] for n in range(3)]
    chat(lambda_context, "follow-up", sessionId=sessions[0])

    first = _list(lambda_context, limit="2")
    second = _list(lambda_context, limit="2", cursor=first.body["nextCursor"])

    assert first.status == 200
    assert first.body["total"] == 3
    assert [c["id"] for c in first.body["conversations"]] == [sessions[2], sessions[1]]
    assert [c["id"] for c in second.body["conversations"]] == [sessions[0]]
    assert second.body["conversations"][0]["messageCount"] == 4
    assert first.body["conversations"][0]["messageCount"] == 2
    assert first.body["conversations"][0]["startedAt"].endswith("Z")
    assert second.body["nextCursor"] is None


def test_given_no_conversations_then_an_empty_list(aws: Any, lambda_context: Any) -> None:
    assert _list(lambda_context).body == {"conversations": [], "total": 0, "nextCursor": None}


def test_given_bad_paging_then_clear_errors(aws: Any, lambda_context: Any) -> None:
    chat(lambda_context, "one")
    chat(lambda_context, "two")
    foreign_cursor = _list(lambda_context, limit="1").body["nextCursor"]

    garbage = _list(lambda_context, cursor="not-a-cursor")
    stolen = _list(lambda_context, caller=agent_caller(product=OTHER_PRODUCT), cursor=foreign_cursor)
    too_many = _list(lambda_context, limit="1000")

    assert (garbage.status, garbage.body["type"]) == (400, "pagination_error")
    assert (stolen.status, stolen.body["type"]) == (400, "pagination_error")
    assert (too_many.status, too_many.body["type"]) == (422, "validation_error")


def test_given_a_tool_turn_when_read_then_tool_calls_ride_on_the_reply(
    tool_server: ToolServer, lambda_context: Any
) -> None:
    register_tool(lambda_context, tool_server.url("/revenue"))
    session_id = chat(lambda_context, "Show me last month's revenue").body["sessionId"]

    read = conversation(lambda_context, session_id)

    assert read.status == 200
    assert read.body["id"] == session_id
    user, assistant = read.body["messages"]
    assert (user["role"], user["content"], user["toolCalls"]) == ("user", "Show me last month's revenue", None)
    assert assistant["role"] == "assistant"
    assert assistant["content"].startswith("Here is what get_revenue returned")
    assert [c["name"] for c in assistant["toolCalls"]] == ["get_revenue"]
    assert user["timestamp"] <= assistant["timestamp"]


def test_given_a_conversation_when_deleted_then_every_message_is_gone(aws: Any, lambda_context: Any) -> None:
    session_id = chat(lambda_context, "first").body["sessionId"]
    chat(lambda_context, "second", sessionId=session_id)
    kept = chat(lambda_context, "another conversation").body["sessionId"]

    deleted = _delete(lambda_context, session_id)

    assert (deleted.status, deleted.body) == (200, {"deleted": True, "id": session_id})
    assert conversation(lambda_context, session_id).status == 404
    assert _delete(lambda_context, session_id).status == 404
    listed = _list(lambda_context).body
    assert ([c["id"] for c in listed["conversations"]], listed["total"]) == ([kept], 1)
    table = boto3.resource("dynamodb").Table(aws.physical["SessionsTable"])
    assert not [item for item in table.scan()["Items"] if session_id in item["pk"]]
    # The id is free again: using it starts a new conversation that remembers nothing of the deleted one.
    assert chat(lambda_context, "more", sessionId=session_id).status == 200
    restarted = conversation(lambda_context, session_id).body["messages"]
    assert [m["content"] for m in restarted if m["role"] == "user"] == ["more"]


def test_given_another_products_key_then_conversations_are_invisible(aws: Any, lambda_context: Any) -> None:
    session_id = chat(lambda_context, "private").body["sessionId"]

    for intruder in (agent_caller(product=OTHER_PRODUCT), agent_caller(environment="production")):
        assert _list(lambda_context, caller=intruder).body == {"conversations": [], "total": 0, "nextCursor": None}
        assert conversation(lambda_context, session_id, caller=intruder).status == 404
        assert _delete(lambda_context, session_id, caller=intruder).status == 404
    assert conversation(lambda_context, session_id).body["messages"][0]["content"] == "private"


def test_given_an_id_that_cannot_exist_then_404_without_touching_the_table(aws: Any, lambda_context: Any) -> None:
    absurd = "sess_" + "x" * 3000

    assert conversation(lambda_context, absurd).status == 404
    assert _delete(lambda_context, "../../etc/passwd").status == 404


def test_given_exactly_a_page_of_conversations_then_no_cursor_to_an_empty_page(aws: Any, lambda_context: Any) -> None:
    for n in range(2):
        chat(lambda_context, f"question {n}")

    page = _list(lambda_context, limit="2").body

    assert (len(page["conversations"]), page["nextCursor"]) == (2, None)


def test_given_a_long_conversation_when_read_in_pages_then_whole_turns_in_order(aws: Any, lambda_context: Any) -> None:
    session_id = chat(lambda_context, "turn 0").body["sessionId"]
    for n in (1, 2):
        chat(lambda_context, f"turn {n}", sessionId=session_id)
    pages, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        answer = call(
            chat_handler,
            "GET",
            f"/v1/conversations/{session_id}",
            lambda_context,
            query=query,
            resource="/v1/conversations/{conversation_id}",
            path_parameters={"conversation_id": session_id},
        )
        assert answer.status == 200
        pages.append([m["content"] for m in answer.body["messages"] if m["role"] == "user"])
        cursor = answer.body["nextCursor"]
        if not cursor:
            break

    assert pages == [["turn 0"], ["turn 1"], ["turn 2"]]
    assert [m["role"] for m in conversation(lambda_context, session_id).body["messages"]] == ["user", "assistant"] * 3


def test_given_a_cursor_that_is_not_a_message_position_then_400(aws: Any, lambda_context: Any) -> None:
    session_id = chat(lambda_context, "one").body["sessionId"]
    chat(lambda_context, "two")
    list_cursor = _list(lambda_context, limit="1").body["nextCursor"]

    answer = call(
        chat_handler,
        "GET",
        f"/v1/conversations/{session_id}",
        lambda_context,
        query={"cursor": list_cursor},
        resource="/v1/conversations/{conversation_id}",
        path_parameters={"conversation_id": session_id},
    )

    assert (answer.status, answer.body["type"]) == (400, "pagination_error")
