"""The /v1/knowledge operations with in-memory stores behind their ports, no moto: what each answers, what it
stores, and which indexing jobs its writes send on through the table's stream (the outbox)."""

from __future__ import annotations

import pytest

from runa.core import cursors
from runa.knowledge.errors import InvalidCursor, SourceNotFound
from runa.knowledge.logic import sources
from runa.knowledge.messages import IndexJob, PurgeJob
from runa.knowledge.models import CreateTextSource, CreateUrlSource, SourceDeleted
from runa.net import UnsafeUrl
from tests.unit.knowledge.stores import NOW, OWNER, KnowledgeStores

OTHER_OWNER = "playground#acme#prod-1"
URL_SOURCE = CreateUrlSource(type="url", url="https://docs.acme.example/help", name="Help", follow_links=True)
TEXT_SOURCE = CreateTextSource(type="text", name="FAQ", content="Refunds take five business days.")


@pytest.fixture
def stores() -> KnowledgeStores:
    return KnowledgeStores()


def test_given_a_url_when_added_then_it_is_indexing_and_its_first_generation_is_queued(
    stores: KnowledgeStores,
) -> None:
    source = sources.create(OWNER, URL_SOURCE, stores.source_ports())

    assert (source.id, source.status, source.url, source.created_at) == ("ks_0001", "indexing", URL_SOURCE.url, NOW)
    assert (source.follow_links, source.max_pages) == (True, 10)
    assert stores.jobs == [IndexJob(owner=OWNER, source_id="ks_0001", generation=1)]
    assert stores.sources[(OWNER, "ks_0001")].pending_generation == 1


def test_given_a_text_when_added_then_it_shows_no_url_options(stores: KnowledgeStores) -> None:
    source = sources.create(OWNER, TEXT_SOURCE, stores.source_ports())

    assert (source.type, source.url, source.follow_links, source.max_pages) == ("text", None, None, None)
    assert stores.sources[(OWNER, source.id)].content == TEXT_SOURCE.content


def test_given_a_url_that_is_not_public_when_added_then_unsafe_url_and_nothing_is_stored_or_queued(
    stores: KnowledgeStores,
) -> None:
    stores.refused_urls.add(URL_SOURCE.url)

    with pytest.raises(UnsafeUrl):
        sources.create(OWNER, URL_SOURCE, stores.source_ports())

    assert (stores.sources, stores.jobs) == ({}, [])


def test_given_a_source_then_only_its_owner_gets_it(stores: KnowledgeStores) -> None:
    created = sources.create(OWNER, TEXT_SOURCE, stores.source_ports())

    assert sources.get(OWNER, created.id, stores.source_ports()) == created
    with pytest.raises(SourceNotFound):
        sources.get(OTHER_OWNER, created.id, stores.source_ports())
    with pytest.raises(SourceNotFound):
        sources.get(OWNER, "ks_9999", stores.source_ports())


def test_given_three_sources_when_listed_two_at_a_time_then_the_cursor_leads_to_the_last(
    stores: KnowledgeStores,
) -> None:
    ports = stores.source_ports()
    ids = [sources.create(OWNER, TEXT_SOURCE, ports).id for _ in range(3)]
    sources.create(OTHER_OWNER, TEXT_SOURCE, ports)

    first = sources.list_sources(OWNER, ports, limit=2)
    assert first.next_cursor is not None
    rest = sources.list_sources(OWNER, ports, limit=2, cursor=first.next_cursor)

    assert [s.id for s in first.sources] == ids[:2]
    assert ([s.id for s in rest.sources], rest.next_cursor) == (ids[2:], None)


@pytest.mark.parametrize(
    "cursor", ["not-a-cursor", cursors.encode({"after": 1}), cursors.encode({"after": "O-1"}), cursors.encode({})]
)
def test_given_a_cursor_that_is_not_ours_when_listed_then_invalid_cursor(stores: KnowledgeStores, cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        sources.list_sources(OWNER, stores.source_ports(), cursor=cursor)


def test_given_a_source_when_deleted_then_chat_drops_it_at_once_and_its_chunks_are_purged_later(
    stores: KnowledgeStores,
) -> None:
    created = sources.create(OWNER, TEXT_SOURCE, stores.source_ports())
    stores.jobs.clear()

    assert sources.delete(OWNER, created.id, stores.source_ports()) == SourceDeleted(id=created.id)

    assert stores.sources == {}
    assert stores.versions == {OWNER: 1}  # every chat process rebuilds without it
    assert stores.jobs == [PurgeJob(owner=OWNER, source_id=created.id)]


def test_given_no_such_source_when_deleted_or_refreshed_then_not_found_and_nothing_changes(
    stores: KnowledgeStores,
) -> None:
    with pytest.raises(SourceNotFound):
        sources.delete(OWNER, "ks_9999", stores.source_ports())
    with pytest.raises(SourceNotFound):
        sources.refresh(OWNER, "ks_9999", stores.source_ports())

    assert (stores.versions, stores.jobs) == ({}, [])


def test_given_a_failed_source_when_refreshed_then_a_new_generation_is_queued_and_the_error_cleared(
    stores: KnowledgeStores,
) -> None:
    created = sources.create(OWNER, URL_SOURCE, stores.source_ports())
    stores.mark_failed(OWNER, created.id, 1, "The page does not exist.")
    stores.jobs.clear()

    refreshed = sources.refresh(OWNER, created.id, stores.source_ports())

    assert (refreshed.status, refreshed.error) == ("indexing", None)
    assert stores.jobs == [IndexJob(owner=OWNER, source_id=created.id, generation=2)]
