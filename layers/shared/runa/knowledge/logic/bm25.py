"""A BM25 (Okapi) index over short documents, in the standard library only.

An inverted index: for each term, the documents that hold it and how often. A query touches only the postings
of its own terms, so it costs O(postings of the query terms), not O(documents) like rank_bm25, which scores every
document. Built once per knowledge change (devtools/bench/knowledge_bm25.py measures build and query).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"\w+")
# Small English stop list: words that carry no meaning for retrieval and have huge postings.
_STOP_LIST = """a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on
or our so that the their them then there these they this to was we were what when where which who why will with
you your"""
STOP_WORDS = frozenset(_STOP_LIST.split())


def _stem(word: str) -> str:
    """Plural folding only ("refunds" -> "refund", "policies" -> "policy"): cheap and rarely wrong."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stop words, lightly stemmed; accents folded ("café" == "cafe")."""
    folded = text.lower()
    if not folded.isascii():  # the per-character fold is the slow part; most text never needs it
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    stop = STOP_WORDS
    return [_stem(word) if word[-1] == "s" else word for word in _WORD.findall(folded) if word not in stop]


FLUSH_DOCS = 2048


def _pack(flat: dict[str, list[int]], postings: dict[str, tuple[array[int], array[int]]]) -> None:
    for term, values in flat.items():
        packed = array("I", values)
        entry = postings.get(term)
        if entry is None:
            postings[term] = (packed[0::2], packed[1::2])
        else:
            entry[0].extend(packed[0::2])
            entry[1].extend(packed[1::2])
    flat.clear()


class BM25Index[T]:
    """Immutable once built. `items[i]` is what a hit on document i returns."""

    def __init__(self, items: Sequence[T], texts: Iterable[str], *, k1: float = 1.5, b: float = 0.75) -> None:
        self.items = list(items)
        self.k1 = k1
        # Postings grow as flat lists [doc, tf, doc, tf, ...] (one C-level extend a posting, the fastest way in
        # CPython) and are packed into two compact arrays per term every FLUSH_DOCS documents, which keeps the
        # peak memory of a build close to the size of the finished index.
        postings: dict[str, tuple[array[int], array[int]]] = {}
        flat: dict[str, list[int]] = {}
        lengths = array("I")
        for doc, text in enumerate(texts):
            tokens = tokenize(text)
            lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                entry = flat.get(term)
                if entry is None:
                    flat[term] = [doc, tf]
                else:
                    entry += (doc, tf)
            if doc % FLUSH_DOCS == FLUSH_DOCS - 1:
                _pack(flat, postings)
        _pack(flat, postings)
        if len(lengths) != len(self.items):
            raise ValueError("items and texts must have the same length")
        count = len(lengths)
        average = (sum(lengths) / count) if count else 0.0
        # Per-document length normalisation, precomputed: k1 * (1 - b + b * len / avg).
        self._norms = array("d", (k1 * (1 - b + b * (n / average)) if average else k1 for n in lengths))
        self._postings = postings
        # Lucene's idf, never negative: a term in most documents still counts a little, never against.
        self._idf = {term: math.log(1 + (count - len(d) + 0.5) / (len(d) + 0.5)) for term, (d, _) in postings.items()}

    def __len__(self) -> int:
        return len(self.items)

    def search(self, query: str, limit: int = 4) -> list[tuple[T, float]]:
        """The best `limit` documents with a positive score, best first (ties: earlier document first)."""
        if limit <= 0:
            return []
        scores: dict[int, float] = {}
        norms, k1 = self._norms, self.k1
        for term in set(tokenize(query)):
            entry = self._postings.get(term)
            if entry is None:
                continue
            idf = self._idf[term]
            for doc, tf in zip(entry[0], entry[1], strict=True):
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (k1 + 1) / (tf + norms[doc])
        best = heapq.nsmallest(limit, scores.items(), key=lambda hit: (-hit[1], hit[0]))
        return [(self.items[doc], score) for doc, score in best if score > 0]
