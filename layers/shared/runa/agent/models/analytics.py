"""/v1/analytics' response body."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from runa.agent.models.common import ResponseBody


class Analytics(ResponseBody):
    conversations: int
    messagesTotal: int
    avgSessionLength: float = Field(description="Messages per conversation, rounded to one decimal.")
    topIntents: list[str]
    # Echo the window so a client can tell what was counted.
    fromDate: str = Field(alias="from")
    toDate: str = Field(alias="to")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
