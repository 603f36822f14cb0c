"""/v1/conversations' response bodies: the product's conversations, their messages and the tool calls of a reply
(which /v1/chat answers too)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from runa.agent.models.common import ResponseBody


class ToolCallOut(ResponseBody):
    id: str = Field(description="The call id (the model's toolUseId, or call_... offline).")
    toolId: str | None = Field(default=None, description="The registered tool (tool_...), when it was known.")
    name: str
    arguments: dict[str, Any]
    status: Literal["success", "error"]
    result: Any = Field(description="The tool's answer (JSON or text), or the error the model was given.")


class ConversationSummary(ResponseBody):
    id: str
    startedAt: str
    messageCount: int = Field(description="User and assistant messages (tool calls are folded into replies).")


class ConversationList(ResponseBody):
    conversations: list[ConversationSummary]
    total: int
    nextCursor: str | None = None


class ConversationMessage(ResponseBody):
    id: str
    role: Literal["user", "assistant"]
    content: str
    timestamp: str
    toolCalls: list[ToolCallOut] | None = Field(
        default=None, description="On assistant messages: the tools called to write this reply."
    )


class Conversation(ResponseBody):
    id: str
    startedAt: str
    messages: list[ConversationMessage]
    nextCursor: str | None = Field(
        default=None, description="More messages follow: pass it as `cursor`. Pages end between whole turns."
    )
