"""Wiring: the balances store behind the balance read's ports. A module of its own so the ping-and-balance
function does not import the order rules and their stores."""

from __future__ import annotations

from decimal import Decimal

from runa.core.caller import Caller
from runa.payouts.data import balances
from runa.payouts.logic import balances as balance_logic
from runa.payouts.models.balance import Balance


def balance_ports() -> balance_logic.BalancePorts:
    return balance_logic.BalancePorts(get_balance=balances.get_balance, list_balances=balances.list_balances)


def get_balances(caller: Caller, currency: str | None) -> Balance | list[Balance]:
    return balance_logic.get_balances(caller, currency, balance_ports())


# ---------------------------------------------------------------- the account owner's view (the console)


def balances_of(scope: str) -> dict[str, Decimal]:
    """Every balance of one account and environment, by currency."""
    return balances.list_balances(scope)


def ledger_of(scope: str) -> list[balances.Movement]:
    """Every movement of one account and environment's balances (top-ups, order debits, refunds)."""
    return balances.list_movements(scope)


def ledger_page(
    scope: str, currencies: list[str], limit: int, before: str | None
) -> tuple[list[balances.Movement], str | None]:
    """A page of the movements of those currencies' balances, newest first, older than the movement `before`."""
    return balances.movements_page(scope, currencies, limit, before)
