"""The /v1/knowledge operations, scoped to one product: add, list, get, delete, refresh.

The source store, the chunks and the index version come in as `SourcePorts` (wired in
`runa.knowledge.services.sources`). No queue: a source's indexing and purge jobs follow from its committed writes
(the KnowledgeTable's stream, runa.knowledge.logic.outbox), so no request can leave one `indexing` for ever."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from runa.core import cursors
from runa.core.clock import iso_utc
from runa.core.ids import ulid
from runa.knowledge.errors import InvalidCursor, SourceNotFound
from runa.knowledge.models import (
    CreateFileSource,
    CreateTextSource,
    CreateUrlSource,
    Source,
    SourceDeleted,
    SourceList,
    SourceRecord,
    Upload,
)

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def utc_now() -> str:
    return iso_utc(timespec="seconds")


def new_source_id() -> str:
    # ULIDs sort by creation time, so the list comes out oldest first.
    return f"ks_{ulid().lower()}"


@dataclass(frozen=True)
class SourcePorts:
    """What the operations need; `runa.knowledge.services.sources` wires the real ones (DynamoDB, SQS, URL check)."""

    put_new: Callable[[SourceRecord], None]
    get: Callable[[str, str], SourceRecord | None]  # (owner, source_id), read consistently
    # (owner, limit, id to continue after, newest first) -> (page, last id if more follow)
    list_page: Callable[[str, int, str | None, bool], tuple[list[SourceRecord], str | None]]
    delete: Callable[[str, str], SourceRecord | None]  # -> the deleted record, None when there was none
    start_generation: Callable[[str, str], SourceRecord | None]  # None when there is no such source
    bump_index: Callable[[str], int]
    # Raises UnsafeUrl for a URL that is not a public http(s) address; a failed lookup is left to the indexing,
    # which reports it on the source.
    check_url: Callable[[str], None]
    # Where a file source's bytes go: a URL for one PUT (owner, source_id, content type, size).
    upload_url: Callable[[str, str, str, int], Upload]
    now: Callable[[], str] = utc_now
    new_id: Callable[[], str] = new_source_id


def create(owner: str, body: CreateUrlSource | CreateTextSource | CreateFileSource, ports: SourcePorts) -> Source:
    if isinstance(body, CreateFileSource):
        # Nothing to index until the file is there: the caller PUTs it, then asks for indexing (refresh).
        record = SourceRecord(
            owner=owner,
            id=ports.new_id(),
            type="file",
            name=body.name,
            file_name=body.file_name,
            content_type=body.content_type,
            size=body.size,
            status="awaiting_upload",
            pending_generation=0,
            created_at=ports.now(),
        )
        ports.put_new(record)
        upload = ports.upload_url(owner, record.id, body.content_type, body.size)
        return record.public().model_copy(update={"upload": upload})
    if isinstance(body, CreateUrlSource):
        ports.check_url(body.url)  # private and metadata addresses are refused now, with a 400
        record = SourceRecord(
            owner=owner,
            id=ports.new_id(),
            type="url",
            name=body.name,
            url=body.url,
            follow_links=body.follow_links,
            max_pages=body.max_pages if body.follow_links else 1,
            created_at=ports.now(),
        )
    else:
        record = SourceRecord(
            owner=owner,
            id=ports.new_id(),
            type="text",
            name=body.name,
            content=body.content,
            created_at=ports.now(),
        )
    ports.put_new(record)  # its indexing job follows from this write
    return record.public()


def get(owner: str, source_id: str, ports: SourcePorts) -> Source:
    record = ports.get(owner, source_id)  # consistent: clients poll this for status changes
    if record is None:
        raise SourceNotFound()
    return record.public()


def _direction(newest_first: bool) -> str:
    # The cursor says which way it reads, so one listing's cursor is refused by the other instead of skipping items.
    return "before" if newest_first else "after"


# A source id, as a cursor holds it.
_SOURCE_POSITION = re.compile(r"ks_.*", re.S)


def _decode_cursor(cursor: str, newest_first: bool) -> str:
    position = cursors.position(cursor, _direction(newest_first), _SOURCE_POSITION)
    if position is None:
        raise InvalidCursor()
    return position


def _encode_cursor(source_id: str, newest_first: bool) -> str:
    return cursors.at(_direction(newest_first), source_id)


def list_sources(
    owner: str,
    ports: SourcePorts,
    *,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    newest_first: bool = False,
) -> SourceList:
    """A page of the product's sources in creation order (ids are ULIDs): oldest first for /v1, newest first for
    the console."""
    position = _decode_cursor(cursor, newest_first) if cursor else None
    records, last = ports.list_page(owner, limit, position, newest_first)
    return SourceList(
        sources=[record.public() for record in records],
        next_cursor=_encode_cursor(last, newest_first) if last else None,
    )


def delete(owner: str, source_id: str, ports: SourcePorts) -> SourceDeleted:
    if ports.delete(owner, source_id) is None:
        raise SourceNotFound()
    # Retrieval only reads chunks of sources that exist; the bump makes every chat process drop them now. The
    # purge of its chunks follows from the delete.
    ports.bump_index(owner)
    return SourceDeleted(id=source_id)


def refresh(owner: str, source_id: str, ports: SourcePorts) -> Source:
    record = ports.start_generation(owner, source_id)  # the new generation's job follows from this write
    if record is None:
        raise SourceNotFound()
    return record.public()
