"""Wiring of the console's keys pages: the key store and the audit trail behind KeyPorts."""

from __future__ import annotations

from runa.auth import store as key_store
from runa.console.data import audit as audit_store
from runa.console.logic import audit as audit_logic
from runa.console.logic import keys as keys_logic
from runa.console.logic import paging
from runa.console.models import AuditList, KeyCreate, KeyCreated, KeyList, KeyOut, Me
from runa.console.owner import Owner

DEFAULT_LIMIT, MAX_LIMIT = paging.DEFAULT_LIMIT, paging.MAX_LIMIT


def key_ports() -> keys_logic.KeyPorts:
    return keys_logic.KeyPorts(
        put_key=key_store.put_key,
        get_key=key_store.get_key,
        revoke_key=key_store.revoke_key,
        account_keys_page=key_store.account_keys_page,
        record=audit_store.record,
    )


def me(owner: Owner) -> Me:
    return Me(email=owner.email, account_id=owner.account_id)


def create_key(owner: Owner, request: KeyCreate) -> KeyCreated:
    return keys_logic.create_key(owner, request, key_ports())


def list_keys(owner: Owner, limit: int, cursor: str | None) -> KeyList:
    return keys_logic.list_keys(owner, limit, cursor, key_ports())


def revoke_key(owner: Owner, key_id: str) -> KeyOut:
    return keys_logic.revoke_key(owner, key_id, key_ports())


def audit(owner: Owner, limit: int, cursor: str | None) -> AuditList:
    """One page of the account's audit trail, newest first."""
    entries, last = audit_store.page(owner.account_id, limit, paging.position(cursor, audit_logic.ENTRY_POSITION))
    return AuditList(entries=entries, nextCursor=paging.next_cursor(last))
