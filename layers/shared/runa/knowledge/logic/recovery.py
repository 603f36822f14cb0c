"""The sweeper's rules for knowledge sources: a source `indexing` past `source_redrive_seconds` since it started
(or was last re-driven) gets its job again; one still `indexing` `source_deadline_seconds` after it started turns
`failed` with a reason the user can act on. Both are conditional on the pending generation, so a refresh, a delete
or the job finishing in between wins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from runa.core.observability import logger
from runa.knowledge.messages import IndexJob

DEADLINE_REASON = "Indexing did not finish in time; refresh the source to try again."


@dataclass(frozen=True)
class DueSource:
    """A source still `indexing` that the sweeper found due: its pending generation, when it was last driven and
    since when it has been indexing (epoch seconds), and how often the sweeper re-drove it."""

    owner: str
    source_id: str
    generation: int
    due_at: int
    indexing_since: int
    sweeps: int


@dataclass(frozen=True)
class SourceDeadlines:
    redrive_seconds: int
    deadline_seconds: int


@dataclass
class SourceRecoveryPorts:
    due_sources: Callable[[int, int], list[DueSource]]  # (cutoff epoch, limit)
    mark_redriven: Callable[[DueSource, int], bool]
    mark_failed: Callable[[str, str, int, str], bool]  # (owner, source id, generation, reason)
    send_job: Callable[[IndexJob], None]
    now: Callable[[], float]


@dataclass
class SourceSweepReport:
    redriven: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: int = 0


def sweep(ports: SourceRecoveryPorts, deadlines: SourceDeadlines, *, limit: int = 100) -> SourceSweepReport:
    report = SourceSweepReport()
    now = int(ports.now())
    for due in ports.due_sources(now - deadlines.redrive_seconds, limit):
        try:
            if now - due.indexing_since >= deadlines.deadline_seconds:
                if ports.mark_failed(due.owner, due.source_id, due.generation, DEADLINE_REASON):
                    report.failed.append(due.source_id)
                continue
            ports.send_job(IndexJob(owner=due.owner, source_id=due.source_id, generation=due.generation))
            ports.mark_redriven(due, now)
            report.redriven.append(due.source_id)
        except Exception:  # left due: the next pass tries again
            report.errors += 1
            logger.exception("source sweep step failed", extra={"source_id": due.source_id})
    return report
