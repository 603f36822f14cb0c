"""Wiring: the knowledge stores (DynamoDB) behind the /v1/knowledge operations' ports. The
knowledge and console functions call these; unit tests build their own `SourcePorts` (see tests/unit/knowledge)."""

from __future__ import annotations

import contextlib

from runa.knowledge.data import index_version, sources, uploads
from runa.knowledge.logic import sources as source_logic
from runa.knowledge.models import (
    CreateFileSource,
    CreateTextSource,
    CreateUrlSource,
    Source,
    SourceDeleted,
    SourceList,
)
from runa.net import FetchFailed, validate_url

# A page of GET /v1/knowledge: the handler's query bounds.
DEFAULT_LIMIT, MAX_LIMIT = source_logic.DEFAULT_LIMIT, source_logic.MAX_LIMIT


def _refuse_unsafe_url(url: str) -> None:
    # A DNS hiccup is not the user's mistake: the indexing attempt meets it again and reports it on the source.
    with contextlib.suppress(FetchFailed):
        validate_url(url)


def source_ports() -> source_logic.SourcePorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return source_logic.SourcePorts(
        put_new=sources.put_new,
        get=sources.get,
        list_page=sources.list_page,
        delete=sources.delete,
        start_generation=sources.start_generation,
        bump_index=index_version.bump,
        check_url=_refuse_unsafe_url,
        upload_url=uploads.upload_url,
    )


def create(owner: str, body: CreateUrlSource | CreateTextSource | CreateFileSource) -> Source:
    return source_logic.create(owner, body, source_ports())


def get(owner: str, source_id: str) -> Source:
    return source_logic.get(owner, source_id, source_ports())


def list_sources(
    owner: str, *, limit: int = source_logic.DEFAULT_LIMIT, cursor: str | None = None, newest_first: bool = False
) -> SourceList:
    return source_logic.list_sources(owner, source_ports(), limit=limit, cursor=cursor, newest_first=newest_first)


def delete(owner: str, source_id: str) -> SourceDeleted:
    return source_logic.delete(owner, source_id, source_ports())


def refresh(owner: str, source_id: str) -> Source:
    return source_logic.refresh(owner, source_id, source_ports())
