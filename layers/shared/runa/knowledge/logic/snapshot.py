"""The knowledge index snapshot: a product's BM25 index as one file of flat arrays that opens without parsing.

The indexer builds it where sources change (`runa.knowledge.logic.compaction`); the chat function fetches it in
one read, memory-maps it, and searches it in place (`runa.knowledge.logic.retrieval`): opening a snapshot reads a
small JSON header per segment, nothing proportional to the number of chunks, so the first answer after a cold start
costs the fetch plus the query. Standard library only (array, memoryview, mmap-able): numpy alone would cost the
chat function's cold start more than this whole search (docs/knowledge.md, "Retrieval").

File = `RKS1`, uint32 header length, JSON header `{"segments": [[offset, length], ...]}`, then the segments. A
segment holds at most 65,535 chunks (document ids are uint16), so postings cost 3 bytes each:

    `SEG1`, uint32 meta length, JSON meta (counts, average length, the sources it holds, section offsets), then
    terms        UTF-8 terms, sorted by their bytes, concatenated
    term_offsets uint32[terms + 1]     where each term starts in `terms`
    post_offsets uint32[terms + 1]     where each term's postings start
    post_docs    uint16[postings]      document ids, ascending within a term
    post_impacts uint8[postings]       the BM25 term-frequency part tf*(k1+1)/(tf+k1*(1-b+b*len/avglen), quantised
    doc_source   uint16[documents]     index into the segment's sources ([source_id, generation])
    doc_seq      uint16[documents]     the chunk's seq within its source generation

Term lookup is a binary search over `term_offsets` (no dictionary is built on open). The idf is not stored: it is
computed per query from the document frequencies of every segment searched together (the snapshot's and the
small delta of sources that became ready after it), so scores are comparable across segments. Segments are
immutable; a snapshot is compacted by keeping the full segments and rebuilding the others (see compaction).
"""

from __future__ import annotations

import heapq
import json
import math
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from runa.knowledge.logic.bm25 import tokenize

MAGIC = b"RKS1"
SEGMENT_MAGIC = b"SEG1"
SEGMENT_DOCS = 65_535
K1 = 1.5
B = 0.75
_WEIGHT = (K1 + 1) / 255

if sys.byteorder != "little":  # pragma: no cover - Lambda (arm64, x86_64) and every dev machine are little-endian
    raise ImportError("the snapshot format is little-endian")

SourceRef = tuple[str, int]  # (source_id, generation)


@dataclass(frozen=True)
class Doc:
    """One chunk to index: which source generation it belongs to, its seq there, and its text."""

    source_id: str
    generation: int
    seq: int
    text: str


def _pad(size: int) -> int:
    return (-size) % 8


