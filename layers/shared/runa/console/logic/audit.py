"""Every owner action is recorded (who, what, when) before it is carried out, so none goes unrecorded; an
entry whose action then failed reads as an attempt."""

from __future__ import annotations

import re
from datetime import datetime

from runa.console.models import AuditEntry
from runa.console.owner import Owner
from runa.core.clock import iso_utc

# An entry's place in the account's trail (its sort key): `<at>#<ULID>`.
ENTRY_POSITION = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]{8,15}Z#[0-9A-HJKMNP-TV-Z]{26}")


def entry(owner: Owner, action: str, target: str, at: datetime, **detail: str) -> AuditEntry:
    return AuditEntry(
        at=iso_utc(at),
        actor_id=owner.user_id,
        actor_email=owner.email,
        action=action,
        target=target,
        detail={name: value for name, value in detail.items() if value},
    )
