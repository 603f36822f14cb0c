"""/v1/chat's request and response bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from runa.agent.models.common import RequestBody, ResponseBody
from runa.agent.models.conversations import ToolCallOut
from runa.agent.patterns import PRODUCT_ID_PATTERN, SESSION_ID_PATTERN

# A chat message over this is refused with 422: long enough for any question, small enough that one turn never
# gets near DynamoDB's 400 KB item limit or the model's context.
MAX_MESSAGE_CHARS = 8000


class ChatRequest(RequestBody):
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


class Citation(ResponseBody):
    sourceId: str
    name: str
    url: str | None = None
    passage: str
    score: float


class Usage(ResponseBody):
    inputTokens: int = 0
    outputTokens: int = 0
    totalTokens: int = 0
    engine: Literal["bedrock", "offline"]


class ChatResponse(ResponseBody):
    id: str = Field(description="The assistant message id (msg_...).")
    reply: str
    toolCalls: list[ToolCallOut]
    sessionId: str
    citations: list[Citation]
    usage: Usage
