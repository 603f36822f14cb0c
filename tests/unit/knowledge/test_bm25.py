"""The BM25 index: ranking, tokenising, limits, and agreement with rank_bm25 on which document is best."""

from __future__ import annotations

import pytest
from rank_bm25 import BM25Okapi

from runa.knowledge.logic import bm25
from runa.knowledge.logic.bm25 import BM25Index, tokenize

DOCS = [
    "Refunds are issued to the original payment method within five days.",
    "Shipping is free for orders above fifty euros.",
    "Our office is closed on public holidays.",
    "A refund for a gift card is not possible; gift cards are final sale.",
    "Invoices can be downloaded from the billing page.",
]


def test_tokenize_lowercases_folds_accents_plurals_and_drops_stop_words() -> None:
    assert tokenize("The Cafés ARE open; policies apply to Refunds") == ["cafe", "open", "policy", "apply", "refund"]


def test_given_a_query_then_the_best_document_first_and_only_matching_ones() -> None:
    index = BM25Index(list(range(len(DOCS))), DOCS)

    hits = index.search("gift card refund", limit=10)

    assert [doc for doc, _ in hits] == [3, 0]
    assert hits[0][1] > hits[1][1] > 0


def test_given_a_limit_then_at_most_that_many() -> None:
    index = BM25Index(DOCS, DOCS)
    assert len(index.search("refund shipping invoices office", limit=2)) == 2
    assert index.search("refund", limit=0) == []


def test_given_only_stop_words_or_unknown_words_then_nothing() -> None:
    index = BM25Index(DOCS, DOCS)
    assert index.search("what is the") == []
    assert index.search("zebra") == []
    assert BM25Index([], []).search("refund") == []


def test_given_the_same_corpus_then_the_top_document_agrees_with_rank_bm25() -> None:
    index = BM25Index(list(range(len(DOCS))), DOCS)
    baseline = BM25Okapi([tokenize(doc) for doc in DOCS])
    for query in ["free shipping", "download invoice", "holiday office", "payment method refund"]:
        scores = baseline.get_scores(tokenize(query))
        expected = max(range(len(DOCS)), key=lambda doc: scores[doc])
        assert index.search(query, limit=1)[0][0] == expected, query


def test_given_postings_packed_in_several_flushes_then_the_same_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = DOCS * 7  # repeated terms land in many flushes
    whole = BM25Index(list(range(len(corpus))), corpus).search("refund gift card shipping", limit=10)
    monkeypatch.setattr(bm25, "FLUSH_DOCS", 3)

    flushed = BM25Index(list(range(len(corpus))), corpus).search("refund gift card shipping", limit=10)

    assert flushed == whole
    assert len(whole) == 10
