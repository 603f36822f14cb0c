"""`balance top-up | show | check`: operator-only funding of an account, and the ledger audit.

There is no API to fund an account: a top-up is recorded as a ledger movement in the same transaction that
raises the balance, so `check` can prove each balance equals the sum of its movements.
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal, InvalidOperation

from runa.auth.keys import PREFIX_BY_ENVIRONMENT
from runa.payouts.data import balances
from runa.payouts.models.common import CENT, CURRENCY_PATTERN, money

# A sanity cap on one operator command, so a typo cannot add a fortune.
MAX_TOP_UP = Decimal("1000000.00")


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("balance", help="top up, show and audit account balances").add_subparsers(
        dest="command", required=True
    )
    top_up = commands.add_parser("top-up", help="add money to a balance (recorded in the ledger)")
    _scope_arguments(top_up)
    top_up.add_argument("--currency", required=True, type=_currency)
    top_up.add_argument("--amount", required=True, type=_amount, help="e.g. 1000.00")
    top_up.set_defaults(run=run_top_up)

    show = commands.add_parser("show", help="print every balance of an account")
    _scope_arguments(show)
    show.set_defaults(run=run_show)

    check = commands.add_parser("check", help="verify every balance equals the sum of its ledger movements")
    _scope_arguments(check)
    check.set_defaults(run=run_check)


def _scope_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    parser.add_argument("--account", required=True)


def _currency(value: str) -> str:
    if not re.fullmatch(CURRENCY_PATTERN, value):
        raise argparse.ArgumentTypeError("currency must be an ISO 4217 code such as USD")
    return value


def _amount(value: str) -> Decimal:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError("amount must be a number such as 100.00") from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_TOP_UP or amount != amount.quantize(CENT):
        raise argparse.ArgumentTypeError(f"amount must be positive, at most {MAX_TOP_UP}, with two decimals at most")
    return amount


def _scope(args: argparse.Namespace) -> str:
    return f"{args.env}#{args.account}"


def run_top_up(args: argparse.Namespace) -> int:
    balance = balances.top_up(_scope(args), args.currency, args.amount)
    print(
        json.dumps(
            {
                "environment": args.env,
                "account": args.account,
                "currency": args.currency,
                "added": money(args.amount),
                "balance": money(balance),
            }
        )
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    for currency, amount in sorted(balances.list_balances(_scope(args)).items()):
        print(json.dumps({"currency": currency, "balance": money(amount)}))
    return 0


def audit(scope: str) -> list[dict[str, str | bool]]:
    """One line per currency: the balance, the sum of its movements, and whether they agree."""
    stored = balances.list_balances(scope)
    sums: dict[str, Decimal] = {}
    for movement in balances.list_movements(scope):
        sums[movement.currency] = sums.get(movement.currency, Decimal(0)) + movement.amount
    return [
        {
            "currency": currency,
            "balance": money(stored.get(currency, Decimal(0))),
            "ledger": money(sums.get(currency, Decimal(0))),
            "ok": stored.get(currency, Decimal(0)) == sums.get(currency, Decimal(0)),
        }
        for currency in sorted(set(stored) | set(sums))
    ]


def run_check(args: argparse.Namespace) -> int:
    lines = audit(_scope(args))
    for line in lines:
        print(json.dumps(line))
    return 0 if all(line["ok"] for line in lines) else 1
