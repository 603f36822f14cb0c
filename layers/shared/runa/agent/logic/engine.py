"""The engine interface: what chat gives a model implementation and what it gets back.

Two implementations: `converse.ConverseEngine` (Amazon Bedrock) and `offline.OfflineEngine` (deterministic).
Both call tools only through `TurnInput.call_tool`, so validation, signing and SSRF checks happen in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from runa.agent.logic.tool_records import ToolCallRecord, ToolDef, ToolOutcome


@dataclass(frozen=True)
class Knowledge:
    """One passage offered to the engine (untrusted text)."""

    source_id: str
    name: str
    url: str | None
    text: str
    score: float


@dataclass(frozen=True)
class PastTurn:
    """One whole earlier exchange: the user's message, the tool calls made for it, and the reply."""

    user: str
    tool_calls: tuple[ToolCallRecord, ...]
    reply: str


# (name, arguments) -> outcome. Never raises for tool failures: they come back as status "error".
ToolCaller = Callable[[str, dict[str, Any]], ToolOutcome]


@dataclass
class TurnInput:
    message: str
    history: list[PastTurn]
    tools: list[ToolDef]
    knowledge: list[Knowledge]
    call_tool: ToolCaller
    # Names of the product's knowledge sources (what the agent can answer from), read only for "what can you do".
    source_names: Callable[[], list[str]] = lambda: []


@dataclass
class EngineReply:
    reply: str
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    # The passages the reply relies on (become citations).
    used_knowledge: list[Knowledge] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0


class Engine(Protocol):
    @property
    def name(self) -> Literal["bedrock", "offline"]: ...

    def run(self, turn: TurnInput) -> EngineReply: ...
