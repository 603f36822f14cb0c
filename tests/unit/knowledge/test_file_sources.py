"""File sources with in-memory stores: added with an upload URL and nothing to index yet, then indexed on refresh
from what was uploaded (PDF, Markdown, HTML, plain text), or failed with what the user can do about it."""

from __future__ import annotations

import time

import pytest

from runa.knowledge.logic import indexing, sources
from runa.knowledge.logic.retrieval import Retriever
from runa.knowledge.messages import IndexJob
from runa.knowledge.models import MAX_FILE_BYTES, CreateFileSource, FileContentType
from tests.pdfs import blank_pdf, encrypted_pdf, text_pdf
from tests.unit.knowledge.stores import OWNER, KnowledgeStores


@pytest.fixture
def stores() -> KnowledgeStores:
    return KnowledgeStores()


def _add(stores: KnowledgeStores, content_type: FileContentType, size: int = 1000) -> str:
    body = CreateFileSource(type="file", name="Guide", file_name="guide", content_type=content_type, size=size)
    source = sources.create(OWNER, body, stores.source_ports())
    assert source.status == "awaiting_upload" and stores.jobs == []  # nothing to index before the upload
    assert source.upload is not None and source.upload.headers == {"Content-Type": content_type}
    return source.id


def _index(stores: KnowledgeStores, source_id: str) -> str:
    sources.refresh(OWNER, source_id, stores.source_ports())
    job = stores.jobs.pop()
    assert isinstance(job, IndexJob)
    return indexing.run(job, stores.indexing_ports(), deadline=time.monotonic() + 60)


def _ask(stores: KnowledgeStores, question: str) -> list[str]:
    found = Retriever(budget_bytes=10_000_000).search(OWNER, question, 4, stores.retrieval_ports())
    return [passage.text for passage in found]


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("application/pdf", text_pdf(["Teapots are delivered within 48 hours.", "Returns are free."], title="FAQ")),
        ("text/markdown", b"# Delivery\n\nTeapots are delivered within 48 hours.\n"),
        ("text/html", b"<html><body><h1>Delivery</h1><p>Teapots are delivered within 48 hours.</p></body></html>"),
        ("text/plain", "Teapots are delivered within 48 hours. Caf\u00e9 open daily.".encode()),
    ],
)
def test_given_an_uploaded_file_when_indexed_then_it_answers_like_any_source(
    stores: KnowledgeStores, content_type: FileContentType, data: bytes
) -> None:
    source_id = _add(stores, content_type, len(data))
    stores.uploads[(OWNER, source_id)] = data

    assert _index(stores, source_id) == "ready"

    record = stores.sources[(OWNER, source_id)]
    assert (record.status, record.error, record.stats and record.stats.bytes) == ("ready", None, len(data))
    [passage] = _ask(stores, "how fast are teapots delivered")
    assert "Teapots are delivered within 48 hours." in passage


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (None, "The file has not been uploaded: PUT it to the upload URL"),
        (blank_pdf(), "The PDF has no text layer (its pages are images, as a scan is)."),
        (encrypted_pdf(["Secret refund rules apply here."]), "The PDF is encrypted (password-protected)."),
        (b"%PDF-1.4\nnot really", "The file is not a readable PDF."),
        (b"plain words, not a PDF", "The file is not a PDF"),
        (b"x" * (MAX_FILE_BYTES + 1), "The file is 10.0 MB; at most 10 MB can be indexed."),
    ],
)
def test_given_a_file_that_cannot_be_indexed_then_the_source_fails_saying_what_to_do(
    stores: KnowledgeStores, data: bytes | None, error: str
) -> None:
    source_id = _add(stores, "application/pdf")
    if data is not None:
        stores.uploads[(OWNER, source_id)] = data

    assert _index(stores, source_id) == "failed"

    record = stores.sources[(OWNER, source_id)]
    assert record.status == "failed" and record.error is not None and record.error.startswith(error)
    assert stores.chunks == {}


def test_given_a_file_source_deleted_then_its_upload_goes_with_its_chunks(stores: KnowledgeStores) -> None:
    source_id = _add(stores, "text/markdown")
    stores.uploads[(OWNER, source_id)] = b"Kettles boil in two minutes."
    _index(stores, source_id)

    sources.delete(OWNER, source_id, stores.source_ports())
    indexing.run(stores.jobs.pop(), stores.indexing_ports(), deadline=time.monotonic() + 60)

    assert (stores.uploads, stores.chunks, _ask(stores, "kettles boil")) == ({}, {}, [])
