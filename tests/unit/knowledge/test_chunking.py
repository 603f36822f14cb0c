"""Chunking: every chunk names its section, neighbours overlap, nothing is lost, and re-runs are identical."""

from __future__ import annotations

import itertools
import re

import pytest

from runa.knowledge.logic.chunking import chunk_text

LONG_SECTION = " ".join(f"Fact {n} is about invoices and receipts." for n in range(80))
DOC = f"""Welcome to the guide.

# Billing

{LONG_SECTION}

## Refunds

Refunds take five business days.

# Shipping

We ship worldwide.
"""


def test_given_sections_then_each_chunk_starts_with_its_heading_trail() -> None:
    chunks = chunk_text(DOC, title="Guide", max_chars=400, overlap=80)

    headings = [c.heading for c in chunks]
    assert headings[0] == "Guide"
    assert "Guide > Billing" in headings
    assert "Guide > Billing > Refunds" in headings
    assert headings[-1] == "Guide > Shipping"  # a new h1 drops the h2 of the previous section
    assert all(c.text.startswith(c.heading + "\n\n") for c in chunks)
    assert all(len(c.text) <= 400 for c in chunks)


def test_given_a_long_section_then_neighbouring_chunks_overlap_and_every_fact_survives() -> None:
    chunks = [c for c in chunk_text(DOC, title="Guide", max_chars=400, overlap=80) if c.heading == "Guide > Billing"]

    assert len(chunks) > 3
    bodies = [c.text.split("\n\n", 1)[1] for c in chunks]
    for before, after in itertools.pairwise(bodies):
        assert after[:30] in before  # the next chunk begins with the tail of the previous one
    found = {int(n) for body in bodies for n in re.findall(r"Fact (\d+) is", body)}
    assert found == set(range(80))


def test_given_the_same_text_then_the_same_chunks() -> None:
    assert chunk_text(DOC, title="Guide") == chunk_text(DOC, title="Guide")


def test_given_a_page_whose_h1_repeats_its_title_then_the_heading_is_not_doubled() -> None:
    [chunk] = chunk_text("# Pricing\n\nThe team plan costs 12 euros.", title="Pricing")
    assert chunk.heading == "Pricing"


def test_given_a_word_longer_than_a_chunk_then_it_is_cut_and_nothing_is_empty() -> None:
    chunks = chunk_text("x" * 3000, max_chars=500, overlap=50)
    assert chunks and all(0 < len(c.text) <= 500 for c in chunks)
    assert "".join(c.text for c in chunks).count("x") >= 3000


def test_given_only_headings_or_blank_text_then_no_chunks() -> None:
    assert chunk_text("# Title\n\n## Sub\n\n   \n") == []


def test_given_an_overlap_not_smaller_than_the_chunk_then_refused() -> None:
    with pytest.raises(ValueError):
        chunk_text("text", max_chars=100, overlap=100)
