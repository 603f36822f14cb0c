"""`accounts create | list`: the customer accounts that keys, balances and webhooks may belong to."""

from __future__ import annotations

import argparse
import json

from runa_ops import accounts as registry
from runa_ops.admin.errors import OperatorError


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("accounts", help="create and list customer accounts").add_subparsers(
        dest="command", required=True
    )
    create = commands.add_parser("create", help="create an account (the only command that does)")
    create.add_argument("--account", required=True, type=account_name)
    create.set_defaults(run=run_create)

    listing = commands.add_parser("list", help="list every account")
    listing.set_defaults(run=run_list)


def account_name(value: str) -> str:
    if not registry.ACCOUNT_NAME.fullmatch(value):
        raise argparse.ArgumentTypeError("an account is 1-63 lower-case letters, digits and dashes, e.g. acme")
    return value


def require_account(name: str) -> str:
    """The name of an account that exists; a mistyped --account stops here instead of creating one."""
    if not registry.exists(name):
        raise OperatorError(
            f"unknown account '{name}': create it first with `runa-admin accounts create --account {name}`"
        )
    return name


def run_create(args: argparse.Namespace) -> int:
    created = registry.create(args.account)
    print(json.dumps({"account": args.account, "created": created}))
    return 0


def run_list(args: argparse.Namespace) -> int:
    for account in registry.list_accounts():
        print(json.dumps(account))
    return 0
