"""Wiring of the console's keys pages: the key store and the audit trail behind KeyPorts."""

from __future__ import annotations

from runa.auth import store as key_store
from runa.console.data import audit as audit_store
from runa.console.logic import keys as keys_logic
from runa.console.models import AuditList, KeyCreate, KeyCreated, KeyList, KeyOut, Me
from runa.console.owner import Owner

AUDIT_PAGE = 50


def key_ports() -> keys_logic.KeyPorts:
    return keys_logic.KeyPorts(
        put_key=key_store.put_key,
        get_key=key_store.get_key,
        revoke_key=key_store.revoke_key,
        account_keys=key_store.list_account_keys,
        record=audit_store.record,
    )


def me(owner: Owner) -> Me:
    return Me(email=owner.email, account_id=owner.account_id)


def create_key(owner: Owner, request: KeyCreate) -> KeyCreated:
    return keys_logic.create_key(owner, request, key_ports())


def list_keys(owner: Owner) -> KeyList:
    return keys_logic.list_keys(owner, key_ports())


def revoke_key(owner: Owner, key_id: str) -> KeyOut:
    return keys_logic.revoke_key(owner, key_id, key_ports())


def audit(owner: Owner) -> AuditList:
    return AuditList(entries=audit_store.recent(owner.account_id, AUDIT_PAGE))
