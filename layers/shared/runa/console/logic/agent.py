"""The agent pages of the console: an owner reads one of their products (conversations, knowledge, tools,
analytics) through the /v1 rules with their account as the caller, and refreshes or deletes knowledge sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from runa.console.agent_models import AgentDay
from runa.console.logic.audit import entry
from runa.console.models import AuditEntry
from runa.console.owner import Owner
from runa.core.caller import Caller
from runa.knowledge.models import Source, SourceDeleted

CONSOLE_KEY_ID = "console"
# The agent page's lists, a page each (conversations: 50, as before). A product has at most 25 tools.
KNOWLEDGE_LIMIT, TOOLS_LIMIT, CONVERSATIONS_LIMIT, MAX_LIMIT = 20, 10, 50, 100
# A tool's place in the newest-first list: `<created_at>#<tool id>`.
TOOL_POSITION = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]{8,15}Z#tool_[0-9a-f]{1,64}")


def as_caller(owner: Owner, environment: str, product_id: str) -> Caller:
    return Caller(account_id=owner.account_id, environment=environment, key_id=CONSOLE_KEY_ID, product_id=product_id)


def daily(first: date, last: date, days: list[dict[str, Any]]) -> list[AgentDay]:
    """One point per day of [first, last] for the charts, zero where the counters have no item."""
    counted = {str(day["day"]): day for day in days}
    points = []
    for offset in range((last - first).days + 1):
        label = (first + timedelta(days=offset)).isoformat()
        day = counted.get(label, {})
        points.append(
            AgentDay(day=label, conversations=int(day.get("conversations", 0)), messages=int(day.get("messages", 0)))
        )
    return points


@dataclass(frozen=True)
class KnowledgePorts:
    """runa.knowledge.logic.sources (refresh, delete) and the audit trail."""

    refresh: Callable[[str, str], Source]  # (product owner, source id)
    delete: Callable[[str, str], SourceDeleted]
    record: Callable[[str, AuditEntry], None]
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def refresh_source(owner: Owner, caller: Caller, source_id: str, ports: KnowledgePorts) -> Source:
    ports.record(owner.account_id, _entry(owner, caller, "knowledge.refresh", source_id, ports.now()))
    return ports.refresh(caller.product_owner, source_id)


def delete_source(owner: Owner, caller: Caller, source_id: str, ports: KnowledgePorts) -> SourceDeleted:
    ports.record(owner.account_id, _entry(owner, caller, "knowledge.delete", source_id, ports.now()))
    return ports.delete(caller.product_owner, source_id)


def _entry(owner: Owner, caller: Caller, action: str, source_id: str, at: datetime) -> AuditEntry:
    return entry(owner, action, source_id, at, environment=caller.environment, product_id=caller.product_id or "")
