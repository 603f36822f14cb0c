"""The operator's tool: `runa-admin <area> <command> ...` (or `python -m runa_ops.admin ...`).

It talks to the same DynamoDB as the functions: the moto server of the local API (AWS_ENDPOINT_URL and the
table variables that `make dev` prints), or a deployed stack with `--stack NAME` (names read from the stack).
"""

from __future__ import annotations

import argparse
import sys

from runa.core.errors import DomainError
from runa_ops.admin import balance, catalogue, dlq, keys, limits, stack, webhooks

AREAS = (keys, limits, balance, webhooks, catalogue, dlq)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="runa-admin", description=__doc__)
    parser.add_argument("--stack", help="read table and queue names from this deployed CloudFormation stack")
    areas = parser.add_subparsers(dest="area", required=True)
    for area in AREAS:
        area.register(areas)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.stack:
        stack.export_stack_names(args.stack)
    try:
        return int(args.run(args) or 0)
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
