"""Agent API (/v1) schemas: the one source of every request and response body of chat, conversations, tools and
analytics. Field names are the contract's camelCase, so they are the attribute names too (no alias games)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from runa.core.schemas import Schema

# A chat message over this is refused with 422: long enough for any question, small enough that one turn never
# gets near DynamoDB's 400 KB item limit or the model's context.
MAX_MESSAGE_CHARS = 8000
PRODUCT_ID_PATTERN = r"^prod_[A-Za-z0-9_-]{1,64}$"
# A conversation id, ours (sess_...) or the client's own (as Bedrock Agents' sessionId): 2 to 100 letters, digits
# and `_ . : -`, starting with a letter or digit. Never `#` or `/`: it is part of DynamoDB keys and of URL paths.
SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}$"
# Bedrock Converse's toolSpec name rule, so every registered tool can be offered to the model.
TOOL_NAME_PATTERN = r"^[a-zA-Z][a-zA-Z0-9_-]{0,63}$"
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


class _Request(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Response(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- chat


class ChatRequest(_Request):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"productId": "prod_demo", "message": "What can you do?"}]}
    )

    productId: str = Field(pattern=PRODUCT_ID_PATTERN, description="The product the key belongs to (prod_...).")
    sessionId: str | None = Field(
        default=None,
        pattern=SESSION_ID_PATTERN,
        description="The conversation: an existing id continues it; a new id of your choosing (2-100 letters, "
        "digits, `_ . : -`) starts a conversation with that id; omit it to start one with an id we make (sess_...). "
        "Ids belong to the product: two products may use the same id without meeting.",
        examples=["sess_xyz"],
    )
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="The user's message.")


class ToolCallOut(_Response):
    id: str = Field(description="The call id (the model's toolUseId, or call_... offline).")
    toolId: str | None = Field(default=None, description="The registered tool (tool_...), when it was known.")
    name: str
    arguments: dict[str, Any]
    status: Literal["success", "error"]
    result: Any = Field(description="The tool's answer (JSON or text), or the error the model was given.")


class Citation(_Response):
    sourceId: str
    name: str
    url: str | None = None
    passage: str
    score: float


class Usage(_Response):
    inputTokens: int = 0
    outputTokens: int = 0
    totalTokens: int = 0
    engine: Literal["bedrock", "offline"]


class ChatResponse(_Response):
    id: str = Field(description="The assistant message id (msg_...).")
    reply: str
    toolCalls: list[ToolCallOut]
    sessionId: str
    citations: list[Citation]
    usage: Usage


# ---------------------------------------------------------------- conversations


class ConversationSummary(_Response):
    id: str
    startedAt: str
    messageCount: int = Field(description="User and assistant messages (tool calls are folded into replies).")


class ConversationList(_Response):
    conversations: list[ConversationSummary]
    total: int
    nextCursor: str | None = None


class ConversationMessage(_Response):
    id: str
    role: Literal["user", "assistant"]
    content: str
    timestamp: str
    toolCalls: list[ToolCallOut] | None = Field(
        default=None, description="On assistant messages: the tools called to write this reply."
    )


class Conversation(_Response):
    id: str
    startedAt: str
    messages: list[ConversationMessage]
    nextCursor: str | None = Field(
        default=None, description="More messages follow: pass it as `cursor`. Pages end between whole turns."
    )


class Deleted(_Response):
    deleted: bool
    id: str


# ---------------------------------------------------------------- tools


class ToolCreate(_Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "get_order_status",
                    "description": "Looks up the status of a customer's order by its number",
                    "endpoint": "https://tools.example.com/order-status",
                    "method": "GET",
                    "parameters": {
                        "type": "object",
                        "properties": {"order": {"type": "string", "description": "the order number"}},
                        "required": ["order"],
                    },
                }
            ]
        }
    )

    name: str = Field(pattern=TOOL_NAME_PATTERN, description="Unique per product; letters, digits, _ and -.")
    description: str = Field(min_length=1, max_length=1000, description="What the tool does; the agent reads it.")
    endpoint: str = Field(min_length=1, max_length=2048, description="https URL the platform calls.")
    method: HttpMethod = "POST"
    parameters: dict[str, Any] | None = Field(
        default=None,
        description='JSON Schema (draft 2020-12) of the arguments, {"type": "object", ...}.',
    )

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class ToolOut(_Response):
    id: str
    name: str
    description: str
    endpoint: str
    method: HttpMethod
    parameters: dict[str, Any]
    status: Literal["active"]
    createdAt: str


class ToolCreated(ToolOut):
    secret: str = Field(
        description="Signing secret: shown this once. Verify X-Runa-Signature with it (see docs/agent.md)."
    )


class ToolList(_Response):
    tools: list[ToolOut]


# ---------------------------------------------------------------- analytics


class Analytics(_Response):
    conversations: int
    messagesTotal: int
    avgSessionLength: float = Field(description="Messages per conversation, rounded to one decimal.")
    topIntents: list[str]
    # Echo the window so a client can tell what was counted.
    fromDate: str = Field(alias="from")
    toDate: str = Field(alias="to")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
