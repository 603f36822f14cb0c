"""A registered tool as the engines see it, and what calling it gives: the part of the engine interface
(runa.agent.logic.engine) that the tool records and the tool client share, apart so that they load no engine."""

from __future__ import annotations

from dataclasses import dataclass
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
