"""GET /v2/balance: what the account holds, per currency. Kept apart from the order rules so the
ping-and-balance function does not import (and cold-start with) the whole ordering machinery.

The balances store comes in as `BalancePorts` (wired in `runa.payouts.services.balances`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from runa.core.caller import Caller
from runa.payouts.models.balance import Balance
from runa.payouts.models.common import money


@dataclass(frozen=True)
class BalancePorts:
    """What the balance read needs from the store: one balance (0 when never funded), or all of a scope's."""

    get_balance: Callable[[str, str], Decimal]
    list_balances: Callable[[str], dict[str, Decimal]]


def get_balances(caller: Caller, currency: str | None, ports: BalancePorts) -> Balance | list[Balance]:
    """One currency's balance, even at zero; without a currency, every balance above zero, by currency code."""
    if currency:
        return Balance(balance=money(ports.get_balance(caller.scope, currency)), currency=currency)
    return [
        Balance(balance=money(amount), currency=code)
        for code, amount in sorted(ports.list_balances(caller.scope).items())
        if amount > 0
    ]
