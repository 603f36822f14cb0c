"""What the agent calls: `search(product_id, query)` -> the best passages of the product's knowledge.

Stub until the index lands; the contract (names and fields) is final.
"""

from __future__ import annotations

from runa.knowledge.models import Passage

__all__ = ["Passage", "search"]


def search(product_id: str, query: str, limit: int = 4) -> list[Passage]:
    """The top `limit` passages for `query` among the product's ready sources, best first."""
    return []
