"""Wiring: the knowledge sources' outbox. The outbox relay hands each KnowledgeTable stream record here (items as
plain values); the rules (runa.knowledge.logic.outbox) say which jobs it implies, and this queues them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runa.knowledge.data import queue
from runa.knowledge.data.keys import SOURCE_PREFIX
from runa.knowledge.logic import outbox

if TYPE_CHECKING:  # annotations only (the records come from sources.from_item)
    from runa.knowledge.models import SourceRecord


def _source(item: dict[str, Any] | None) -> SourceRecord | None:
    if not item or not str(item.get("sk", "")).startswith(SOURCE_PREFIX):
        return None
    # Loaded by the first source record only: most of the relay's records are orders (OrdersTable's stream).
    from runa.knowledge.data import sources

    return sources.from_item(item)


def relay(old_item: dict[str, Any] | None, new_item: dict[str, Any] | None) -> int:
    """Queue the jobs one committed change of a source implies; returns how many. Raises when a send fails, so
    the stream record is retried."""
    jobs = outbox.jobs_for(_source(old_item), _source(new_item))
    for job in jobs:
        queue.send(job)
    return len(jobs)
