"""Wiring: the knowledge sources' outbox. The outbox relay hands each KnowledgeTable stream record here (items as
plain values); the rules (runa.knowledge.logic.outbox) say which jobs it implies, and this queues them."""

from __future__ import annotations

from typing import Any

from runa.knowledge.data import queue, sources
from runa.knowledge.data.keys import SOURCE_PREFIX
from runa.knowledge.logic import outbox
from runa.knowledge.models import SourceRecord


def _source(item: dict[str, Any] | None) -> SourceRecord | None:
    return sources.from_item(item) if item and str(item.get("sk", "")).startswith(SOURCE_PREFIX) else None


def relay(old_item: dict[str, Any] | None, new_item: dict[str, Any] | None) -> int:
    """Queue the jobs one committed change of a source implies; returns how many. Raises when a send fails, so
    the stream record is retried."""
    jobs = outbox.jobs_for(_source(old_item), _source(new_item))
    for job in jobs:
        queue.send(job)
    return len(jobs)
