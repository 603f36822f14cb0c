"""Wiring of the console's agent pages: the agent's and knowledge's own services (never their data or logic) behind
the console logic's ports."""

from __future__ import annotations

from datetime import date

from runa.agent.models import Conversation, ConversationList, ToolList
from runa.agent.services import analytics as agent_analytics
from runa.agent.services import conversations as agent_conversations
from runa.agent.services import tools as agent_tools
from runa.console.data import audit as audit_store
from runa.console.logic import agent as agent_logic
from runa.console.models import AgentAnalytics, AgentOverview
from runa.console.owner import Owner
from runa.knowledge.models import Source, SourceDeleted, SourceList
from runa.knowledge.services import sources


def _ports() -> agent_logic.KnowledgePorts:
    return agent_logic.KnowledgePorts(refresh=sources.refresh, delete=sources.delete, record=audit_store.record)


def conversations(owner: Owner, environment: str, product_id: str, cursor: str | None) -> ConversationList:
    return agent_conversations.list_conversations(agent_logic.as_caller(owner, environment, product_id), 50, cursor)


def conversation(owner: Owner, environment: str, product_id: str, conversation_id: str) -> Conversation:
    return agent_conversations.get_conversation(
        agent_logic.as_caller(owner, environment, product_id), conversation_id, 100, None
    )


def knowledge(owner: Owner, environment: str, product_id: str, cursor: str | None) -> SourceList:
    caller = agent_logic.as_caller(owner, environment, product_id)
    return sources.list_sources(caller.product_owner, cursor=cursor)


def refresh(owner: Owner, environment: str, product_id: str, source_id: str) -> Source:
    caller = agent_logic.as_caller(owner, environment, product_id)
    return agent_logic.refresh_source(owner, caller, source_id, _ports())


def delete(owner: Owner, environment: str, product_id: str, source_id: str) -> SourceDeleted:
    caller = agent_logic.as_caller(owner, environment, product_id)
    return agent_logic.delete_source(owner, caller, source_id, _ports())


def tools(owner: Owner, environment: str, product_id: str) -> ToolList:
    return agent_tools.list_tools(agent_logic.as_caller(owner, environment, product_id))


def analytics(owner: Owner, environment: str, product_id: str, start: date | None, end: date | None) -> AgentAnalytics:
    caller = agent_logic.as_caller(owner, environment, product_id)
    summary, first, last, days = agent_analytics.analytics_with_days(caller, start, end)
    return AgentAnalytics(summary=summary, days=agent_logic.daily(first, last, days))


def overview(owner: Owner, environment: str, product_id: str) -> AgentOverview:
    return AgentOverview(
        analytics=analytics(owner, environment, product_id, None, None),
        conversations=conversations(owner, environment, product_id, None),
        knowledge=knowledge(owner, environment, product_id, None),
        tools=tools(owner, environment, product_id),
    )
