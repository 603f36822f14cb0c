"""Retrieval quality on a small fixed corpus: questions whose answers are known must find the right passage."""

from __future__ import annotations

import pytest

from runa.knowledge.logic.bm25 import BM25Index
from runa.knowledge.logic.chunking import chunk_text
from runa.knowledge.logic.html_text import html_to_text

CORPUS = {
    "billing": """<h1>Billing</h1>
<h2>Payment methods</h2><p>We accept Visa, Mastercard, American Express and SEPA direct debit.</p>
<h2>Invoices</h2><p>Invoices are emailed on the first day of each month and can be downloaded as PDF.</p>
<h2>Refunds</h2><p>Annual plans can be refunded within 14 days of purchase. Monthly plans are not refundable.</p>""",
    "security": """<h1>Security</h1>
<h2>Two-factor authentication</h2><p>Enable 2FA in Settings, Security, using any TOTP authenticator app.</p>
<h2>Data residency</h2><p>Customer data is stored in the EU (Frankfurt and Dublin regions).</p>
<h2>Password reset</h2><p>Use the forgot password link; the reset email expires after 30 minutes.</p>""",
    "api": """<h1>API</h1>
<h2>Rate limits</h2><p>The API allows 50 requests per second per key, with bursts up to 100.</p>
<h2>Pagination</h2><p>List endpoints return a cursor; pass it as the after parameter for the next page.</p>
<h2>Webhooks</h2><p>Webhook payloads are signed with HMAC-SHA256; verify the signature header first.</p>""",
    "shipping": """<h1>Shipping</h1>
<h2>Delivery times</h2><p>Orders ship within 2 business days; delivery in Europe takes 3 to 5 days.</p>
<h2>Customs</h2><p>Orders outside the EU may be charged import duties by the destination country.</p>""",
}

QUESTIONS = [
    ("Which credit cards do you accept?", "Payment methods"),
    ("Can I get my money back on a monthly plan?", "Refunds"),
    ("where is my data stored", "Data residency"),
    ("how do I turn on two-factor authentication", "Two-factor authentication"),
    ("how long is the password reset link valid", "Password reset"),
    ("how many requests per second can I make", "Rate limits"),
    ("how do I verify webhook signatures", "Webhooks"),
    ("how do I get the next page of results", "Pagination"),
    ("how long does delivery take in Europe", "Delivery times"),
    ("will I pay import duties", "Customs"),
    ("when are invoices sent", "Invoices"),
]


@pytest.fixture(scope="module")
def index() -> BM25Index[str]:
    headings: list[str] = []
    texts: list[str] = []
    for name, html in CORPUS.items():
        for chunk in chunk_text(html_to_text(html), title=name.title()):
            headings.append(chunk.heading)
            texts.append(chunk.text)
    return BM25Index(headings, texts)


@pytest.mark.parametrize(("question", "section"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_given_a_question_then_the_passage_with_the_answer_is_first(
    index: BM25Index[str], question: str, section: str
) -> None:
    [(best, _), *_] = index.search(question, limit=3)
    assert best.endswith(f"> {section}"), best


def test_given_a_question_with_no_answer_in_the_corpus_then_nothing_or_weak_hits(index: BM25Index[str]) -> None:
    assert index.search("quantum chromodynamics lattice") == []
