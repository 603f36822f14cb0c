"""The /v1/knowledge operations, scoped to one product: add, list, get, delete, refresh."""

from __future__ import annotations

import contextlib

from runa.core import cursors
from runa.core.clock import iso_utc
from runa.core.errors import ServiceUnavailable
from runa.core.ids import ulid
from runa.core.observability import logger
from runa.knowledge.data import chunks as chunk_store
from runa.knowledge.data import index_version, queue
from runa.knowledge.data import sources as source_store
from runa.knowledge.errors import InvalidCursor, SourceNotFound
from runa.knowledge.models import (
    CreateTextSource,
    CreateUrlSource,
    IndexJob,
    PurgeJob,
    Source,
    SourceDeleted,
    SourceList,
    SourceRecord,
)
from runa.net import FetchFailed, validate_url

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def utc_now() -> str:
    return iso_utc(timespec="seconds")


def new_source_id() -> str:
    # ULIDs sort by creation time, so the list comes out oldest first.
    return f"ks_{ulid().lower()}"


def create(owner: str, body: CreateUrlSource | CreateTextSource) -> Source:
    if isinstance(body, CreateUrlSource):
        # Refuse private and metadata addresses now, with a 400; a DNS hiccup is left to the indexing attempt,
        # which reports it on the source.
        with contextlib.suppress(FetchFailed):
            validate_url(body.url)
        record = SourceRecord(
            owner=owner,
            id=new_source_id(),
            type="url",
            name=body.name,
            url=body.url,
            follow_links=body.follow_links,
            max_pages=body.max_pages if body.follow_links else 1,
            created_at=utc_now(),
        )
    else:
        record = SourceRecord(
            owner=owner,
            id=new_source_id(),
            type="text",
            name=body.name,
            content=body.content,
            created_at=utc_now(),
        )
    source_store.put_new(record)
    try:
        queue.send(IndexJob(owner=owner, source_id=record.id, generation=record.pending_generation))
    except ServiceUnavailable:
        source_store.delete(owner, record.id)  # nothing will index it: do not leave it `indexing` forever
        raise
    return record.public()


def get(owner: str, source_id: str) -> Source:
    record = source_store.get(owner, source_id)  # consistent: clients poll this for status changes
    if record is None:
        raise SourceNotFound()
    return record.public()


def _decode_cursor(cursor: str) -> str:
    data = cursors.decode(cursor)
    after = data.get("after") if data else None
    if not isinstance(after, str) or not after.startswith("ks_"):
        raise InvalidCursor()
    return after


def _encode_cursor(source_id: str) -> str:
    return cursors.encode({"after": source_id})


def list_sources(owner: str, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> SourceList:
    after = _decode_cursor(cursor) if cursor else None
    records, last = source_store.list_page(owner, limit, after)
    return SourceList(
        sources=[record.public() for record in records], next_cursor=_encode_cursor(last) if last else None
    )


def delete(owner: str, source_id: str) -> SourceDeleted:
    if source_store.delete(owner, source_id) is None:
        raise SourceNotFound()
    # Retrieval only reads chunks of sources that exist; the bump makes every chat process drop them now.
    index_version.bump(owner)
    try:
        queue.send(PurgeJob(owner=owner, source_id=source_id))
    except ServiceUnavailable:
        logger.warning("purge not queued; deleting chunks inline", extra={"source_id": source_id})
        chunk_store.delete_chunks(owner, source_id)
    return SourceDeleted(id=source_id)


def refresh(owner: str, source_id: str) -> Source:
    record = source_store.start_generation(owner, source_id)
    if record is None:
        raise SourceNotFound()
    try:
        queue.send(IndexJob(owner=owner, source_id=source_id, generation=record.pending_generation))
    except ServiceUnavailable:
        source_store.mark_failed(
            owner, source_id, record.pending_generation, "Indexing could not be queued; refresh again."
        )
        raise
    return record.public()
