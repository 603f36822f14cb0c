"""Whose data a request reads and writes.

The owner of every agent record is `owner_of(caller)` = "<environment>#<account>#<product>": it is part of every
key, so one product's key cannot name another product's conversation, tool or counter, and playground never sees
production.
"""

from __future__ import annotations

from runa.core.caller import Caller


def owner_of(caller: Caller) -> str:
    return caller.product_owner
