"""The indexing rules with in-memory stores and pages behind their ports, no moto and no HTTP: what a job makes
of a source (ready, failed, skipped, purged), which pages it fetches, and which chunks are left searchable."""

from __future__ import annotations

import time

import pytest

from runa.knowledge.errors import PageUnavailable
from runa.knowledge.logic import indexing, sources
from runa.knowledge.messages import IndexJob, PurgeJob
from runa.knowledge.models import CreateTextSource, CreateUrlSource, SourceStats, StoredChunk
from tests.unit.knowledge.stores import NOW, OWNER, KnowledgeStores

SITE = "https://docs.acme.example"
HELP = """<html><head><title>Help centre</title></head><body>
<h1>Refunds</h1><p>Refunds take five business days after the return arrives.</p>
<a href="/shipping">Shipping</a> <a href="/private">Staff only</a> <a href="https://elsewhere.example/x">Away</a>
</body></html>"""
SHIPPING = "<html><body><h1>Shipping</h1><p>We ship worldwide within two days.</p></body></html>"


def _later() -> float:
    return time.monotonic() + 60


@pytest.fixture
def stores() -> KnowledgeStores:
    return KnowledgeStores()


def _add(stores: KnowledgeStores, body: CreateUrlSource | CreateTextSource) -> tuple[str, IndexJob]:
    source = sources.create(OWNER, body, stores.source_ports())
    job = stores.jobs.pop()
    assert isinstance(job, IndexJob)
    return source.id, job


def _run(stores: KnowledgeStores, job: IndexJob | PurgeJob) -> str:
    return indexing.run(job, stores.indexing_ports(), deadline=_later())


def _url(follow_links: bool = False) -> CreateUrlSource:
    return CreateUrlSource(type="url", url=f"{SITE}/help", name="Help", follow_links=follow_links, max_pages=5)


def test_given_a_text_source_when_indexed_then_it_is_ready_with_its_chunks_and_chat_sees_the_new_index(
    stores: KnowledgeStores,
) -> None:
    content = "# Refunds\n\nRefunds take five business days."
    source_id, job = _add(stores, CreateTextSource(type="text", name="FAQ", content=content))

    assert _run(stores, job) == "ready"

    record = stores.sources[(OWNER, source_id)]
    chunks = sorted(stores.chunks.values(), key=lambda chunk: chunk.seq)
    assert (record.status, record.active_generation, record.last_indexed_at) == ("ready", 1, NOW)
    assert record.stats == SourceStats(pages=1, chunks=len(chunks), bytes=len(content.encode()))
    assert [chunk.seq for chunk in chunks] == list(range(len(chunks))) and chunks
    assert "five business days" in chunks[0].text
    assert stores.versions == {OWNER: 1}
    assert stores.fetched == []


def test_given_a_url_that_follows_links_then_same_host_pages_robots_allows_are_indexed(
    stores: KnowledgeStores,
) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    stores.add_html(f"{SITE}/shipping", SHIPPING)
    stores.disallowed.add(f"{SITE}/private")
    source_id, job = _add(stores, _url(follow_links=True))

    assert _run(stores, job) == "ready"

    assert stores.fetched == [f"{SITE}/help", f"{SITE}/shipping"]  # never the other host, nor what robots.txt denies
    stats = stores.sources[(OWNER, source_id)].stats
    assert stats is not None and stats.pages == 2
    assert {chunk.url for chunk in stores.chunks.values()} == {f"{SITE}/help", f"{SITE}/shipping"}


def test_given_a_url_without_following_links_then_only_that_page_is_fetched(stores: KnowledgeStores) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    _, job = _add(stores, _url())

    assert _run(stores, job) == "ready"
    assert stores.fetched == [f"{SITE}/help"]


def test_given_a_later_page_missing_then_it_is_skipped_and_the_rest_indexed(stores: KnowledgeStores) -> None:
    stores.add_html(f"{SITE}/help", HELP)  # /shipping is not there
    source_id, job = _add(stores, _url(follow_links=True))

    assert _run(stores, job) == "ready"
    stats = stores.sources[(OWNER, source_id)].stats
    assert stats is not None and stats.pages == 1


