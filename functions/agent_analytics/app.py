"""/v1/analytics: the product's conversations, messages and top intents over a window of days."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from runa.agent.models.analytics import Analytics
from runa.agent.services import analytics as services
from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BadRequest, ValidationFailed
from runa.core.schemas import agent_responses
from runa.core.settings import require_settings

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("sessions_table")

app = build_resolver()


@app.get(
    "/v1/analytics",
    operation_id="getAnalytics",
    summary="Conversations, messages and top intents per day",
    responses=agent_responses(200, Analytics, "The window's figures", ValidationFailed, BadRequest),
)
def get_v1_analytics(
    start: Annotated[date | None, Query(alias="from", description="First day (YYYY-MM-DD, UTC).")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (YYYY-MM-DD, UTC); default today.")] = None,
) -> Analytics:
    return services.analytics(caller(app), start, end)


lambda_handler = http_handler(app)