def build_segment(docs: Sequence[Doc], *, average_length: float | None = None) -> bytes:
    """One segment of at most SEGMENT_DOCS documents. `average_length` (tokens a document) defaults to this
    segment's own; pass the snapshot's when building a small delta, so its impacts weigh like the snapshot's."""
    if len(docs) > SEGMENT_DOCS:
        raise ValueError(f"a segment holds at most {SEGMENT_DOCS} documents")
    sources: dict[SourceRef, int] = {}
    doc_source = array("H")
    doc_seq = array("H")
    lengths: list[int] = []
    # Postings grow as flat lists [doc, tf, doc, tf, ...]: one C-level extend a posting, the fastest way in CPython.
    flat: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        ref = (doc.source_id, doc.generation)
        doc_source.append(sources.setdefault(ref, len(sources)))
        doc_seq.append(doc.seq)
        tokens = tokenize(doc.text)
        lengths.append(len(tokens))
        for term, tf in Counter(tokens).items():
            entry = flat.get(term)
            if entry is None:
                flat[term] = [number, tf]
            else:
                entry += (number, tf)
    count = len(docs)
    average = average_length if average_length else (sum(lengths) / count if count else 1.0)
    average = average or 1.0
    # impact(tf, doc) = round(tf * (k1 + 1) / (tf + norm[doc]) * 255 / (k1 + 1)) = round(255 * tf / (tf + norm))
    norms = [K1 * (1 - B + B * n / average) for n in lengths]
    ordered = sorted(flat, key=lambda term: term.encode())
    terms = bytearray()
    term_offsets = array("I", (0,))
    post_offsets = array("I", (0,))
    all_docs = array("H")
    impacts = array("B")
    for term in ordered:
        terms += term.encode()
        term_offsets.append(len(terms))
        values = flat.pop(term)
        numbers = values[0::2]
        all_docs.extend(numbers)
        impacts.extend(
            [
                (q if q > 0 else 1)
                for q in [round(255 * tf / (tf + norms[d])) for d, tf in zip(numbers, values[1::2], strict=True)]
            ]
        )
        post_offsets.append(len(all_docs))
    sections = [
        ("terms", bytes(terms)),
        ("term_offsets", term_offsets.tobytes()),
        ("post_offsets", post_offsets.tobytes()),
        ("post_docs", all_docs.tobytes()),
        ("post_impacts", impacts.tobytes()),
        ("doc_source", doc_source.tobytes()),
        ("doc_seq", doc_seq.tobytes()),
    ]
    body = bytearray()
    offsets: dict[str, list[int]] = {}
    for name, data in sections:
        offsets[name] = [len(body), len(data)]
        body += data + b"\0" * _pad(len(data))
    meta = json.dumps(
        {
            "documents": count,
            "terms": len(ordered),
            "average_length": average,
            "sources": [[source_id, generation] for (source_id, generation) in sources],
            "sections": offsets,
        },
        separators=(",", ":"),
    ).encode()
    meta += b" " * _pad(8 + len(meta))
    return SEGMENT_MAGIC + struct.pack("<I", len(meta)) + meta + bytes(body)


def pack(segments: Sequence[bytes | memoryview]) -> bytes:
    """A snapshot file of these segments (built ones, or raw ones kept from an older snapshot)."""
    header_size = 0
    spans: list[list[int]] = []
    while True:  # the header's own length moves the offsets; two rounds settle it
        offset = 8 + header_size
        offset += _pad(offset)
        spans = []
        for segment in segments:
            spans.append([offset, len(segment)])
            offset += len(segment) + _pad(len(segment))
        header = json.dumps({"segments": spans}, separators=(",", ":")).encode()
        if len(header) == header_size:
            break
        header_size = len(header)
    out = bytearray(MAGIC + struct.pack("<I", len(header)) + header)
    out += b"\0" * _pad(len(out))
    for segment in segments:
        out += segment
        out += b"\0" * _pad(len(segment))
    return bytes(out)


class Segment:
    """A segment read in place from a buffer (bytes or an mmap); nothing is copied but its small JSON meta."""

    def __init__(self, buffer: bytes | memoryview, start: int = 0, length: int | None = None) -> None:
        view = memoryview(buffer)[start : start + length if length is not None else None]
        if bytes(view[:4]) != SEGMENT_MAGIC:
            raise ValueError("not a knowledge index segment")
        (meta_size,) = struct.unpack("<I", view[4:8])
        meta = json.loads(bytes(view[8 : 8 + meta_size]))
        base = 8 + meta_size
        self.raw = view
        self.documents: int = meta["documents"]
        self.term_count: int = meta["terms"]
        self.average_length: float = meta["average_length"]
        self.sources: list[SourceRef] = [(str(s), int(g)) for s, g in meta["sources"]]

        def section(name: str, fmt: Literal["B", "H", "I"]) -> memoryview:
            offset, size = meta["sections"][name]
            part = view[base + offset : base + offset + size]
            return part.cast(fmt) if fmt != "B" else part

        self._terms = section("terms", "B")
        self._term_offsets = section("term_offsets", "I")
        self._post_offsets = section("post_offsets", "I")
        self._post_docs = section("post_docs", "H")
        self._post_impacts = section("post_impacts", "B")
        self.doc_source = section("doc_source", "H")
        self.doc_seq = section("doc_seq", "H")

    @property
    def nbytes(self) -> int:
        return self.raw.nbytes

    def find(self, term: bytes) -> int:
        """The term's number, or -1."""
        offsets, terms = self._term_offsets, self._terms
        lo, hi = 0, self.term_count
        while lo < hi:
            mid = (lo + hi) // 2
            found = terms[offsets[mid] : offsets[mid + 1]].tobytes()
            if found < term:
                lo = mid + 1
            elif found > term:
                hi = mid
            else:
                return mid
        return -1

    def postings(self, number: int) -> tuple[memoryview, memoryview]:
        start, end = self._post_offsets[number], self._post_offsets[number + 1]
        return self._post_docs[start:end], self._post_impacts[start:end]

    def doc(self, number: int) -> tuple[SourceRef, int]:
        return self.sources[self.doc_source[number]], self.doc_seq[number]

    def release(self) -> None:
        """Let go of the buffer (an mmap can only close once no view of it is left)."""
        for name in ("_terms", "_term_offsets", "_post_offsets", "_post_docs", "_post_impacts", "doc_source"):
            getattr(self, name).release()
        self.doc_seq.release()
        self.raw.release()


