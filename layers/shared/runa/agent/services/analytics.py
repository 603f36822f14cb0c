"""Wiring of the agent's analytics: the daily counters store behind the analytics rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

from runa.agent.data import analytics as analytics_store
from runa.agent.logic import analytics as analytics_logic
from runa.agent.logic.records import owner_of
from runa.agent.models import Analytics
from runa.core.caller import Caller


def analytics(caller: Caller, start: date | None, end: date | None) -> Analytics:
    today = datetime.now(UTC).date()
    return analytics_logic.analytics(owner_of(caller), start, end, today, analytics_store.read_days)
