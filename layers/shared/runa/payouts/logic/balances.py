"""GET /v2/balance: what the account holds, per currency. Kept apart from the order rules so the
ping-and-balance function does not import (and cold-start with) the whole ordering machinery."""

from __future__ import annotations

from runa.core.caller import Caller
from runa.payouts.data import balances
from runa.payouts.models.balance import Balance
from runa.payouts.models.common import money


def get_balances(caller: Caller, currency: str | None) -> Balance | list[Balance]:
    if currency:
        return Balance(balance=money(balances.get_balance(caller.scope, currency)), currency=currency)
    return [
        Balance(balance=money(amount), currency=code)
        for code, amount in sorted(balances.list_balances(caller.scope).items())
        if amount > 0
    ]
