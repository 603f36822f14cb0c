"""`orders stuck | reconcile`: money in limbo, found and settled (docs/operations.md, "Nothing in limbo").

`stuck` lists what the due index holds: orders still PROCESSING (their money taken, nothing delivered yet) and
terminal orders whose webhook event is not delivered, oldest first, with their age and how often the sweeper
re-drove them. `reconcile` does now what the sweeper does every minute (runa.payouts.logic.recovery): it queues
overdue orders and webhook events again and ends orders past their deadline as FAILED with their money returned,
each exactly once; it first puts into the due index any PROCESSING order placed before the index existed (a Scan).
Both are safe to run at any time, as often as you like.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict

from runa.payouts.services import recovery


def register(areas: argparse._SubParsersAction) -> None:
    commands = areas.add_parser("orders", help="find and settle orders in limbo").add_subparsers(
        dest="command", required=True
    )
    stuck = commands.add_parser("stuck", help="list orders still PROCESSING and webhook events not yet delivered")
    stuck.add_argument(
        "--older-than", type=_seconds, default=0, help="only those due at least this many seconds (default: all)"
    )
    stuck.set_defaults(run=run_stuck)

    reconcile = commands.add_parser("reconcile", help="re-drive overdue orders, fail and refund those past deadline")
    reconcile.add_argument(
        "--redrive-after",
        type=_seconds,
        help="queue again an order PROCESSING this many seconds (default: ORDER_REDRIVE_SECONDS, else 120)",
    )
    reconcile.add_argument(
        "--deadline",
        type=_seconds,
        help="fail and refund an order PROCESSING this many seconds (default: ORDER_DEADLINE_SECONDS, else 900)",
    )
    reconcile.set_defaults(run=run_reconcile)


def _seconds(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a number of seconds such as 900") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError("seconds cannot be negative")
    return seconds


def run_stuck(args: argparse.Namespace) -> int:
    now = int(time.time())
    for kind in ("ORDER", "WEBHOOK"):
        for due in recovery.due(kind, args.older_than):
            line = {
                "order_id": due.order_id,
                "scope": due.scope,
                "owed": "processing" if kind == "ORDER" else "webhook",
                "age_seconds": now - due.created_at,
                "due_for_seconds": now - due.due_at,
                "sweeps": due.sweeps,
            }
            print(json.dumps(line))
    return 0


def run_reconcile(args: argparse.Namespace) -> int:
    indexed = recovery.index_unindexed()
    # Settings are read now, once the target (local or --stack) is set; the options override the order times.
    report = recovery.sweep(recovery.deadlines(redrive_seconds=args.redrive_after, deadline_seconds=args.deadline))
    print(json.dumps({"indexed": indexed, **asdict(report)}))
    return 0 if report.errors == 0 else 1
