"""What the knowledge rules and the page fetcher pass each other: plain records, no HTTP client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PageKind = Literal["html", "text", "markdown"]


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    kind: PageKind
    text: str  # decoded, not yet converted
    size: int  # bytes received


@dataclass(frozen=True)
class ActiveSource:
    """A searchable source: the generation whose chunks answer, and what a citation shows."""

    id: str
    name: str
    url: str | None
    generation: int


@dataclass(frozen=True)
class IndexPointer:
    """The product's index item: `version` moves whenever the searchable knowledge changes; `snapshot_key` names
    the newest compacted snapshot (None before the first), `snapshot_bytes` its size."""

    version: int
    snapshot_key: str | None = None
    snapshot_bytes: int = 0


ChunkRef = tuple[str, int, int]  # (source_id, generation, seq): a chunk's key within its product
