"""Wiring: the knowledge stores and the SSRF-safe page fetcher behind the indexing rules' ports (the indexing
consumer calls these). Apart from `runa.knowledge.services.sources` so the API function does not load the fetcher."""

from __future__ import annotations

from runa.knowledge.data import chunks, fetcher, index_version, snapshots, sources, uploads
from runa.knowledge.logic import compaction, indexing
from runa.knowledge.messages import IndexJob, PurgeJob


def compaction_ports() -> compaction.CompactionPorts:
    return compaction.CompactionPorts(
        read_pointer=index_version.pointer,
        active_sources=chunks.active_sources,
        open_snapshot=snapshots.open_snapshot,
        load_chunks=chunks.load_generation,
        put_snapshot=snapshots.put,
        set_snapshot=index_version.set_snapshot,
        delete_snapshot=snapshots.delete,
    )


def compact(owner: str) -> compaction.Compacted:
    return compaction.compact(owner, compaction_ports())


def indexing_ports() -> indexing.IndexingPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return indexing.IndexingPorts(
        get_source=sources.get,
        activate=sources.activate,
        mark_failed=sources.mark_failed,
        put_chunks=chunks.put_all,
        delete_chunks=chunks.delete_chunks,
        bump_index=index_version.bump,
        compact=compact,
        put_source_segment=snapshots.put_source_segment,
        read_upload=uploads.read,
        delete_upload=uploads.delete,
        get_page=fetcher.get_page,
        robots_rules=fetcher.robots_rules,
    )


def run(job: IndexJob | PurgeJob, *, deadline: float) -> indexing.Outcome:
    return indexing.run(job, indexing_ports(), deadline=deadline)
