"""In-memory knowledge stores with the DynamoDB ones' conditions (a status change needs the source to exist at
that pending generation), the jobs each write sends on through the table's stream, and a web of pages; the ports
of both the source operations and the indexing rules read and write the same state, so a test can run the whole
flow without moto."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from runa.knowledge.errors import PageUnavailable
from runa.knowledge.logic import compaction, outbox
from runa.knowledge.logic.compaction import CompactionPorts
from runa.knowledge.logic.indexing import IndexingPorts
from runa.knowledge.logic.records import ActiveSource, ChunkRef, IndexPointer, Page
from runa.knowledge.logic.retrieval import RetrievalPorts, SnapshotMissing
from runa.knowledge.logic.sources import SourcePorts
from runa.knowledge.messages import IndexJob, PurgeJob
from runa.knowledge.models import SourceRecord, SourceStats, StoredChunk, Upload
from runa.net import UnsafeUrl

OWNER = "production#acme#prod-1"
NOW = "2026-12-01T12:00:00Z"


@dataclass
class InMemorySnapshot:
    buffer: bytes

    def close(self) -> None:
        pass


@dataclass
class KnowledgeStores:
    sources: dict[tuple[str, str], SourceRecord] = field(default_factory=dict)
    chunks: dict[tuple[str, str, int, int], StoredChunk] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    # What the KnowledgeTable's stream would make the outbox relay queue for each write (runa.knowledge.logic.outbox).
    jobs: list[IndexJob | PurgeJob] = field(default_factory=list)
    refused_urls: set[str] = field(default_factory=set)
    pages: dict[str, Page | PageUnavailable] = field(default_factory=dict)
    disallowed: set[str] = field(default_factory=set)  # robots.txt
    snapshots: dict[str, bytes] = field(default_factory=dict)
    pointers: dict[str, tuple[str, int]] = field(default_factory=dict)
    segments: dict[tuple[str, str, int], bytes] = field(default_factory=dict)
    uploads: dict[tuple[str, str], bytes] = field(default_factory=dict)
    opened: list[str] = field(default_factory=list)
    chunk_loads: list[tuple[str, int]] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    on_fetch: Callable[[str], None] = lambda url: None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def source_ports(self) -> SourcePorts:
        return SourcePorts(
            put_new=self.put_new,
            get=lambda owner, source_id: self.sources.get((owner, source_id)),
            list_page=self.list_page,
            delete=self.delete,
            start_generation=self.start_generation,
            bump_index=self.bump_index,
            check_url=self.check_url,
            upload_url=self.upload_url,
            now=lambda: NOW,
            new_id=lambda: f"ks_{next(self._ids):04d}",
        )

    def indexing_ports(self) -> IndexingPorts:
        return IndexingPorts(
            get_source=lambda owner, source_id: self.sources.get((owner, source_id)),
            activate=self.activate,
            mark_failed=self.mark_failed,
            put_chunks=self.put_chunks,
            delete_chunks=self.delete_chunks,
            bump_index=self.bump_index,
            compact=lambda owner: compaction.compact(owner, self.compaction_ports()),
            put_source_segment=self.put_source_segment,
            read_upload=self.read_upload,
            delete_upload=lambda owner, source_id: self.uploads.pop((owner, source_id), None) and None,
            get_page=self.get_page,
            robots_rules=lambda site: lambda url: url not in self.disallowed,
            now=lambda: NOW,
        )

    # ------------------------------------------------------------ sources

    def _write(self, key: tuple[str, str], record: SourceRecord | None) -> None:
        old = self.sources.get(key)
        if record is None:
            self.sources.pop(key, None)
        else:
            self.sources[key] = record
        self.jobs += outbox.jobs_for(old, record)

    def put_new(self, record: SourceRecord) -> None:
        assert (record.owner, record.id) not in self.sources  # the store's attribute_not_exists condition
        self._write((record.owner, record.id), record)

    def delete(self, owner: str, source_id: str) -> SourceRecord | None:
        old = self.sources.get((owner, source_id))
        self._write((owner, source_id), None)
        return old

    def list_page(
        self, owner: str, limit: int, after: str | None, newest_first: bool = False
    ) -> tuple[list[SourceRecord], str | None]:
        def follows(source_id: str) -> bool:
            return after is None or (source_id < after if newest_first else source_id > after)

        ids = sorted((i for o, i in self.sources if o == owner and follows(i)), reverse=newest_first)
        page = [self.sources[(owner, source_id)] for source_id in ids[:limit]]
        return page, (page[-1].id if len(ids) > limit else None)

    def _update(self, owner: str, source_id: str, generation: int, **changes: object) -> bool:
        record = self.sources.get((owner, source_id))
        if record is None or record.pending_generation != generation:
            return False
        self._write((owner, source_id), record.model_copy(update=changes))
        return True

    def start_generation(self, owner: str, source_id: str) -> SourceRecord | None:
        record = self.sources.get((owner, source_id))
        if record is None:
            return None
        changes = {"pending_generation": record.pending_generation + 1, "status": "indexing", "error": None}
        self._write((owner, source_id), record.model_copy(update=changes))
        return self.sources[(owner, source_id)]

    def activate(self, owner: str, source_id: str, generation: int, stats: SourceStats, at: str) -> bool:
        changes = {"active_generation": generation, "status": "ready", "stats": stats, "last_indexed_at": at}
        return self._update(owner, source_id, generation, **changes, error=None)

    def mark_failed(self, owner: str, source_id: str, generation: int, reason: str) -> bool:
        return self._update(owner, source_id, generation, status="failed", error=reason)

    def check_url(self, url: str) -> None:
        if url in self.refused_urls:
            raise UnsafeUrl("The URL resolves to a non-public address.")

    # ------------------------------------------------------------ queue, index version, chunks

    # ------------------------------------------------------------ index snapshots

    def read_pointer(self, owner: str) -> IndexPointer:
        key, size = self.pointers.get(owner, (None, 0))
        return IndexPointer(version=self.versions.get(owner, 0), snapshot_key=key, snapshot_bytes=size)

    def active_sources(self, owner: str) -> list[ActiveSource]:
        return [
            ActiveSource(id=r.id, name=r.name, url=r.url, generation=r.active_generation)
            for (o, _), r in sorted(self.sources.items())
            if o == owner and r.active_generation is not None
        ]

    def open_snapshot(self, key: str) -> InMemorySnapshot:
        if key not in self.snapshots:
            raise SnapshotMissing(key)
        self.opened.append(key)
        return InMemorySnapshot(self.snapshots[key])

    def load_chunks(self, owner: str, source_id: str, generation: int) -> list[StoredChunk]:
        self.chunk_loads.append((source_id, generation))
        return [c for k, c in sorted(self.chunks.items()) if k[:3] == (owner, source_id, generation)]

    def get_chunks(self, owner: str, refs: Sequence[ChunkRef]) -> dict[ChunkRef, StoredChunk]:
        return {ref: self.chunks[(owner, *ref)] for ref in refs if (owner, *ref) in self.chunks}

    def put_snapshot(self, owner: str, data: bytes) -> str:
        key = f"snap-{owner}-{next(self._ids)}"
        self.snapshots[key] = data
        return key

    def set_snapshot(self, owner: str, key: str | None, size: int, previous: str | None) -> bool:
        if self.pointers.get(owner, (None, 0))[0] != previous:
            return False
        if key is None:
            self.pointers.pop(owner, None)
        else:
            self.pointers[owner] = (key, size)
        return True

    def upload_url(self, owner: str, source_id: str, content_type: str, size: int) -> Upload:
        return Upload(
            url=f"https://uploads.example/{source_id}", headers={"Content-Type": content_type}, expires_at=NOW
        )

    def read_upload(self, owner: str, source_id: str, max_bytes: int) -> tuple[bytes, int] | None:
        data = self.uploads.get((owner, source_id))
        return None if data is None else (data[: max_bytes + 1], len(data))

    def put_source_segment(self, owner: str, source_id: str, generation: int, data: bytes) -> None:
        self.segments[(owner, source_id, generation)] = data

    def delete_snapshot(self, key: str) -> None:
        self.snapshots.pop(key, None)

    def compaction_ports(self) -> CompactionPorts:
        return CompactionPorts(
            read_pointer=self.read_pointer,
            active_sources=self.active_sources,
            open_snapshot=self.open_snapshot,
            load_chunks=self.load_chunks,
            put_snapshot=self.put_snapshot,
            set_snapshot=self.set_snapshot,
            delete_snapshot=self.delete_snapshot,
        )

    def retrieval_ports(self) -> RetrievalPorts:
        return RetrievalPorts(
            read_pointer=self.read_pointer,
            active_sources=self.active_sources,
            open_snapshot=self.open_snapshot,
            load_chunks=self.load_chunks,
            get_chunks=self.get_chunks,
            source_segment=lambda owner, source_id, generation: self.segments.get((owner, source_id, generation)),
        )

    def bump_index(self, owner: str) -> int:
        self.versions[owner] = self.versions.get(owner, 0) + 1
        return self.versions[owner]

    def put_chunks(self, owner: str, chunks: Sequence[StoredChunk]) -> None:
        for chunk in chunks:
            self.chunks[(owner, chunk.source_id, chunk.generation, chunk.seq)] = chunk

    def delete_chunks(
        self,
        owner: str,
        source_id: str,
        *,
        only_generation: int | None = None,
        from_seq: int = 0,
        below_generation: int | None = None,
    ) -> int:
        doomed = [
            key
            for key in self.chunks
            if key[:2] == (owner, source_id)
            and (only_generation is None or (key[2] == only_generation and key[3] >= from_seq))
            and (below_generation is None or key[2] < below_generation)
        ]
        for key in doomed:
            del self.chunks[key]
        return len(doomed)

    def generations(self, source_id: str) -> set[int]:
        return {generation for (_, sid, generation, _) in self.chunks if sid == source_id}

    # ------------------------------------------------------------ the web

    def get_page(self, url: str, *, timeout: float, max_bytes: int) -> Page:
        self.fetched.append(url)
        self.on_fetch(url)
        found = self.pages.get(url, PageUnavailable(f"{url} answered HTTP 404: the page does not exist."))
        if isinstance(found, PageUnavailable):
            raise found
        return found

    def add_html(self, url: str, html: str) -> None:
        self.pages[url] = Page(url=url, kind="html", text=html, size=len(html.encode()))
