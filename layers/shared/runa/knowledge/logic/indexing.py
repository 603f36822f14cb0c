"""Indexing one job from the queue: fetch (or read) a source, chunk it, store the chunks under a new generation,
flip the source to it, bump the product's index version, then remove what it replaced.

The order is what keeps answers whole: until the flip, retrieval reads the previous generation; after it, the
new one (from DynamoDB, as the delta of the product's index snapshot, until compaction folds it into a new
snapshot); old chunks are deleted only once the snapshot no longer names them. Chunk keys are deterministic per
generation, so a redelivered job overwrites its own chunks instead of adding more.

The stores and the page fetcher come in as `IndexingPorts` (wired in `runa.knowledge.services.indexing`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from runa.core.observability import logger
from runa.knowledge.errors import PageUnavailable
from runa.knowledge.logic import snapshot
from runa.knowledge.logic.chunking import chunk_text
from runa.knowledge.logic.files import file_text
from runa.knowledge.logic.html_text import html_to_text, page_title, same_host_links
from runa.knowledge.logic.records import Page
from runa.knowledge.logic.sources import utc_now
from runa.knowledge.messages import IndexJob, PurgeJob
from runa.knowledge.models import MAX_FILE_BYTES, SourceRecord, SourceStats, StoredChunk

PAGE_TIMEOUT = 5.0
PAGE_MAX_BYTES = 2_000_000
TOTAL_MAX_BYTES = 10_000_000
MAX_CHUNKS_PER_SOURCE = 3000
# Leave this much of the Lambda's time for storing chunks after the last fetch.
STORE_RESERVE_SECONDS = 8.0

Outcome = Literal["ready", "failed", "skipped", "purged"]


class PageGetter(Protocol):
    """One page as text, or PageUnavailable saying what the user can do about it."""

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> Page: ...


class ChunkDeleter(Protocol):
    """Delete a source's chunks: every one; or those of `only_generation` from `from_seq` on; or those of the
    generations below `below_generation`. Returns how many."""

    def __call__(
        self,
        owner: str,
        source_id: str,
        *,
        only_generation: int | None = None,
        from_seq: int = 0,
        below_generation: int | None = None,
    ) -> int: ...


@dataclass(frozen=True)
class IndexingPorts:
    """What a job needs; `runa.knowledge.services.indexing` wires the real ones (DynamoDB, the SSRF-safe fetcher)."""

    get_source: Callable[[str, str], SourceRecord | None]  # (owner, source_id), read consistently
    activate: Callable[[str, str, int, SourceStats, str], bool]  # False: deleted, or a newer generation started
    mark_failed: Callable[[str, str, int, str], bool]  # False: deleted, or a newer generation started
    put_chunks: Callable[[str, Sequence[StoredChunk]], None]  # same keys overwrite
    delete_chunks: ChunkDeleter
    bump_index: Callable[[str], int]
    # Fold what is now searchable into the product's index snapshot (runa.knowledge.logic.compaction).
    compact: Callable[[str], object]
    # Store the index segment of one source generation (owner, source_id, generation, data): what retrieval
    # searches for it until compaction folds it into the snapshot.
    put_source_segment: Callable[[str, str, int, bytes], None]
    # A file source's upload: (bytes, at most max_bytes of them; the object's size), None when nothing was uploaded.
    read_upload: Callable[[str, str, int], tuple[bytes, int] | None]
    delete_upload: Callable[[str, str], None]
    get_page: PageGetter
    robots_rules: Callable[[str], Callable[[str], bool]]  # site URL -> may this link be followed
    now: Callable[[], str] = utc_now


@dataclass(frozen=True)
class Document:
    url: str | None
    title: str | None
    text: str


@dataclass
class Crawl:
    documents: list[Document]
    pages: int = 0
    size: int = 0
    skipped: int = 0


def _to_document(page: Page) -> tuple[Document, list[str]]:
    if page.kind == "html":
        return Document(page.url, page_title(page.text), html_to_text(page.text)), same_host_links(page.text, page.url)
    return Document(page.url, None, page.text.strip()), []


def crawl(start_url: str, ports: IndexingPorts, *, max_pages: int, deadline: float) -> Crawl:
    """Breadth-first over same-host links from `start_url`, up to `max_pages` pages, bytes and time permitting,
    skipping links the site's robots.txt disallows. The first page failing fails the source; a later one is
    skipped."""
    result = Crawl(documents=[])
    queue: deque[str] = deque([start_url])
    seen = {start_url}
    allowed = ports.robots_rules(start_url) if max_pages > 1 else None
    while queue and result.pages < max_pages:
        remaining = deadline - time.monotonic()
        if result.pages and remaining < 1.0:
            logger.info("crawl stopped by its time budget", extra={"pages": result.pages})
            break
        url = queue.popleft()
        budget = min(PAGE_MAX_BYTES, TOTAL_MAX_BYTES - result.size)
        try:
            page = ports.get_page(url, timeout=max(min(PAGE_TIMEOUT, remaining), 1.0), max_bytes=budget)
        except PageUnavailable:
            if not result.pages:
                raise
            result.skipped += 1
            continue
        if page.url != url and page.url in seen and result.pages:
            continue  # a redirect to a page already indexed
        seen.add(page.url)
        document, links = _to_document(page)
        result.documents.append(document)
        result.pages += 1
        result.size += page.size
        if allowed is None:
            continue  # a single page: links are not followed
        for link in links:
            if link not in seen:
                seen.add(link)
                if allowed(link):
                    queue.append(link)
    return result


def _file(record: SourceRecord, ports: IndexingPorts) -> Crawl:
    found = ports.read_upload(record.owner, record.id, MAX_FILE_BYTES)
    if found is None:
        raise PageUnavailable(
            "The file has not been uploaded: PUT it to the upload URL the source was added with, then refresh."
        )
    data, size = found
    if size > MAX_FILE_BYTES:
        raise PageUnavailable(
            f"The file is {size / 1e6:.1f} MB; at most {MAX_FILE_BYTES // 1_000_000} MB can be indexed. Split it, "
            "or add its text directly."
        )
    extracted = file_text(data, record.content_type or "text/plain")
    return Crawl(documents=[Document(None, extracted.title, extracted.text)], pages=extracted.pages, size=size)


def _documents(record: SourceRecord, deadline: float, ports: IndexingPorts) -> Crawl:
    if record.type == "file":
        return _file(record, ports)
    if record.type == "text":
        content = record.content or ""
        return Crawl(documents=[Document(None, None, content)], pages=1, size=len(content.encode()))
    if not record.url:
        raise PageUnavailable("The source has no URL; delete it and add it again.")
    return crawl(record.url, ports, max_pages=record.max_pages if record.follow_links else 1, deadline=deadline)


def _chunks(record: SourceRecord, generation: int, documents: list[Document]) -> list[StoredChunk]:
    stored: list[StoredChunk] = []
    for document in documents:
        for chunk in chunk_text(document.text, title=document.title):
            if len(stored) >= MAX_CHUNKS_PER_SOURCE:
                logger.warning("source truncated at the chunk limit", extra={"source_id": record.id})
                return stored
            stored.append(
                StoredChunk(
                    source_id=record.id, generation=generation, seq=len(stored), text=chunk.text, url=document.url
                )
            )
    return stored


def run(job: IndexJob | PurgeJob, ports: IndexingPorts, *, deadline: float) -> Outcome:
    """Do one job. A page problem ends as status `failed` (returned, not raised: the user must act, a retry
    would not help); a store or unexpected error raises so the queue retries it and, in the end, dead-letters it."""
    if isinstance(job, PurgeJob):
        ports.compact(job.owner)  # first: the snapshot stops naming the source's chunks
        ports.delete_chunks(job.owner, job.source_id)
        ports.delete_upload(job.owner, job.source_id)  # a file source's upload (nothing for the others)
        return "purged"
    owner, source_id, generation = job.owner, job.source_id, job.generation
    record = ports.get_source(owner, source_id)
    if record is None or record.pending_generation != generation:
        # Deleted, or overtaken by a newer refresh: whatever this job wrote before is not searchable; drop it.
        ports.delete_chunks(owner, source_id, only_generation=generation)
        return "skipped"
    if record.active_generation == generation:
        # A redelivery after success: finish what the first delivery may not have reached.
        ports.compact(owner)
        ports.delete_chunks(owner, source_id, below_generation=generation)
        return "skipped"
    try:
        crawled = _documents(record, deadline - STORE_RESERVE_SECONDS, ports)
        stored = _chunks(record, generation, crawled.documents)
        if not stored and record.type in ("text", "file"):
            raise PageUnavailable(
                f"The {record.type} has nothing to index (only blanks or headings); add some content."
            )
        if not stored:
            raise PageUnavailable(
                "The page has no readable text (a page drawn by JavaScript has none until a browser runs it). "
                "Link a page whose text is in its HTML, or add the text directly."
            )
    except PageUnavailable as error:
        if ports.mark_failed(owner, source_id, generation, error.message):
            logger.info("indexing failed", extra={"source_id": source_id, "reason": error.message})
        return "failed"

    ports.put_chunks(owner, stored)
    ports.delete_chunks(owner, source_id, only_generation=generation, from_seq=len(stored))
    docs = [snapshot.Doc(chunk.source_id, chunk.generation, chunk.seq, chunk.text) for chunk in stored]
    ports.put_source_segment(owner, source_id, generation, snapshot.build_segment(docs))
    stats = SourceStats(pages=crawled.pages, chunks=len(stored), bytes=crawled.size)
    if not ports.activate(owner, source_id, generation, stats, ports.now()):
        ports.delete_chunks(owner, source_id, only_generation=generation)
        return "skipped"
    ports.bump_index(owner)
    # Searchable now (retrieval indexes what the snapshot lacks); the snapshot catches up, then the old chunks go.
    ports.compact(owner)
    ports.delete_chunks(owner, source_id, below_generation=generation)
    return "ready"
