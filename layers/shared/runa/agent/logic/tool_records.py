"""A registered tool as stored, as the engines see it, and what calling it gives: plain records the tools store,
the tool client and the engine interface (runa.agent.logic.engine) share, apart so that the tools function loads
neither the engine nor the conversation records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ToolStatus = Literal["success", "error"]


@dataclass(frozen=True)
class ToolDef:
    """A registered tool as the engines see it (no secret, no endpoint)."""

    tool_id: str
    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ToolOutcome:
    status: ToolStatus
    # JSON value or text; for errors a non-empty message (an empty error toolResult poisons a Bedrock session).
    result: Any


@dataclass(frozen=True)
class ToolCallRecord:
    call_id: str
    name: str
    arguments: dict[str, Any]
    status: ToolStatus
    result: Any
    round: int = 0
    tool_id: str | None = None


@dataclass(frozen=True)
class Tool:
    tool_id: str
    name: str
    description: str
    endpoint: str
    method: str
    parameters: dict[str, Any]
    created_at: str
    # The plaintext at registration (returned that once); as read back from the store, its sealed form, which only
    # the tool client opens to sign a call. Never printed (repr=False) nor returned again.
    secret: str = field(default="", repr=False)

    def definition(self) -> ToolDef:
        return ToolDef(tool_id=self.tool_id, name=self.name, description=self.description, parameters=self.parameters)
