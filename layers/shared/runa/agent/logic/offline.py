"""The offline engine: no model, deterministic, so the local API and tests can assert replies word for word.

1. Rank the registered tools by how well the message matches their name (weight 3), description and parameters
   (weight 1 each); the best one with a score of at least `MIN_TOOL_SCORE` is picked (ties: the name first in
   alphabetical order).
2. Fill the arguments it can read from the message: `name=value` / `name: value`, enum values named in the
   message, ISO dates, e-mail addresses, numbers, time phrases ("last month") for period-like parameters and
   quoted text. When a required argument is missing it asks for it instead of calling.
3. Call the tool, then write the reply from the tool's result and the best knowledge passages; when there is
   neither, it says so plainly.
Memory: when no tool matches but the message supplies an argument of the tool the conversation used last
("...last month's revenue" then "and last year?"), that tool is called again with the earlier arguments updated.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any, Literal

from runa.agent.logic.engine import EngineReply, Knowledge, PastTurn, ToolCallRecord, ToolDef, TurnInput
from runa.agent.logic.text import squash, tokens

MIN_TOOL_SCORE = 3
NAME_WEIGHT = 3
MAX_PASSAGES = 2
RESULT_CHARS = 600
SNIPPET_CHARS = 300
NOTHING = (
    "I don't have anything that answers this yet: none of this product's tools matches the question and its "
    "knowledge base has no relevant passage."
)

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.-]*\d)")
_QUOTED = re.compile(r"[\"“]([^\"”]{1,200})[\"”]")
_PERIOD = re.compile(
    r"\b((?:last|this|next|previous|past|current)\s+(?:\d+\s+)?(?:day|week|month|quarter|year)s?"
    r"|today|yesterday|year to date|ytd|month to date|mtd)\b",
    re.IGNORECASE,
)
_PERIOD_WORDS = ("period", "range", "month", "timeframe", "window", "when", "span", "time", "quarter", "year")


def _words(tool: ToolDef) -> tuple[set[str], set[str]]:
    name = set(tokens(tool.name))
    other = set(tokens(tool.description))
    for prop, spec in (tool.parameters.get("properties") or {}).items():
        other.update(tokens(prop))
        if isinstance(spec, dict):
            other.update(tokens(str(spec.get("description", ""))))
            other.update(token for value in spec.get("enum") or [] for token in tokens(str(value)))
    return name, other


def score(tool: ToolDef, message: str) -> int:
    said = set(tokens(message))
    name, other = _words(tool)
    return NAME_WEIGHT * len(name & said) + len(other & said)


def pick_tool(tools: list[ToolDef], message: str) -> ToolDef | None:
    ranked = sorted(((score(tool, message), tool.name, tool) for tool in tools), key=lambda row: (-row[0], row[1]))
    if ranked and ranked[0][0] >= MIN_TOOL_SCORE:
        return ranked[0][2]
    return None


def _coerce(value: str, kind: Any) -> Any:
    value = value.strip().strip("\"'“”").rstrip(".,;")
    if kind == "integer":
        return int(value) if re.fullmatch(r"-?\d+", value) else value
    if kind == "number":
        return float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value
    if kind == "boolean":
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.lower(), value)
    return value


def _explicit(prop: str, message: str) -> str | None:
    spelled = re.escape(prop).replace("_", "[ _]")
    match = re.search(rf"\b{spelled}\s*[:=]\s*(\"[^\"]*\"|'[^']*'|\S+)", message, re.IGNORECASE)
    return match.group(1) if match else None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", text.lower()).split())


def fill_arguments(tool: ToolDef, message: str) -> dict[str, Any]:
    properties: dict[str, Any] = tool.parameters.get("properties") or {}
    numbers = [n for n in _NUMBER.findall(_DATE.sub(" ", message))]
    quoted = _QUOTED.findall(message)
    lowered = _normal(message)
    arguments: dict[str, Any] = {}
    for prop, raw_spec in properties.items():
        spec = raw_spec if isinstance(raw_spec, dict) else {}
        kind = spec.get("type")
        hint = f"{prop} {spec.get('description', '')}".lower()
        explicit = _explicit(prop, message)
        if explicit is not None:
            arguments[prop] = _coerce(explicit, kind)
            continue
        if spec.get("enum"):
            named = [value for value in spec["enum"] if _normal(str(value)) and _normal(str(value)) in lowered]
            if named:
                arguments[prop] = max(named, key=lambda value: len(str(value)))
            continue
        if kind in ("integer", "number") and numbers:
            arguments[prop] = _coerce(numbers.pop(0), kind)
        elif kind == "string" or kind is None:
            found = _string_for(spec, hint, message, quoted)
            if found is not None:
                arguments[prop] = found
    return arguments


def _string_for(spec: dict[str, Any], hint: str, message: str, quoted: list[str]) -> str | None:
    if spec.get("format") == "email" or "email" in hint:
        match = _EMAIL.search(message)
        return match.group(0) if match else None
    if spec.get("format") == "date" or "date" in hint:
        match = _DATE.search(message)
        if match:
            return match.group(0)
    if any(word in hint for word in _PERIOD_WORDS):
        match = _PERIOD.search(message)
        if match:
            return " ".join(match.group(1).lower().split())
    if quoted:
        return quoted.pop(0)
    return None


def follow_up(tools: list[ToolDef], history: list[PastTurn], message: str) -> tuple[ToolDef | None, dict[str, Any]]:
    """The conversation's last successful tool and its arguments updated from `message`, when the message
    supplies at least one of them; else (None, {})."""
    offered = {tool.name: tool for tool in tools}
    for past in reversed(history):
        calls = [call for call in past.tool_calls if call.status == "success" and call.name in offered]
        if not calls:
            continue
        tool = offered[calls[0].name]
        given = fill_arguments(tool, message)
        return (tool, {**calls[0].arguments, **given}) if given else (None, {})
    return None, {}


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


class OfflineEngine:
    name: Literal["offline"] = "offline"

    def run(self, turn: TurnInput) -> EngineReply:
        parts: list[str] = []
        calls: list[ToolCallRecord] = []
        tool, arguments = pick_tool(turn.tools, turn.message), {}
        if tool is not None:
            arguments = fill_arguments(tool, turn.message)
        else:
            tool, arguments = follow_up(turn.tools, turn.history, turn.message)
        if tool is not None:
            missing = [name for name in tool.parameters.get("required") or [] if name not in arguments]
            if missing:
                wanted = ", ".join(f"{name}=..." for name in missing)
                parts.append(f"To use {tool.name} I need {', '.join(missing)}; say it like {wanted}.")
            else:
                outcome = turn.call_tool(tool.name, arguments)
                calls.append(
                    ToolCallRecord(
                        call_id=f"call_{secrets.token_hex(8)}",
                        name=tool.name,
                        arguments=arguments,
                        status=outcome.status,
                        result=outcome.result,
                        round=1,
                        tool_id=tool.tool_id,
                    )
                )
                if outcome.status == "success":
                    parts.append(f"Here is what {tool.name} returned: {render(outcome.result)}")
                else:
                    parts.append(f"I called {tool.name}, but it failed: {render(outcome.result)}")
        used = [passage for passage in turn.knowledge if passage.score > 0][:MAX_PASSAGES]
        parts.extend(_quote(passage) for passage in used)
        return EngineReply(reply="\n\n".join(parts) or NOTHING, tool_calls=calls, used_knowledge=used)


def _quote(passage: Knowledge) -> str:
    return f"From {passage.name}: {squash(passage.text, SNIPPET_CHARS)}"
