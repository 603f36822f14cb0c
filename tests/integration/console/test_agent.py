"""The console's agent pages: an owner reads one product's conversations, knowledge, tools and analytics by day,
refreshes and deletes knowledge sources (audited), and never sees another account's product of the same id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from devtools.functions import load_handler
from tests.conftest import api_event, response_json
from tests.integration.agent.conftest import agent_caller, chat
from tests.integration.console.conftest import Call, owner_claims

knowledge_api = load_handler("functions/agent_knowledge/")
PRODUCT = "prod_console"
ACME = owner_claims("acme", email="ada@acme.example")
OTHER = owner_claims("globex")
CALLER = agent_caller(PRODUCT, environment="production", account="acme")


def _query(**extra: str) -> dict[str, list[str]]:
    return {name: [value] for name, value in {"product_id": PRODUCT, "environment": "production", **extra}.items()}


def _add_text_source(lambda_context: Any) -> str:
    body = {"type": "text", "name": "Shipping FAQ", "content": "# Shipping\nWe ship to 42 countries."}
    response = knowledge_api(api_event("POST", "/v1/knowledge", caller=CALLER, body=body), lambda_context)
    assert response["statusCode"] == 202
    return str(response_json(response)["id"])


def test_given_a_conversation_then_the_owner_reads_it_and_the_day_is_charted(
    console: Call, lambda_context: Any
) -> None:
    # Given: one chat turn with a production agent key of acme's product
    turn = chat(lambda_context, "Hello there", caller=CALLER)
    assert turn.status == 200

    # When
    status, listed = console("GET", "/manage/agent/conversations", claims=ACME, query=_query())
    conversation_id = listed["conversations"][0]["id"]
    _, opened = console(
        "GET",
        "/manage/agent/conversations/{conversation_id}",
        claims=ACME,
        query=_query(),
        path_parameters={"conversation_id": conversation_id},
    )
    _, analytics = console("GET", "/manage/agent/analytics", claims=ACME, query=_query())

    # Then
    assert status == 200 and listed["total"] == 1
    assert [m["role"] for m in opened["messages"]] == ["user", "assistant"]
    assert opened["messages"][0]["content"] == "Hello there"
    assert analytics["summary"]["conversations"] == 1 and analytics["summary"]["messagesTotal"] == 2
    today = datetime.now(UTC).date().isoformat()
    assert len(analytics["days"]) == 30 and analytics["days"][-1] == {"day": today, "conversations": 1, "messages": 2}
    assert all(day["conversations"] == 0 for day in analytics["days"][:-1])


def test_given_another_account_with_the_same_product_id_then_it_sees_nothing(
    console: Call, lambda_context: Any
) -> None:
    chat(lambda_context, "Hello there", caller=CALLER)
    _add_text_source(lambda_context)

    _, listed = console("GET", "/manage/agent/conversations", claims=OTHER, query=_query())
    _, sources = console("GET", "/manage/agent/knowledge", claims=OTHER, query=_query())
    _, analytics = console("GET", "/manage/agent/analytics", claims=OTHER, query=_query())

    assert listed["conversations"] == [] and sources["sources"] == []
    assert analytics["summary"]["conversations"] == 0


def test_given_a_source_when_refreshed_then_deleted_then_each_is_audited(console: Call, lambda_context: Any) -> None:
    # Given
    source_id = _add_text_source(lambda_context)
    _, sources = console("GET", "/manage/agent/knowledge", claims=ACME, query=_query())
    assert [s["id"] for s in sources["sources"]] == [source_id]

    # When
    status, refreshed = console(
        "POST",
        "/manage/agent/knowledge/{source_id}/refresh",
        claims=ACME,
        query=_query(),
        path_parameters={"source_id": source_id},
    )
    deleted_status, _ = console(
        "DELETE",
        "/manage/agent/knowledge/{source_id}",
        claims=ACME,
        query=_query(),
        path_parameters={"source_id": source_id},
    )

    # Then
    assert status == 200 and refreshed["status"] == "indexing"
    assert deleted_status == 200
    assert console("GET", "/manage/agent/knowledge", claims=ACME, query=_query())[1]["sources"] == []
    _, audit = console("GET", "/manage/audit", claims=ACME)
    assert [(e["action"], e["target"], e["detail"]) for e in audit["entries"]] == [
        ("knowledge.delete", source_id, {"environment": "production", "product_id": PRODUCT}),
        ("knowledge.refresh", source_id, {"environment": "production", "product_id": PRODUCT}),
    ]


def test_given_bad_product_or_unknown_source_then_4xx_in_the_error_shape(console: Call) -> None:
    status, body = console("GET", "/manage/agent/tools", claims=ACME, query=_query(product_id="nope"))
    assert status == 422 and body["type"] == "validation_error"

    status, body = console(
        "DELETE",
        "/manage/agent/knowledge/{source_id}",
        claims=ACME,
        query=_query(),
        path_parameters={"source_id": "ks_missing"},
    )
    assert status == 404 and body["type"] == "not_found"


def test_given_no_tools_then_an_empty_list(console: Call) -> None:
    empty = {"tools": [], "nextCursor": None}
    assert console("GET", "/manage/agent/tools", claims=ACME, query=_query()) == (200, empty)


def test_given_a_product_then_the_overview_holds_each_list_and_the_analytics(
    console: Call, lambda_context: Any
) -> None:
    # Given
    chat(lambda_context, "Hello there", caller=CALLER)
    source_id = _add_text_source(lambda_context)

    # When
    status, overview = console("GET", "/manage/agent/overview", claims=ACME, query=_query())

    # Then: what the four list routes answer, in one request
    assert status == 200
    assert overview["conversations"] == console("GET", "/manage/agent/conversations", claims=ACME, query=_query())[1]
    assert [s["id"] for s in overview["knowledge"]["sources"]] == [source_id]
    assert overview["tools"] == console("GET", "/manage/agent/tools", claims=ACME, query=_query())[1]
    assert overview["tools"] == {"tools": [], "nextCursor": None}
    assert overview["analytics"]["summary"]["conversations"] == 1
