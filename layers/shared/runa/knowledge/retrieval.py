"""What the agent calls: `search(owner, query)` -> the best passages of the product's knowledge.

The BM25 index of a product is built in this process from its chunks, and kept between invocations. Before
each search one strongly consistent GetItem reads the product's index version; only when it moved (a source
became ready, was refreshed or deleted) are the chunks read again and the index rebuilt. So a new source is
searchable as soon as it is ready and a deleted one is gone from the very next answer, while a question costs
one small read plus the in-memory lookup.

Why rebuild here rather than store a serialized index on write: the chunks are already in DynamoDB, an index
of 10k chunks builds in well under a second (devtools/bench/knowledge_bm25.py), and a stored index would need
S3 or sharding across 400 KB items plus a second consistency story between it and the chunks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from runa.knowledge.data import chunks as chunk_store
from runa.knowledge.data import index_version
from runa.knowledge.logic.bm25 import BM25Index
from runa.knowledge.models import Passage

__all__ = ["Passage", "search"]

MAX_LIMIT = 20
# What one process keeps (least recently used dropped first): a few products, and a bound on their chunks so a
# 512 MB function holds them (50k chunks: ~55 MB of index at the build's peak, devtools/bench/knowledge_bm25.py,
# plus ~60 MB of their text).
CACHED_PRODUCTS = 8
CACHED_CHUNKS = 60_000


@dataclass(frozen=True)
class _Hit:
    source_id: str
    name: str
    url: str | None
    text: str


@dataclass(frozen=True)
class _Cached:
    version: int
    index: BM25Index[_Hit]
    names: tuple[str, ...]  # of the searchable sources


_cache: OrderedDict[str, _Cached] = OrderedDict()
_lock = threading.Lock()


def _build(owner: str, version: int) -> _Cached:
    sources, chunks = chunk_store.load_partition(owner)
    active = {
        str(source["id"]): (int(source["active_generation"]), str(source["name"]), source.get("url"))
        for source in sources
        if source.get("active_generation") is not None
    }
    hits: list[_Hit] = []
    for chunk in chunks:
        found = active.get(chunk.source_id)
        if found and found[0] == chunk.generation:
            hits.append(_Hit(chunk.source_id, found[1], chunk.url, chunk.text))
    names = tuple(sorted({name for _, name, _ in active.values()}, key=str.lower))
    return _Cached(version, BM25Index(hits, (hit.text for hit in hits)), names)


def _cached(owner: str) -> _Cached | None:
    version = index_version.current(owner)
    if version == 0:
        return None
    with _lock:
        cached = _cache.get(owner)
        if cached is not None and cached.version == version:
            _cache.move_to_end(owner)
            return cached
    built = _build(owner, version)
    with _lock:
        _cache[owner] = built
        _cache.move_to_end(owner)
        while len(_cache) > 1 and (
            len(_cache) > CACHED_PRODUCTS or sum(len(c.index) for c in _cache.values()) > CACHED_CHUNKS
        ):
            _cache.popitem(last=False)
    return built


def search(owner: str, query: str, limit: int = 4) -> list[Passage]:
    """The top `limit` passages for `query` among the product's indexed sources, best first; [] when nothing
    matches. Passage text is untrusted: the agent puts it in a prompt only as delimited data
    (`runa.agent.logic.prompt.system_prompt`)."""
    cached = _cached(owner) if query.strip() else None
    if cached is None:
        return []
    index = cached.index
    return [
        Passage(source_id=hit.source_id, name=hit.name, url=hit.url, text=hit.text, score=round(score, 4))
        for hit, score in index.search(query, max(1, min(limit, MAX_LIMIT)))
    ]


def source_names(owner: str) -> list[str]:
    """The names of the product's searchable sources (what the agent can answer from), from the same cache."""
    cached = _cached(owner)
    return list(cached.names) if cached else []


def clear_cache() -> None:
    """Forget every cached index (tests start a fresh table per case)."""
    with _lock:
        _cache.clear()
