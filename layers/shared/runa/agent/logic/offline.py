"""The offline engine: no model, deterministic, so the local API and tests can assert replies word for word.

1. Greetings, "what can you do" and thanks get what this product's agent can do: its tools and knowledge sources
   (`smalltalk`).
2. The router (`routing`) picks the tool the message asks for and reads its arguments by the tool's JSON Schema
   (`arguments`). A tool is called only when its required arguments are there and valid against the schema;
   otherwise the reply asks for what is missing or wrong, and nothing is called, when the message asks to act
   ("refund 20 euros please") or gave one of the tool's values. A question the knowledge answers ("I paid with
   PayPal, when will I see the refund?") gets that answer instead of a request for a payment id.
3. Without a tool, the reply is the sentences of the knowledge passages that answer the question (`answers`),
   with their source cited; when nothing answers, it says so plainly.
Text from tools and knowledge that addresses the assistant is never quoted (`untrusted`).
Memory: when no tool matches but the message supplies an argument of the tool the conversation used last
("...last month's revenue" then "and last year?"), that tool is called again with the earlier arguments updated.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from runa.agent.logic import answers, smalltalk
from runa.agent.logic.engine import EngineReply, PastTurn, TurnInput
from runa.agent.logic.text import squash
from runa.agent.logic.tool_records import ToolCallRecord, ToolDef
from runa.agent.logic.untrusted import withhold

if TYPE_CHECKING:
    from runa.agent.logic.arguments import Checked
    from runa.agent.logic.routing import Route

RESULT_CHARS = 600
NOTHING = (
    "I don't have anything that answers this yet: none of this product's tools matches the question and its "
    "knowledge base has no relevant passage."
)
# Requests to do something, as opposed to questions about how things work.
_REQUEST = re.compile(
    r"^\s*(?:please|(?:can|could|would|will) you|i(?:'d| would) like|i (?:need|want)|let'?s|"
    r"show|find|get|list|give|track|check|look|pull|book|schedule|refund|call|send|open|create|cancel|start|run|"
    r"fetch|export|search|display|issue|make|add|remove|delete|update|change|set|tell me)\b|.*\bplease\b",
    re.IGNORECASE,
)
# Questions about how things work: without a knowledge answer they get "nothing answers", not a request for data.
_HOW_IT_WORKS = re.compile(
    r"^\s*(?:how (?:do|does|can|should|long|often)|can i|could i|may i|do you|does it|is it|is there|"
    r"are there|are you|what happens|why|what(?: is|'s| are) your|where can i|when (?:do|does|will|can|is|are))\b",
    re.IGNORECASE,
)


def follow_up(tools: list[ToolDef], history: list[PastTurn], message: str, today: date) -> Route | None:
    """The conversation's last successful tool with its arguments updated from `message`, when the message
    supplies at least one of them; else None."""
    offered = {tool.name: tool for tool in tools}
    for past in reversed(history):
        calls = [call for call in past.tool_calls if call.status == "success" and call.name in offered]
        if not calls:
            continue
        from runa.agent.logic.arguments import check, extract  # a product with tools only (see _route)
        from runa.agent.logic.routing import Route

        tool = offered[calls[0].name]
        given = extract(tool, message, today).arguments
        if not given:
            return None
        return Route(tool, check(tool, {**calls[0].arguments, **given}), 0, 0)
    return None


def render(value: Any, limit: int = RESULT_CHARS) -> str:
    """A tool result as one readable line: `key: value; ...` for objects, compact JSON for the rest."""
    if isinstance(value, dict):
        parts = [f"{key}: {_scalar(item)}" for key, item in value.items()]
        return squash("; ".join(parts) or "{}", limit)
    if isinstance(value, str):
        return squash(value, limit) or "(empty)"
    return squash(json.dumps(value, ensure_ascii=False), limit)


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def ask_for(tool: ToolDef, checked: Checked) -> str:
    """The reply that asks for the missing or invalid arguments of `tool` (and calls nothing)."""
    properties = tool.parameters.get("properties") or {}
    parts = []
    if checked.missing:
        wanted = []
        for name in checked.missing:
            spec = properties.get(name)
            described = spec.get("description") if isinstance(spec, dict) else None
            wanted.append(f"{name} ({squash(str(described), 80).rstrip('.')})" if described else name)
        parts.append(f"I need {_and(wanted)}")
    for name, problem in checked.invalid.items():
        parts.append(f"{name or 'the arguments'} is not valid: {problem}" if name else problem)
    example = ", ".join(f"{name}=..." for name in [*checked.missing, *checked.invalid] if name)
    hint = f" Say it like {example}." if example else ""
    return f"I can do that with {tool.name}, but {'; and '.join(parts)}.{hint}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class OfflineEngine:
    name: Literal["offline"] = "offline"

    def __init__(self, today: Callable[[], date] = lambda: datetime.now(UTC).date()) -> None:
        self._today = today

    def run(self, turn: TurnInput) -> EngineReply:
        kind = smalltalk.kind_of(turn.message)
        if kind in ("greeting", "capabilities"):
            return EngineReply(
                smalltalk.capabilities(turn.tools, turn.source_names(), greeting=smalltalk.greets(turn.message))
            )
        if kind == "thanks":
            return EngineReply(smalltalk.THANKS_REPLY)

        today = self._today()
        route = self._route(turn.tools, turn.message, today)
        if route is None or not route.checked.ready:
            # "and make the reason damaged": the earlier call's arguments fill what this message lacks.
            remembered = follow_up(turn.tools, turn.history, turn.message, today)
            if remembered is not None and (route is None or remembered.checked.ready):
                route = remembered
        if route is not None and route.checked.ready:
            return self._call(turn, route)
        # Asked to act ("refund 20 euros please"), or gave a value for the tool: ask for the rest.
        if route is not None and (_REQUEST.match(turn.message) or route.score > route.words):
            return EngineReply(ask_for(route.tool, route.checked))
        found = answers.answer(turn.message, turn.knowledge)
        if found is not None:
            return EngineReply(f"From {found.source.name}: {found.text}", used_knowledge=[found.source])
        if route is not None and not _HOW_IT_WORKS.match(turn.message):
            return EngineReply(ask_for(route.tool, route.checked))
        return EngineReply(NOTHING)

    @staticmethod
    def _route(tools: list[ToolDef], message: str, today: date) -> Route | None:
        if not tools:
            return None
        # The router and its argument patterns (dozens of regular expressions) load only for a product with tools.
        from runa.agent.logic.routing import pick

        return pick(tools, message, today)

    def _call(self, turn: TurnInput, route: Route) -> EngineReply:
        tool, arguments = route.tool, route.checked.arguments
        outcome = turn.call_tool(tool.name, arguments)
        record = ToolCallRecord(
            call_id=f"call_{secrets.token_hex(8)}",
            name=tool.name,
            arguments=arguments,
            status=outcome.status,
            result=outcome.result,
            round=1,
            tool_id=tool.tool_id,
        )
        shown, _ = withhold(outcome.result)
        if outcome.status == "success":
            reply = f"Here is what {tool.name} returned: {render(shown)}"
        else:
            reply = f"I called {tool.name}, but it failed: {render(shown)}"
        return EngineReply(reply, tool_calls=[record])
