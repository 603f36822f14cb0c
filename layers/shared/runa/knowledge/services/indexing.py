"""Wiring: the knowledge stores and the SSRF-safe page fetcher behind the indexing rules' ports (the indexing
consumer calls these). Apart from `runa.knowledge.services.sources` so the API function does not load the fetcher."""

from __future__ import annotations

from runa.knowledge.data import chunks, fetcher, index_version, sources
from runa.knowledge.logic import indexing
from runa.knowledge.models import IndexJob, PurgeJob


def indexing_ports() -> indexing.IndexingPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return indexing.IndexingPorts(
        get_source=sources.get,
        activate=sources.activate,
        mark_failed=sources.mark_failed,
        put_chunks=chunks.put_all,
        delete_chunks=chunks.delete_chunks,
        bump_index=index_version.bump,
        get_page=fetcher.get_page,
        robots_rules=fetcher.robots_rules,
    )


def run(job: IndexJob | PurgeJob, *, deadline: float) -> indexing.Outcome:
    return indexing.run(job, indexing_ports(), deadline=deadline)
