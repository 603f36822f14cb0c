"""`keys create | revoke | list`: the secret is printed once, only its hash is stored."""

from __future__ import annotations

import argparse
import json

from runa.auth import store
from runa.auth.keys import PREFIX_BY_ENVIRONMENT, make_key
from runa.core.caller import API_SCOPES
from runa_ops.admin import limits
from runa_ops.admin.accounts import require_account


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("keys", help="create, revoke and list API keys").add_subparsers(
        dest="command", required=True
    )
    create = commands.add_parser("create", help="make a key and print it once")
    create.add_argument("--env", required=True, choices=sorted(PREFIX_BY_ENVIRONMENT))
    create.add_argument("--account", required=True)
    create.add_argument("--product", help="agent keys belong to one product (prod_...)")
    create.add_argument(
        "--scope",
        help=f"the APIs the key may call, comma-separated: {', '.join(API_SCOPES)} (payouts = /v2, agent = /v1). "
        "Default: agent with --product, else payouts. A key for both is an explicit choice: --scope payouts,agent. "
        "Any other API answers 403 forbidden.",
    )
    create.set_defaults(run=create_key)

    revoke = commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    revoke.set_defaults(run=revoke_key)

    listing = commands.add_parser("list", help="list keys without secrets")
    listing.add_argument("--account")
    listing.set_defaults(run=list_keys)


def create_key(args: argparse.Namespace) -> int:
    if args.product and not args.product.startswith("prod_"):
        raise SystemExit("--product must look like prod_...")
    scopes = tuple(part.strip() for part in args.scope.split(",") if part.strip()) if args.scope else None
    try:
        new = make_key(args.env, require_account(args.account), args.product, scopes)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    store.put_key(new.stored)
    limits.ensure_plan(f"{args.env}#{args.account}")  # API Gateway refuses (403) an account without a plan
    print(
        json.dumps(
            {
                "key": new.plaintext,
                "key_id": new.stored.key_id,
                "environment": args.env,
                "account": args.account,
                "product": args.product,
                "scopes": list(new.stored.scopes),
            }
        )
    )
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    key = store.revoke_key(args.key_id)
    print(json.dumps({"key_id": key.key_id, "status": key.status, "revoked_at": key.revoked_at}))
    return 0


def list_keys(args: argparse.Namespace) -> int:
    if args.account:
        require_account(args.account)
    for key in store.list_keys(args.account):
        print(
            json.dumps(
                {
                    "key_id": key.key_id,
                    "environment": key.environment,
                    "account": key.account_id,
                    "product": key.product_id,
                    "scopes": list(key.api_scopes),
                    "status": key.status,
                    "created_at": key.created_at,
                }
            )
        )
    return 0
