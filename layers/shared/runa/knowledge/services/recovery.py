"""Wiring: the sweeper's rules for knowledge sources (runa.knowledge.logic.recovery) on the due index and the
indexing queue."""

from __future__ import annotations

import time

from runa.core.settings import get_settings
from runa.knowledge.data import queue, sources
from runa.knowledge.logic import recovery


def sweep() -> recovery.SourceSweepReport:
    settings = get_settings()
    deadlines = recovery.SourceDeadlines(settings.source_redrive_seconds, settings.source_deadline_seconds)
    ports = recovery.SourceRecoveryPorts(
        due_sources=sources.due_sources,
        mark_redriven=sources.mark_redriven,
        mark_failed=sources.mark_failed,
        send_job=queue.send,
        now=time.time,
    )
    return recovery.sweep(ports, deadlines)
