"""/manage/agent/*: the console's agent pages for one product of the signed-in owner's account (conversations,
knowledge sources with refresh and delete, tools, analytics by day)."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from datetime import date
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import CORSConfig
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from runa.agent.models.conversations import Conversation, ConversationList
from runa.agent.patterns import PRODUCT_ID_PATTERN
from runa.console.agent_models import AgentAnalytics, AgentOverview, ToolPage
from runa.console.owner import Owner, owner_from_event
from runa.console.services import agent as services
from runa.core.api import build_resolver, http_handler
from runa.core.settings import get_settings, require_settings
from runa.knowledge.models import Source, SourceDeleted, SourceList

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("sessions_table", "tools_table", "knowledge_table", "audit_table")

_ORIGIN = get_settings().allowed_origin
app = build_resolver(CORSConfig(allow_origin=_ORIGIN, max_age=600) if _ORIGIN else None)

Environment = Annotated[Literal["playground", "production"], Query(description="Which environment's data")]
ProductId = Annotated[str, Query(pattern=PRODUCT_ID_PATTERN, description="The product (prod_...)")]
Cursor = Annotated[str | None, Query(max_length=1024, description="The previous page's nextCursor")]
Limit = Annotated[int, Query(ge=1, le=services.MAX_LIMIT, description="Items per page")]
SourceId = Annotated[str, Path(min_length=1, max_length=64)]


def owner() -> Owner:
    return owner_from_event(app.current_event.raw_event)


@app.get("/manage/agent/overview")
def get_overview(product_id: ProductId, environment: Environment = "production") -> AgentOverview:
    return services.overview(owner(), environment, product_id)


@app.get("/manage/agent/conversations")
def get_conversations(
    product_id: ProductId,
    environment: Environment = "production",
    limit: Limit = services.CONVERSATIONS_LIMIT,
    cursor: Cursor = None,
) -> ConversationList:
    return services.conversations(owner(), environment, product_id, limit, cursor)


@app.get("/manage/agent/conversations/<conversation_id>")
def get_conversation(
    conversation_id: Annotated[str, Path(min_length=1, max_length=128)],
    product_id: ProductId,
    environment: Environment = "production",
) -> Conversation:
    return services.conversation(owner(), environment, product_id, conversation_id)


@app.get("/manage/agent/knowledge")
def get_knowledge(
    product_id: ProductId,
    environment: Environment = "production",
    limit: Limit = services.KNOWLEDGE_LIMIT,
    cursor: Cursor = None,
) -> SourceList:
    return services.knowledge(owner(), environment, product_id, limit, cursor)


@app.post("/manage/agent/knowledge/<source_id>/refresh")
def post_refresh(source_id: SourceId, product_id: ProductId, environment: Environment = "production") -> Source:
    return services.refresh(owner(), environment, product_id, source_id)


@app.delete("/manage/agent/knowledge/<source_id>")
def delete_source(source_id: SourceId, product_id: ProductId, environment: Environment = "production") -> SourceDeleted:
    return services.delete(owner(), environment, product_id, source_id)


@app.get("/manage/agent/tools")
def get_tools(
    product_id: ProductId,
    environment: Environment = "production",
    limit: Limit = services.TOOLS_LIMIT,
    cursor: Cursor = None,
) -> ToolPage:
    return services.tools(owner(), environment, product_id, limit, cursor)


@app.get("/manage/agent/analytics")
def get_analytics(
    product_id: ProductId,
    environment: Environment = "production",
    start: Annotated[date | None, Query(alias="from", description="First day (YYYY-MM-DD, UTC).")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (YYYY-MM-DD, UTC); default today.")] = None,
) -> AgentAnalytics:
    return services.analytics(owner(), environment, product_id, start, end)


lambda_handler = http_handler(app)
