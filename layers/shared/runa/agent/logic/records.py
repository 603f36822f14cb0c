"""What the agent stores of conversations, as plain records: the data modules persist them, the logic builds and
reads them. Every record's keys start with its owner (runa.agent.logic.owner); tools are in logic.tool_records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from runa.agent.logic.tool_records import ToolCallRecord


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
