"""/v2 order bodies the tests place, at every level (unit rules, integration, concurrency, end to end). Plain data:
importing this loads no handler and no AWS stand-in."""

from __future__ import annotations

from typing import Any


def item(
    code: str = "SKY-US",
    face_value: float = 10,
    distribution: dict[str, Any] | None = None,
    products: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "face_value": face_value,
        "distribution_method": distribution or {"type": "PAYOUT_LINK"},
        "products": products or {"type": "SINGLE", "value": code},
    }


def order_body(*items: dict[str, Any], currency: str = "USD", **extra: Any) -> dict[str, Any]:
    return {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": currency},
        "items": list(items) or [item()],
        **extra,
    }
