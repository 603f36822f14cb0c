"""Response schemas of the console's agent pages (/manage/agent/*): the /v1 lists and analytics, paged and by day."""

from __future__ import annotations

from pydantic import Field

from runa.agent.models.analytics import Analytics
from runa.agent.models.conversations import ConversationList
from runa.agent.models.tools import ToolList
from runa.console.models import NEXT_CURSOR
from runa.core.schemas import Schema
from runa.knowledge.models import SourceList


class AgentDay(Schema):
    day: str = Field(description="yyyy-mm-dd (UTC)")
    conversations: int
    messages: int


class AgentAnalytics(Schema):
    summary: Analytics = Field(description="What GET /v1/analytics answers for the same window.")
    days: list[AgentDay] = Field(description="Every day of the window, oldest first (zero on quiet days).")


class ToolPage(ToolList):
    """A page of GET /v1/tools' list, newest first."""

    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


class AgentOverview(Schema):
    """The agent page in one request: the first page of each list, and the analytics of the last 30 days."""

    analytics: AgentAnalytics
    conversations: ConversationList
    knowledge: SourceList
    tools: ToolPage
