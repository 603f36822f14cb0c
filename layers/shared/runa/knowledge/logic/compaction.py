"""Compaction: fold the sources that became ready (and drop those deleted or refreshed) since the product's last
snapshot into a new one, written beside the old and then pointed at.

Run by the indexing consumer after each job that changed what is searchable. Bounded work: segments that are
large (at least FULL_DOCS documents) and mostly live are copied byte for byte; only the others (the small tail,
segments past DEAD_SHARE of dead documents) are rebuilt, with the new sources, from their chunks in DynamoDB. The
pointer moves only if no other compaction moved it first (conditional write), and the old file is deleted after;
a chat process that was still fetching it re-reads the pointer. Until a compaction succeeds retrieval serves the
same answers from the old snapshot plus its delta, so a failed one costs time, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from runa.knowledge.logic import snapshot
from runa.knowledge.logic.records import ActiveSource, IndexPointer
from runa.knowledge.logic.retrieval import OpenedSnapshot, open_pointed
from runa.knowledge.models import StoredChunk

FULL_DOCS = 32_768
DEAD_SHARE = 0.25

Compacted = Literal["current", "written", "raced"]


@dataclass(frozen=True)
class CompactionPorts:
    read_pointer: Callable[[str], IndexPointer]
    active_sources: Callable[[str], list[ActiveSource]]
    open_snapshot: Callable[[str], OpenedSnapshot]
    load_chunks: Callable[[str, str, int], list[StoredChunk]]
    put_snapshot: Callable[[str, bytes], str]  # (owner, data) -> a new key
    # (owner, key, bytes, previous key) -> False when another compaction moved the pointer first
    set_snapshot: Callable[[str, str | None, int, str | None], bool]
    delete_snapshot: Callable[[str], None]


def _segments(by_source: list[list[snapshot.Doc]]) -> list[bytes]:
    """Whole sources, in order, cut into segments of at most SEGMENT_DOCS documents (a source is never split)."""
    built: list[bytes] = []
    part: list[snapshot.Doc] = []
    for docs in by_source:
        if part and len(part) + len(docs) > snapshot.SEGMENT_DOCS:
            built.append(snapshot.build_segment(part))
            part = []
        part += docs
    if part:
        built.append(snapshot.build_segment(part))
    return built


def compact(owner: str, ports: CompactionPorts) -> Compacted:
    pointer = ports.read_pointer(owner)
    sources = {source.id: source for source in ports.active_sources(owner)}
    live_refs = {(source.id, source.generation) for source in sources.values()}
    file, segments = open_pointed(ports.open_snapshot, pointer.snapshot_key)
    try:
        kept: list[bytes] = []
        covered: set[str] = set()
        in_snapshot: set[str] = set()
        dead_docs = 0
        for segment in segments:
            live = {i for i, ref in enumerate(segment.sources) if ref in live_refs}
            in_snapshot.update(segment.sources[i][0] for i in live)
            live_docs = sum(1 for source in segment.doc_source if source in live) if live else 0
            dead_docs += segment.documents - live_docs
            if segment.documents >= FULL_DOCS and live_docs >= (1 - DEAD_SHARE) * segment.documents:
                kept.append(bytes(segment.raw))
                covered.update(segment.sources[i][0] for i in live)
        if not dead_docs and in_snapshot == set(sources) and (segments or not sources):
            return "current"  # holds exactly the searchable sources
        # Rebuilt: the sources of every segment not kept, and those the snapshot lacks.
        missing = sorted((s for s in sources.values() if s.id not in covered), key=lambda s: s.id)
    finally:
        for segment in segments:
            segment.release()
        if file is not None:
            file.close()
    by_source = [
        [snapshot.Doc(c.source_id, c.generation, c.seq, c.text) for c in ports.load_chunks(owner, s.id, s.generation)]
        for s in missing
    ]
    built = kept + _segments([docs for docs in by_source if docs])
    if not built:
        key: str | None = None
        size = 0
    else:
        data = snapshot.pack(built)
        key, size = ports.put_snapshot(owner, data), len(data)
    if not ports.set_snapshot(owner, key, size, pointer.snapshot_key):
        if key:
            ports.delete_snapshot(key)
        return "raced"
    if pointer.snapshot_key:
        ports.delete_snapshot(pointer.snapshot_key)
    return "written"
