"""Request and response schemas of the console's management API (/manage/*); the agent pages' are in
runa.console.agent_models and the payouts pages' in runa.console.payouts_models, so each console function builds
only its own pages' models."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from runa.agent.patterns import PRODUCT_ID_PATTERN
from runa.core.schemas import Schema

Environment = Literal["playground", "production"]
# Every list of the console pages as /v1's lists do: `?limit=&cursor=`, and the answer's `nextCursor`.
NEXT_CURSOR = "More follow: pass it as `cursor` for the next page; null on the last page."


class Me(Schema):
    email: str
    account_id: str


class KeyCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    environment: Environment = Field(description="playground keys start xx, production keys start wg")
    product_id: str | None = Field(
        default=None, pattern=PRODUCT_ID_PATTERN, description="Set for an agent key: the product it belongs to."
    )


class KeyOut(Schema):
    key_id: str
    hint: str = Field(description="How the key starts (its prefix and id); the secret is never shown again.")
    environment: Environment
    product_id: str | None = None
    scopes: list[str] = Field(default_factory=list, description="The APIs it may call: `payouts` (/v2), `agent` (/v1).")
    status: Literal["active", "revoked"]
    created_at: str
    last_used_at: str | None = Field(default=None, description="Accurate to five minutes.")
    revoked_at: str | None = None


class KeyCreated(KeyOut):
    key: str = Field(description="The whole key. Shown once: only a hash of its secret is stored.")


class KeyList(Schema):
    keys: list[KeyOut] = Field(description="Newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)


class AuditEntry(Schema):
    at: str
    actor_id: str
    actor_email: str
    action: str = Field(description='e.g. "key.create", "key.revoke"')
    target: str
    detail: dict[str, str] = Field(default_factory=dict)


class AuditList(Schema):
    entries: list[AuditEntry] = Field(description="Newest first.")
    nextCursor: str | None = Field(default=None, description=NEXT_CURSOR)
