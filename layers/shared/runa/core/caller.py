"""Who is calling, as the authorizer decided: what logic receives instead of the raw event.

Its own module so that domain logic and the authorizer can use it without loading Powertools' REST resolver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runa.core.errors import Forbidden, Unauthorized

PRODUCTION = "production"
PLAYGROUND = "playground"

# Key scopes: the APIs a key may call. Each API is a path prefix of the one REST API.
PAYOUTS_SCOPE = "payouts"
AGENT_SCOPE = "agent"
API_SCOPES = (PAYOUTS_SCOPE, AGENT_SCOPE)
SCOPE_BY_PREFIX = {"/v2/": PAYOUTS_SCOPE, "/v1/": AGENT_SCOPE}


def default_scopes(product_id: str | None) -> tuple[str, ...]:
    """The scope of a key made before scopes existed: an agent key (bound to a product) calls the agent API, any
    other key the payouts API. Each keeps working for its own API."""
    return (AGENT_SCOPE,) if product_id else (PAYOUTS_SCOPE,)


@dataclass(frozen=True)
class Caller:
    """Who is calling, as the authorizer decided. Logic receives this, never the raw event."""

    account_id: str
    environment: str  # "production" | "playground"
    key_id: str
    product_id: str | None = None
    api_scopes: tuple[str, ...] = ()  # empty: default_scopes(product_id)

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
    product_id = context.get("productId") or None
    scopes = tuple(part for part in str(context.get("scopes") or "").split(",") if part)
    return Caller(
        account_id=account_id,
        environment=context.get("environment", PLAYGROUND),
        key_id=context.get("keyId", ""),
        product_id=product_id,
        api_scopes=scopes or default_scopes(product_id),
    )
