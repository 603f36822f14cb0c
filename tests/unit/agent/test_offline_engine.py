"""The offline engine: which tool it picks, which arguments it reads, and the replies it writes."""

from __future__ import annotations

from typing import Any

import pytest

from runa.agent.logic.engine import Knowledge, PastTurn, ToolCallRecord, ToolDef, ToolOutcome, TurnInput
from runa.agent.logic.offline import NOTHING, OfflineEngine, fill_arguments, pick_tool, render

REVENUE = ToolDef(
    "tool_1",
    "get_revenue",
    "Fetches revenue data for a given period",
    {"type": "object", "properties": {"period": {"type": "string"}}, "required": ["period"]},
)
USERS = ToolDef(
    "tool_2",
    "lookup_user",
    "Finds a customer account by e-mail",
    {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}, "required": ["email"]},
)
EXPORT = ToolDef(
    "tool_3",
    "export_data",
    "Exports orders as a file",
    {
        "type": "object",
        "properties": {
            "format": {"type": "string", "enum": ["csv", "json"]},
            "limit": {"type": "integer"},
            "since": {"type": "string", "format": "date"},
        },
    },
)
TOOLS = [REVENUE, USERS, EXPORT]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Show me last month's revenue", "get_revenue"),
        ("What were our revenues in Q3?", "get_revenue"),
        ("Look up the user bob@example.com", "lookup_user"),
        ("export my orders as csv", "export_data"),
        ("What's the weather like?", None),
        ("hello", None),
    ],
)
def test_given_a_message_then_the_best_matching_tool_or_none(message: str, expected: str | None) -> None:
    tool = pick_tool(TOOLS, message)

    assert (tool.name if tool else None) == expected


def test_given_values_in_the_message_then_arguments_are_filled_by_type_and_hint() -> None:
    assert fill_arguments(REVENUE, "Show me last month's revenue") == {"period": "last month"}
    assert fill_arguments(USERS, "look up bob.smith+vip@example.co.uk please") == {
        "email": "bob.smith+vip@example.co.uk"
    }
    assert fill_arguments(EXPORT, "export 250 orders as JSON since 2026-01-31") == {
        "format": "json",
        "limit": 250,
        "since": "2026-01-31",
    }
    assert fill_arguments(REVENUE, 'revenue for period="2026 Q3"') == {"period": "2026 Q3"}


def _run(message: str, outcome: ToolOutcome | None = None, knowledge: list[Knowledge] | None = None) -> Any:
    calls: list[tuple[str, dict[str, Any]]] = []

    def call_tool(name: str, arguments: dict[str, Any]) -> ToolOutcome:
        calls.append((name, arguments))
        return outcome or ToolOutcome("success", {"revenue": 10})

    reply = OfflineEngine().run(TurnInput(message, [], TOOLS, knowledge or [], call_tool))
    return reply, calls


def test_given_a_matching_tool_then_it_is_called_once_and_the_reply_quotes_it() -> None:
    reply, calls = _run("Show me last month's revenue")

    assert calls == [("get_revenue", {"period": "last month"})]
    assert reply.reply == "Here is what get_revenue returned: revenue: 10"
    assert reply.tool_calls[0].tool_id == "tool_1"


def test_given_a_failing_tool_then_the_reply_says_so() -> None:
    reply, _ = _run("Show me last month's revenue", ToolOutcome("error", "timeout"))

    assert reply.reply == "I called get_revenue, but it failed: timeout"
    assert reply.tool_calls[0].status == "error"


def test_given_knowledge_then_the_best_passages_are_quoted_and_cited() -> None:
    passages = [
        Knowledge("ks_1", "Help Center", "https://help.example.com/refunds", "Refunds   take\n5 days.", 3.2),
        Knowledge("ks_2", "FAQ", None, "Refunds go to the original card.", 1.1),
        Knowledge("ks_3", "Blog", None, "Third passage", 0.5),
    ]

    reply, calls = _run("How long do refunds take?", knowledge=passages)

    assert calls == []
    assert reply.reply == "From Help Center: Refunds take 5 days.\n\nFrom FAQ: Refunds go to the original card."
    assert [k.source_id for k in reply.used_knowledge] == ["ks_1", "ks_2"]


def test_given_nothing_relevant_then_it_says_so_plainly() -> None:
    reply, calls = _run("What's the weather like?")

    assert (reply.reply, calls, reply.used_knowledge) == (NOTHING, [], [])


def test_rendering_keeps_results_readable_and_short() -> None:
    assert render({"a": 1, "b": "x", "c": [1, 2]}) == "a: 1; b: x; c: [1,2]"
    assert render("word " * 500).endswith("…")
    assert render([1, 2]) == "[1, 2]"


def test_given_a_follow_up_that_only_changes_an_argument_then_the_last_tool_is_called_again() -> None:
    earlier = ToolCallRecord("c1", "export_data", {"format": "csv", "limit": 10}, "success", {"ok": True}, 1)
    history = [PastTurn("export 10 orders as csv", (earlier,), "done")]
    calls: list[tuple[str, dict[str, Any]]] = []

    def call_tool(name: str, arguments: dict[str, Any]) -> ToolOutcome:
        calls.append((name, arguments))
        return ToolOutcome("success", {"ok": True})

    OfflineEngine().run(TurnInput("and as json?", history, TOOLS, [], call_tool))
    OfflineEngine().run(TurnInput("nice weather", history, TOOLS, [], call_tool))

    assert calls == [("export_data", {"format": "json", "limit": 10})]
