"""/v1/chat and /v1/conversations*: a chat turn, and the product's conversations."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from runa.agent.errors import ModelError, PaginationError, TokenCapReached
from runa.agent.models.chat import ChatRequest, ChatResponse
from runa.agent.models.common import Deleted
from runa.agent.models.conversations import Conversation, ConversationList
from runa.agent.services import chat, conversations
from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BODY_ERRORS, Conflict, NotFound, ServiceUnavailable, Throttled, ValidationFailed
from runa.core.schemas import agent_responses
from runa.core.settings import require_settings

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings(
    "sessions_table", "tools_table", "knowledge_table", "knowledge_bucket", "bedrock_model_id", "agent_engine"
)

app = build_resolver()


@app.post(
    "/v1/chat",
    operation_id="chat",
    summary="Send a message to the agent and receive a response",
    responses=agent_responses(
        200,
        ChatResponse,
        "The reply",
        *BODY_ERRORS,
        Conflict,
        Throttled,
        TokenCapReached,
        ModelError,
        ServiceUnavailable,
    ),
)
def post_v1_chat(body: ChatRequest) -> ChatResponse:
    return chat.turn(caller(app), body)


@app.get(
    "/v1/conversations",
    operation_id="listConversations",
    summary="List the product's conversations",
    responses=agent_responses(200, ConversationList, "A page of conversations", ValidationFailed, PaginationError),
)
def get_v1_conversations(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> ConversationList:
    return conversations.list_conversations(caller(app), limit, cursor)


@app.get(
    "/v1/conversations/<conversation_id>",
    operation_id="getConversation",
    summary="A conversation with its messages",
    responses=agent_responses(200, Conversation, "The conversation", ValidationFailed, PaginationError, NotFound),
)
def get_v1_conversations_conversation_id(
    conversation_id: str,
    limit: Annotated[int, Query(ge=1, le=500, description="User and assistant messages per page.")] = 200,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> Conversation:
    return conversations.get_conversation(caller(app), conversation_id, limit, cursor)


@app.delete(
    "/v1/conversations/<conversation_id>",
    operation_id="deleteConversation",
    summary="Delete a conversation and its messages",
    responses=agent_responses(200, Deleted, "Deleted", NotFound),
)
def delete_v1_conversations_conversation_id(conversation_id: str) -> Deleted:
    conversations.delete_conversation(caller(app), conversation_id)
    return Deleted(deleted=True, id=conversation_id)


lambda_handler = http_handler(app)
