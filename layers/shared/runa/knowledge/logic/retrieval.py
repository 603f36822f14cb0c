"""What the agent asks: the best passages of a product's knowledge for a question, from its index snapshot plus
the sources that became ready after it, within a memory budget.

Per question: one strongly consistent read of the product's index pointer (its version and snapshot). While
neither moved, the question is answered from this process's cache: a search over memory-mapped arrays
(`runa.knowledge.logic.snapshot`), then one batch read of the winning chunks' text. When one moved:

- the searchable sources are listed (one small query);
- the snapshot is opened (fetched once into /tmp, then memory-mapped) unless it is the one already open;
- sources the snapshot does not hold at their searchable generation (ready since the last compaction) come as
  the small segment their indexing job wrote (or, when it is missing, are read from DynamoDB and indexed here),
  searched with the snapshot (idf over all);
- documents of sources deleted or refreshed since the snapshot are skipped.

So a source is searchable the moment it is ready, and a deleted one is gone from the very next answer, whether or
not the indexer has compacted the snapshot yet.

Memory: every cached product counts what it maps and holds (`Loaded.nbytes`); past the budget the least recently
used products are dropped, never the one just asked about; a product is dropped before its newer index is
loaded, so a process never holds two versions of one index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from runa.knowledge.logic import snapshot
from runa.knowledge.logic.records import ActiveSource, ChunkRef, IndexPointer
from runa.knowledge.models import Passage, StoredChunk

MAX_LIMIT = 20
# Per cached delta chunk: its text (~1.2 KB) and the Python objects around it.
DELTA_CHUNK_BYTES = 2_000


class OpenedSnapshot(Protocol):
    """A snapshot file as the store hands it over: its bytes (an mmap, usually) until `close()`."""

    @property
    def buffer(self) -> bytes | memoryview: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class RetrievalPorts:
    """The stores retrieval reads; `runa.knowledge.services.retrieval` wires the real ones (DynamoDB, S3, /tmp)."""

    read_pointer: Callable[[str], IndexPointer]  # strongly consistent
    active_sources: Callable[[str], list[ActiveSource]]
    open_snapshot: Callable[[str], OpenedSnapshot]  # by key; raises SnapshotMissing when it is gone
    load_chunks: Callable[[str, str, int], list[StoredChunk]]  # (owner, source_id, generation)
    get_chunks: Callable[[str, Sequence[ChunkRef]], dict[ChunkRef, StoredChunk]]
    # The segment the indexer built for one source generation (owner, source_id, generation); None when absent.
    source_segment: Callable[[str, str, int], bytes | None]


class SnapshotMissing(Exception):
    """The snapshot the pointer named is gone (a compaction replaced it meanwhile)."""


def open_pointed(
    open_snapshot: Callable[[str], OpenedSnapshot], key: str | None
) -> tuple[OpenedSnapshot | None, list[snapshot.Segment]]:
    """The snapshot the product's pointer names, opened, and its segments; (None, []) when there is none or it
    was replaced (and deleted) since the pointer was read."""
    if not key:
        return None, []
    try:
        file = open_snapshot(key)
    except SnapshotMissing:
        return None, []
    return file, snapshot.open_snapshot(file.buffer)


@dataclass
class Loaded:
    """One product's searchable index in this process."""

    pointer: IndexPointer
    sources: dict[str, ActiveSource]
    segments: list[snapshot.Segment]
    dead: list[frozenset[int]]  # per segment: indexes of its sources that no longer answer
    delta_chunks: list[StoredChunk]  # the documents of the delta segment (the last one), when there is one
    file: OpenedSnapshot | None = None
    nbytes: int = 0
    delta_segment: int = -1

    def live(self, segment: int, source: int) -> bool:
        return source not in self.dead[segment]

    def in_delta(self, segment: int) -> bool:
        return 0 <= self.delta_segment <= segment

    def close(self) -> None:
        for segment in self.segments:
            segment.release()
        if self.file is not None:
            self.file.close()


def _delta(owner: str, refs: list[ActiveSource], ports: RetrievalPorts) -> list[StoredChunk]:
    chunks: list[StoredChunk] = []
    for source in refs:
        chunks += ports.load_chunks(owner, source.id, source.generation)
    return chunks


