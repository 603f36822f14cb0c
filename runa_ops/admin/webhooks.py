"""`webhooks register | show | attempts`: the account's order.completion endpoint (https) and its signing secret.

`register` prints the signing secret once; store it where your receiver can verify `webhook-signature`.
Registering again replaces the endpoint and its secret.
"""

from __future__ import annotations

import argparse
import json

from runa.auth.keys import PREFIX_BY_ENVIRONMENT
from runa.payouts.data import webhooks as store
from runa.payouts.logic import webhooks
from runa.payouts.services import webhooks as webhook_services
from runa_ops.admin.accounts import require_account
from runa_ops.admin.errors import OperatorError


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("webhooks", help="register the order.completion webhook endpoint").add_subparsers(
        dest="command", required=True
    )
    add = commands.add_parser("register", help="set the endpoint of an account and print its signing secret once")
    add.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    add.add_argument("--account", required=True)
    add.add_argument("--url", required=True, help="https URL on a public address")
    add.set_defaults(run=run_register)

    show = commands.add_parser("show", help="print the endpoint of an account (never its secret)")
    show.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    show.add_argument("--account", required=True)
    show.set_defaults(run=run_show)

    attempts = commands.add_parser("attempts", help="print every delivery attempt of one event (its webhook-id)")
    attempts.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    attempts.add_argument("--account", required=True)
    attempts.add_argument("--id", required=True, help="the event's webhook-id, e.g. msg_O-..._completed")
    attempts.set_defaults(run=run_attempts)


def run_register(args: argparse.Namespace) -> int:
    endpoint, secret = webhook_services.register(f"{args.env}#{require_account(args.account)}", args.url)
    print(
        json.dumps(
            {
                "environment": args.env,
                "account": args.account,
                "url": endpoint.url,
                "events": [webhooks.ORDER_COMPLETION],
                "secret": secret,
            }
        )
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    endpoint = store.get_endpoint(f"{args.env}#{require_account(args.account)}")
    if endpoint is None:
        print(json.dumps({"environment": args.env, "account": args.account, "url": None}))
        return 1
    print(json.dumps({"environment": args.env, "account": args.account, "url": endpoint.url}))
    return 0


def run_attempts(args: argparse.Namespace) -> int:
    attempts = store.list_attempts(f"{args.env}#{require_account(args.account)}", args.id)
    if not attempts:
        hint = " (replace `...` with an order id)" if "..." in args.id else ""
        raise OperatorError(
            f"no delivery attempts of '{args.id}'{hint} for {args.account} in {args.env}: the id is a delivery's "
            "`webhook-id` header, msg_<order id>_completed, and attempts are kept 30 days"
        )
    for attempt in attempts:
        print(json.dumps(attempt))
    return 0