def open_snapshot(buffer: bytes | memoryview) -> list[Segment]:
    view = memoryview(buffer)
    try:
        if bytes(view[:4]) != MAGIC:
            raise ValueError("not a knowledge index snapshot")
        (header_size,) = struct.unpack("<I", view[4:8])
        header = json.loads(bytes(view[8 : 8 + header_size]))
        return [Segment(view, offset, length) for offset, length in header["segments"]]
    finally:
        view.release()


@dataclass(frozen=True)
class Hit:
    segment: int  # index into the segments searched
    doc: int
    score: float


def search(
    segments: Sequence[Segment],
    query: str,
    limit: int,
    *,
    live: Callable[[int, int], bool] | None = None,
) -> list[Hit]:
    """The best `limit` live documents for `query` across `segments`, best first (ties: earlier segment and
    document first). `live(segment, source_index)` says whether a document's source generation is still the
    searchable one (a deleted or refreshed source's documents stay in a segment until it is compacted)."""
    if limit <= 0:
        return []
    terms = [term.encode() for term in set(tokenize(query))]
    if not terms:
        return []
    total = sum(segment.documents for segment in segments)
    # Per term: its idf (from every segment's document frequency) and its postings in each segment.
    found: list[tuple[float, float, list[tuple[int, memoryview, memoryview]]]] = []
    for term in terms:
        postings = []
        df = 0
        top = 0
        for i, segment in enumerate(segments):
            number = segment.find(term)
            if number >= 0:
                docs, impacts = segment.postings(number)
                df += len(docs)
                top = max(top, max(impacts))
                postings.append((i << 16, docs, impacts))
        if postings:
            weight = math.log(1 + (total - df + 0.5) / (df + 0.5)) * _WEIGHT
            found.append((weight, weight * top, postings))
    # MaxScore: rarest (highest weighted) terms first; once the best the remaining terms could add to a document
    # not yet seen is below the current k-th score, they only update documents already scored.
    found.sort(key=lambda entry: -entry[1])
    remaining = [0.0] * (len(found) + 1)
    for j in range(len(found) - 1, -1, -1):
        remaining[j] = remaining[j + 1] + found[j][1]
    scores: dict[int, float] = {}
    prune = live is None
    for j, (weight, _top, postings) in enumerate(found):
        table = [weight * impact for impact in range(256)]
        closed = prune and len(scores) >= limit and remaining[j] < heapq.nlargest(limit, scores.values())[-1]
        for base, docs, impacts in postings:
            # The term's scores as a dict, built at C speed; then a Python step only where documents overlap.
            keys = map(base.__or__, docs) if base else docs
            term_scores = dict(zip(keys, map(table.__getitem__, impacts), strict=True))
            overlap = scores.keys() & term_scores.keys()
            if closed:  # only documents already scored can still reach the top
                for key in overlap:
                    scores[key] += term_scores[key]
                continue
            for key in overlap:
                term_scores[key] += scores[key]
            scores.update(term_scores)
    if not scores:
        return []
    candidates: Iterable[tuple[int, float]] = scores.items()
    if live is not None:
        sources = [segment.doc_source for segment in segments]
        candidates = (item for item in candidates if live(item[0] >> 16, sources[item[0] >> 16][item[0] & 0xFFFF]))
    best = heapq.nsmallest(limit, candidates, key=lambda item: (-item[1], item[0]))
    return [Hit(key >> 16, key & 0xFFFF, score) for key, score in best if score > 0]