def load(owner: str, pointer: IndexPointer, ports: RetrievalPorts) -> Loaded | None:
    """Open the product's snapshot and index what it is missing; None when the product has nothing searchable."""
    sources = {source.id: source for source in ports.active_sources(owner)}
    if not sources:
        return None
    # Replaced meanwhile (None): everything is delta this once, still right.
    file, segments = open_pointed(ports.open_snapshot, pointer.snapshot_key)
    live_refs = {(source.id, source.generation) for source in sources.values()}
    dead: list[frozenset[int]] = []
    covered: set[str] = set()
    for segment in segments:
        dead.append(frozenset(i for i, ref in enumerate(segment.sources) if ref not in live_refs))
        covered.update(ref[0] for ref in segment.sources if ref in live_refs)
    missing = sorted((source for source in sources.values() if source.id not in covered), key=lambda s: s.id)
    nbytes = len(file.buffer) if file is not None else 0
    # Sources ready since the snapshot: the segment their indexing job built (one small read each), or, when it
    # is missing, their chunks from DynamoDB indexed here.
    from_chunks: list[ActiveSource] = []
    for source in missing:
        data = ports.source_segment(owner, source.id, source.generation)
        built = snapshot.Segment(data) if data else None
        if built is None or built.sources != [(source.id, source.generation)]:
            from_chunks.append(source)
            continue
        segments.append(built)
        dead.append(frozenset())
        nbytes += len(built.raw)
    average = segments[0].average_length if segments else None
    delta_chunks = _delta(owner, from_chunks, ports)
    delta_segment = -1
    for start in range(0, len(delta_chunks), snapshot.SEGMENT_DOCS):
        part = delta_chunks[start : start + snapshot.SEGMENT_DOCS]
        data = snapshot.build_segment(
            [snapshot.Doc(c.source_id, c.generation, c.seq, c.text) for c in part], average_length=average
        )
        if delta_segment < 0:
            delta_segment = len(segments)
        segments.append(snapshot.Segment(data))
        dead.append(frozenset())
        nbytes += len(data)
    nbytes += len(delta_chunks) * DELTA_CHUNK_BYTES
    return Loaded(pointer, sources, segments, dead, delta_chunks, file, nbytes, delta_segment)


@dataclass
class Retriever:
    """The process's cache of loaded products, least recently used first, within `budget_bytes`."""

    budget_bytes: int
    cache: OrderedDict[str, Loaded] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def held_bytes(self) -> int:
        return sum(entry.nbytes for entry in self.cache.values())

    def _evict(self, keep: str | None, room: int = 0) -> None:
        while self.cache and self.held_bytes + room > self.budget_bytes:
            oldest = next(iter(self.cache))
            if oldest == keep:
                if len(self.cache) == 1:
                    return
                self.cache.move_to_end(oldest)
                continue
            self.cache.pop(oldest).close()

    def loaded(self, owner: str, ports: RetrievalPorts) -> Loaded | None:
        pointer = ports.read_pointer(owner)
        if pointer.version == 0:
            return None
        with self.lock:
            entry = self.cache.get(owner)
            if entry is not None and entry.pointer == pointer:
                self.cache.move_to_end(owner)
                return entry
            if entry is not None:  # never two versions of one product's index at once
                self.cache.pop(owner).close()
            self._evict(None, room=pointer.snapshot_bytes)
            fresh = load(owner, pointer, ports)
            if fresh is None:
                return None
            self.cache[owner] = fresh
            self._evict(owner)
            return fresh

    def search(self, owner: str, query: str, limit: int, ports: RetrievalPorts) -> list[Passage]:
        if not query.strip():
            return []
        entry = self.loaded(owner, ports)
        if entry is None:
            return []
        limit = max(1, min(limit, MAX_LIMIT))
        live = entry.live if any(entry.dead) else None
        hits = snapshot.search(entry.segments, query, limit, live=live)
        refs: list[ChunkRef] = []
        for hit in hits:
            if not entry.in_delta(hit.segment):
                (source_id, generation), seq = entry.segments[hit.segment].doc(hit.doc)
                refs.append((source_id, generation, seq))
        texts = ports.get_chunks(owner, refs) if refs else {}
        passages: list[Passage] = []
        for hit in hits:
            chunk = self._chunk(entry, hit, texts)
            source = entry.sources.get(chunk.source_id) if chunk else None
            if chunk is None or source is None:
                continue  # deleted meanwhile
            passages.append(
                Passage(
                    source_id=source.id, name=source.name, url=chunk.url, text=chunk.text, score=round(hit.score, 4)
                )
            )
        return passages

    @staticmethod
    def _chunk(entry: Loaded, hit: snapshot.Hit, texts: dict[ChunkRef, StoredChunk]) -> StoredChunk | None:
        if entry.in_delta(hit.segment):
            return entry.delta_chunks[(hit.segment - entry.delta_segment) * snapshot.SEGMENT_DOCS + hit.doc]
        (source_id, generation), seq = entry.segments[hit.segment].doc(hit.doc)
        return texts.get((source_id, generation, seq))

    def source_names(self, owner: str, ports: RetrievalPorts) -> list[str]:
        entry = self.loaded(owner, ports)
        return sorted({source.name for source in entry.sources.values()}, key=str.lower) if entry else []

    def clear(self) -> None:
        with self.lock:
            while self.cache:
                self.cache.popitem(last=False)[1].close()
