"""API keys: `<prefix><id>.<secret>`, prefix `wg` (production) or `xx` (playground).

Only a SHA-256 hash of the secret is stored; the secret has 256 bits of entropy, so a slow hash adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from runa.core.caller import AGENT_SCOPE, API_SCOPES, PLAYGROUND, PRODUCTION, default_scopes

PREFIX_BY_ENVIRONMENT = {PRODUCTION: "wg", PLAYGROUND: "xx"}
ENVIRONMENT_BY_PREFIX = {prefix: env for env, prefix in PREFIX_BY_ENVIRONMENT.items()}
_KEY_PATTERN = re.compile(r"^(wg|xx)([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$")

ACTIVE = "active"
REVOKED = "revoked"


@dataclass(frozen=True)
class ParsedKey:
    prefix: str
    key_id: str
    secret: str

    @property
    def environment(self) -> str:
        return ENVIRONMENT_BY_PREFIX[self.prefix]


@dataclass(frozen=True)
class StoredKey:
    key_id: str
    environment: str
    account_id: str
    secret_hash: str
    status: str
    created_at: str
    product_id: str | None = None
    revoked_at: str | None = None
    last_used_at: str | None = None
    scopes: tuple[str, ...] = ()  # the APIs it may call; empty (a key made before scopes): default_scopes()

    @property
    def api_scopes(self) -> tuple[str, ...]:
        return self.scopes or default_scopes(self.product_id)


@dataclass(frozen=True)
class NewKey:
    """A freshly made key: `plaintext` is shown once and never stored."""

    plaintext: str
    stored: StoredKey


def parse_key(raw: str) -> ParsedKey | None:
    match = _KEY_PATTERN.match(raw.strip())
    if not match:
        return None
    prefix, key_id, secret = match.groups()
    return ParsedKey(prefix=prefix, key_id=key_id, secret=secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(parsed: ParsedKey, stored: StoredKey) -> bool:
    return hmac.compare_digest(hash_secret(parsed.secret), stored.secret_hash)


def check_scopes(scopes: tuple[str, ...], product_id: str | None) -> tuple[str, ...]:
    """The scopes of a new key, sorted; ValueError for an unknown scope, or an agent scope without a product."""
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if not scopes or unknown:
        raise ValueError(f"scopes must be one or more of {', '.join(API_SCOPES)}")
    if AGENT_SCOPE in scopes and not product_id:
        raise ValueError("a key with the agent scope belongs to a product: give --product prod_...")
    if AGENT_SCOPE not in scopes and product_id:
        raise ValueError("--product is only for keys with the agent scope")
    return tuple(scope for scope in API_SCOPES if scope in scopes)


def make_key(
    environment: str, account_id: str, product_id: str | None = None, scopes: tuple[str, ...] | None = None
) -> NewKey:
    """`scopes` defaults to what the product implies (agent with one, payouts without); both is explicit."""
    if environment not in PREFIX_BY_ENVIRONMENT:
        raise ValueError(f"environment must be one of {sorted(PREFIX_BY_ENVIRONMENT)}")
    scopes = check_scopes(scopes if scopes is not None else default_scopes(product_id), product_id)
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    stored = StoredKey(
        key_id=key_id,
        environment=environment,
        account_id=account_id,
        product_id=product_id,
        secret_hash=hash_secret(secret),
        status=ACTIVE,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        scopes=scopes,
    )
    return NewKey(plaintext=f"{PREFIX_BY_ENVIRONMENT[environment]}{key_id}.{secret}", stored=stored)


def key_from_headers(headers: dict[str, str] | None) -> str | None:
    """The key from `X-Api-Key`, or else from `Authorization: Bearer`; header names are case-insensitive."""
    lowered = {name.lower(): value for name, value in (headers or {}).items() if value is not None}
    api_key = lowered.get("x-api-key", "").strip()
    if api_key:
        return api_key
    scheme, _, token = lowered.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None
