"""Wiring of the agent's analytics: the daily counters store behind the analytics rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from runa.agent.data import analytics as analytics_store
from runa.agent.logic import analytics as analytics_logic
from runa.agent.logic.owner import owner_of
from runa.agent.models.analytics import Analytics
from runa.core.caller import Caller


def analytics(caller: Caller, start: date | None, end: date | None) -> Analytics:
    today = datetime.now(UTC).date()
    return analytics_logic.analytics(owner_of(caller), start, end, today, analytics_store.read_days)


def analytics_with_days(
    caller: Caller, start: date | None, end: date | None
) -> tuple[Analytics, date, date, list[dict[str, Any]]]:
    """The analytics of a window, the window itself (first, last) and the counters of its days that had activity
    (`{day, conversations, messages, intents}`): what the console charts, from one read of the counters."""
    first, last = analytics_logic.window(start, end, datetime.now(UTC).date())
    owner = owner_of(caller)
    days = analytics_store.read_days(owner, first, last)
    return analytics_logic.analytics(owner, first, last, last, lambda *_: days), first, last, days
