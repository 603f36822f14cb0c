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