def test_given_the_first_page_missing_then_the_source_fails_with_what_to_do_and_nothing_is_searchable(
    stores: KnowledgeStores,
) -> None:
    source_id, job = _add(stores, _url())

    assert _run(stores, job) == "failed"

    record = stores.sources[(OWNER, source_id)]
    assert (record.status, record.error) == ("failed", f"{SITE}/help answered HTTP 404: the page does not exist.")
    assert (stores.chunks, stores.versions) == ({}, {})


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<html><body><script>render()</script></body></html>", "The page has no readable text"),
        ("<html><body>   </body></html>", "The page has no readable text"),
    ],
)
def test_given_a_page_without_text_then_the_source_fails_and_says_why(
    stores: KnowledgeStores, html: str, error: str
) -> None:
    stores.add_html(f"{SITE}/help", html)
    source_id, job = _add(stores, _url())

    assert _run(stores, job) == "failed"
    assert (stores.sources[(OWNER, source_id)].error or "").startswith(error)


def test_given_a_text_of_headings_only_then_it_fails_asking_for_content(stores: KnowledgeStores) -> None:
    source_id, job = _add(stores, CreateTextSource(type="text", name="Empty", content="# Title\n\n## Section"))

    assert _run(stores, job) == "failed"
    assert stores.sources[(OWNER, source_id)].error == (
        "The text has nothing to index (only blanks or headings); add some content."
    )


def test_given_a_ready_source_when_refreshed_then_the_new_generation_replaces_the_old_one_whole(
    stores: KnowledgeStores,
) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    source_id, job = _add(stores, _url())
    _run(stores, job)
    sources.refresh(OWNER, source_id, stores.source_ports())
    stores.add_html(f"{SITE}/help", SHIPPING)

    assert _run(stores, stores.jobs.pop()) == "ready"

    assert stores.sources[(OWNER, source_id)].active_generation == 2
    assert stores.generations(source_id) == {2}
    assert all("worldwide" in chunk.text for chunk in stores.chunks.values())
    assert stores.versions == {OWNER: 2}


def test_given_a_job_a_newer_refresh_overtook_then_it_is_skipped_and_its_chunks_dropped(
    stores: KnowledgeStores,
) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    source_id, first = _add(stores, _url())
    sources.refresh(OWNER, source_id, stores.source_ports())
    stores.put_chunks(OWNER, [StoredChunk(source_id=source_id, generation=1, seq=0, text="half-written")])

    assert _run(stores, first) == "skipped"

    assert (stores.fetched, stores.chunks) == ([], {})
    assert stores.sources[(OWNER, source_id)].status == "indexing"  # the newer job decides


def test_given_a_job_delivered_again_after_success_then_it_only_finishes_the_clean_up(
    stores: KnowledgeStores,
) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    source_id, job = _add(stores, _url())
    _run(stores, job)
    kept = dict(stores.chunks)
    stores.put_chunks(OWNER, [StoredChunk(source_id=source_id, generation=0, seq=0, text="superseded")])
    stores.fetched.clear()

    assert _run(stores, job) == "skipped"

    assert (stores.fetched, stores.chunks) == ([], kept)
    assert stores.versions == {OWNER: 1}


def test_given_the_source_deleted_while_its_page_was_fetched_then_nothing_of_it_stays(
    stores: KnowledgeStores,
) -> None:
    stores.add_html(f"{SITE}/help", HELP)
    source_id, job = _add(stores, _url())
    stores.on_fetch = lambda url: stores.sources.pop((OWNER, source_id), None)

    assert _run(stores, job) == "skipped"

    assert (stores.chunks, stores.versions) == ({}, {})


def test_given_a_purge_then_every_chunk_of_that_source_goes_and_others_stay(stores: KnowledgeStores) -> None:
    other = StoredChunk(source_id="ks_other", generation=1, seq=0, text="kept")
    stores.put_chunks(OWNER, [StoredChunk(source_id="ks_gone", generation=g, seq=0, text="x") for g in (1, 2)])
    stores.put_chunks(OWNER, [other])

    assert _run(stores, PurgeJob(owner=OWNER, source_id="ks_gone")) == "purged"

    assert list(stores.chunks.values()) == [other]


def test_given_a_page_that_fails_on_its_own_then_the_failure_reason_is_the_pages(stores: KnowledgeStores) -> None:
    stores.pages[f"{SITE}/help"] = PageUnavailable("The page is larger than 2000 KB. Link a smaller page.")
    source_id, job = _add(stores, _url())

    assert _run(stores, job) == "failed"
    assert stores.sources[(OWNER, source_id)].error == "The page is larger than 2000 KB. Link a smaller page."
