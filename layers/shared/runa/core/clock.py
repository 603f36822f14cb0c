"""Timestamps as both APIs write them: UTC, ISO 8601, with a `Z` suffix."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal


def epoch_seconds(iso: str) -> int:
    """The epoch second of a timestamp as `iso_utc` writes it (what DynamoDB's number keys and TTLs hold)."""
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def iso_utc(moment: datetime | None = None, timespec: Literal["seconds", "milliseconds"] = "milliseconds") -> str:
    """e.g. "2026-11-23T08:36:12.164Z" (or "2026-11-23T08:36:12Z" with timespec="seconds"); now when no moment."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
