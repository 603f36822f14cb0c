"""Analytics of a product from the per-day counters chat keeps (never a scan): a window of days summed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from runa.agent.models.analytics import Analytics
from runa.core.errors import BadRequest

DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP_INTENTS = 5

# (owner, first day, last day) -> one dict per day that has activity:
# {"day": "yyyy-mm-dd", "conversations": int, "messages": int, "intents": {label: count}}
ReadDays = Callable[[str, date, date], list[dict[str, Any]]]


def window(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    last = end or today
    first = start or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise BadRequest("`from` must not be after `to`.")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadRequest(f"The window may span at most {MAX_DAYS} days.")
    return first, last


def analytics(owner: str, start: date | None, end: date | None, today: date, read_days: ReadDays) -> Analytics:
    first, last = window(start, end, today)
    conversations = messages = 0
    intents: Counter[str] = Counter()
    for day in read_days(owner, first, last):
        conversations += int(day.get("conversations", 0))
        messages += int(day.get("messages", 0))
        intents.update({label: int(count) for label, count in day.get("intents", {}).items()})
    ranked = sorted(intents.items(), key=lambda item: (-item[1], item[0]))
    return Analytics(
        conversations=conversations,
        messagesTotal=messages,
        avgSessionLength=round(messages / conversations, 1) if conversations else 0.0,
        topIntents=[label for label, count in ranked[:TOP_INTENTS] if count > 0],
        fromDate=first.isoformat(),
        toDate=last.isoformat(),
    )
