"""Who is calling, as the authorizer decided: what logic receives instead of the raw event.

Its own module so that domain logic and the authorizer can use it without loading Powertools' REST resolver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runa.core.errors import Forbidden, Unauthorized

PRODUCTION = "production"
PLAYGROUND = "playground"


@dataclass(frozen=True)
class Caller:
    """Who is calling, as the authorizer decided. Logic receives this, never the raw event."""

    account_id: str
    environment: str  # "production" | "playground"
    key_id: str
    product_id: str | None = None

    @property
    def is_playground(self) -> bool:
        return self.environment == PLAYGROUND

    @property
    def scope(self) -> str:
        """Partition of all account data: production and playground never see each other's records."""
        return f"{self.environment}#{self.account_id}"

    def require_product(self) -> str:
        if not self.product_id:
            raise Forbidden("This route needs an agent key that belongs to a product.")
        return self.product_id

    @property
    def product_owner(self) -> str:
        """Owner of every agent record (conversations, tools, counters, knowledge): a product id alone is not
        unique across accounts, and playground and production must never share data."""
        return f"{self.environment}#{self.account_id}#{self.require_product()}"


def caller_from_event(event: dict[str, Any]) -> Caller:
    context = (event.get("requestContext") or {}).get("authorizer") or {}
    account_id = context.get("accountId")
    if not account_id:
        # Only reachable when a function is invoked without the authorizer in front of it.
        raise Unauthorized()
    return Caller(
        account_id=account_id,
        environment=context.get("environment", PLAYGROUND),
        key_id=context.get("keyId", ""),
        product_id=context.get("productId") or None,
    )
