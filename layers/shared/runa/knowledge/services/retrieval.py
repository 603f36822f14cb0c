"""Wiring: the index pointer, the searchable sources, the snapshot files and the chunks behind the retrieval
rules' ports, and the process's one cache of loaded indexes (the chat and console functions call these)."""

from __future__ import annotations

import os
from functools import cache

from runa.core.settings import get_settings
from runa.knowledge.data import chunks, index_version, snapshots
from runa.knowledge.logic import retrieval
from runa.knowledge.models import Passage

# Without a setting: this share of the function's memory for cached indexes (the rest: the runtime, the request).
MEMORY_SHARE = 0.4
DEFAULT_BUDGET_BYTES = 200_000_000


def retrieval_ports() -> retrieval.RetrievalPorts:
    # Built per call, from the modules' current functions (tests may replace one).
    return retrieval.RetrievalPorts(
        read_pointer=index_version.pointer,
        active_sources=chunks.active_sources,
        open_snapshot=snapshots.open_snapshot,
        load_chunks=chunks.load_generation,
        get_chunks=chunks.get_many,
        source_segment=snapshots.source_segment,
    )


def budget_bytes() -> int:
    configured = get_settings().knowledge_cache_bytes
    if configured:
        return configured
    memory_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
    return int(int(memory_mb) * 1_000_000 * MEMORY_SHARE) if memory_mb.isdigit() else DEFAULT_BUDGET_BYTES


@cache
def retriever() -> retrieval.Retriever:
    return retrieval.Retriever(budget_bytes=budget_bytes())


def search(owner: str, query: str, limit: int = 4) -> list[Passage]:
    """The top `limit` passages for `query` among the product's searchable sources, best first; [] when nothing
    matches. Passage text is untrusted: the agent puts it in a prompt only as delimited data."""
    return retriever().search(owner, query, limit, retrieval_ports())


def source_names(owner: str) -> list[str]:
    """The names of the product's searchable sources (what the agent can answer from)."""
    return retriever().source_names(owner, retrieval_ports())


def clear_cache() -> None:
    """Forget every loaded index (tests start a fresh table per case) and the budget read with it."""
    retriever().clear()
    retriever.cache_clear()
