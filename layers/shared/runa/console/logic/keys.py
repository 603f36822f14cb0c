"""API keys in the console: create (the secret shown once), list, revoke. An owner sees only their account's keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from runa.auth.keys import ACTIVE, PREFIX_BY_ENVIRONMENT, StoredKey, make_key
from runa.console.logic import paging
from runa.console.logic.audit import entry
from runa.console.models import AuditEntry, KeyCreate, KeyCreated, KeyList, KeyOut
from runa.console.owner import Owner
from runa.core.errors import NotFound

# A key's place in the account's list (gsi1sk): `<created_at>#<key id>`.
KEY_POSITION = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]{8,15}(Z|\+00:00)#[0-9a-f]{16}")


@dataclass(frozen=True)
class KeyPorts:
    """The key store (runa.auth.store) and the audit trail; `runa.console.services.keys` wires the real ones."""

    put_key: Callable[[StoredKey], None]
    get_key: Callable[[str], StoredKey | None]
    revoke_key: Callable[[str], StoredKey]
    # (account, limit, sort key to continue after) -> (keys newest first, sort key to continue from or None)
    account_keys_page: Callable[[str, int, str | None], tuple[list[StoredKey], str | None]]
    record: Callable[[str, AuditEntry], None]  # (account_id, entry)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def view(key: StoredKey) -> KeyOut:
    return KeyOut(
        key_id=key.key_id,
        hint=f"{PREFIX_BY_ENVIRONMENT[key.environment]}{key.key_id}",
        environment=key.environment,  # only the two environments are ever stored
        product_id=key.product_id,
        scopes=list(key.api_scopes),
        status=key.status,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


def create_key(owner: Owner, request: KeyCreate, ports: KeyPorts) -> KeyCreated:
    new = make_key(request.environment, owner.account_id, request.product_id)
    ports.record(
        owner.account_id,
        entry(
            owner,
            "key.create",
            new.stored.key_id,
            ports.now(),
            environment=request.environment,
            product_id=request.product_id or "",
        ),
    )
    ports.put_key(new.stored)
    return KeyCreated(key=new.plaintext, **view(new.stored).model_dump())


def list_keys(owner: Owner, limit: int, cursor: str | None, ports: KeyPorts) -> KeyList:
    """One page of the account's keys, newest first (revoked ones included, each with its status): an account may
    hold more keys than a page, and only creation order can be paged through the index."""
    keys, last = ports.account_keys_page(owner.account_id, limit, paging.position(cursor, KEY_POSITION))
    return KeyList(keys=[view(key) for key in keys], nextCursor=paging.next_cursor(last))


def revoke_key(owner: Owner, key_id: str, ports: KeyPorts) -> KeyOut:
    key = ports.get_key(key_id)
    if key is None or key.account_id != owner.account_id:
        # Another account's key is answered exactly like a missing one: nothing leaks across accounts.
        raise NotFound(f"No key with id {key_id}.")
    if key.status != ACTIVE:
        return view(key)  # revoking twice is harmless and records nothing new
    ports.record(owner.account_id, entry(owner, "key.revoke", key_id, ports.now(), environment=key.environment))
    return view(ports.revoke_key(key_id))
