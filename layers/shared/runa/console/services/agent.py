"""Wiring of the console's agent pages: the agent's and knowledge's own services (never their data or logic) behind
the console logic's ports."""

from __future__ import annotations

from datetime import date

from runa.agent.models.conversations import Conversation, ConversationList
from runa.agent.services import analytics as agent_analytics
from runa.agent.services import conversations as agent_conversations
from runa.agent.services import tools as agent_tools
from runa.console.agent_models import AgentAnalytics, AgentOverview, ToolPage
from runa.console.data import audit as audit_store
from runa.console.logic import agent as agent_logic
from runa.console.logic import paging
from runa.console.owner import Owner
from runa.knowledge.models import Source, SourceDeleted, SourceList
from runa.knowledge.services import sources

KNOWLEDGE_LIMIT, TOOLS_LIMIT = agent_logic.KNOWLEDGE_LIMIT, agent_logic.TOOLS_LIMIT
CONVERSATIONS_LIMIT, MAX_LIMIT = agent_logic.CONVERSATIONS_LIMIT, agent_logic.MAX_LIMIT


def _ports() -> agent_logic.KnowledgePorts:
    return agent_logic.KnowledgePorts(refresh=sources.refresh, delete=sources.delete, record=audit_store.record)


def conversations(owner: Owner, environment: str, product_id: str, limit: int, cursor: str | None) -> ConversationList:
    return agent_conversations.list_conversations(agent_logic.as_caller(owner, environment, product_id), limit, cursor)


def conversation(owner: Owner, environment: str, product_id: str, conversation_id: str) -> Conversation:
    return agent_conversations.get_conversation(
        agent_logic.as_caller(owner, environment, product_id), conversation_id, 100, None
    )


def knowledge(owner: Owner, environment: str, product_id: str, limit: int, cursor: str | None) -> SourceList:
    """A page of the product's knowledge sources, newest first (/v1 lists them oldest first)."""
    caller = agent_logic.as_caller(owner, environment, product_id)
    return sources.list_sources(caller.product_owner, limit=limit, cursor=cursor, newest_first=True)


def refresh(owner: Owner, environment: str, product_id: str, source_id: str) -> Source:
    caller = agent_logic.as_caller(owner, environment, product_id)
    return agent_logic.refresh_source(owner, caller, source_id, _ports())


def delete(owner: Owner, environment: str, product_id: str, source_id: str) -> SourceDeleted:
    caller = agent_logic.as_caller(owner, environment, product_id)
    return agent_logic.delete_source(owner, caller, source_id, _ports())


def tools(owner: Owner, environment: str, product_id: str, limit: int, cursor: str | None) -> ToolPage:
    """A page of the product's tools, newest first."""
    before = paging.position(cursor, agent_logic.TOOL_POSITION)
    page, last = agent_tools.tools_page(agent_logic.as_caller(owner, environment, product_id), limit, before)
    return ToolPage(tools=page, nextCursor=paging.next_cursor(last))


def analytics(owner: Owner, environment: str, product_id: str, start: date | None, end: date | None) -> AgentAnalytics:
    caller = agent_logic.as_caller(owner, environment, product_id)
    summary, first, last, days = agent_analytics.analytics_with_days(caller, start, end)
    return AgentAnalytics(summary=summary, days=agent_logic.daily(first, last, days))


def overview(owner: Owner, environment: str, product_id: str) -> AgentOverview:
    return AgentOverview(
        analytics=analytics(owner, environment, product_id, None, None),
        conversations=conversations(owner, environment, product_id, CONVERSATIONS_LIMIT, None),
        knowledge=knowledge(owner, environment, product_id, KNOWLEDGE_LIMIT, None),
        tools=tools(owner, environment, product_id, TOOLS_LIMIT, None),
    )
