"""What the agent stores, as plain records: the data modules persist them, the logic builds and reads them.
Every record's keys start with its owner (runa.agent.logic.owner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from runa.agent.logic.tool_calls import ToolCallRecord, ToolDef


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


@dataclass(frozen=True)
class SessionMeta:
    session_id: str
    started_at: str
    message_count: int


@dataclass(frozen=True)
class StoredMessage:
    """One item of a conversation: a user message, one tool call, or an assistant reply."""

    message_id: str
    kind: Literal["user", "tool", "assistant"]
    turn_id: str
    timestamp: str
    content: str = ""
    tool_call: ToolCallRecord | None = None


@dataclass(frozen=True)
class TurnRecord:
    """Everything one chat turn writes, in one transaction: its messages and the counters they move."""

    owner: str
    session_id: str
    new_session: bool
    started_at: str
    day: str  # YYYY-MM-DD (UTC) for the analytics counters
    messages: list[StoredMessage]
    intent: str

    @property
    def counted_messages(self) -> int:
        """User and assistant messages; tool calls are part of the reply they served."""
        return sum(1 for m in self.messages if m.kind != "tool")
