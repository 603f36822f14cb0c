"""The operator's tool: `runa-admin <area> <command> ...` (or `python -m runa_ops.admin ...`).

It talks to the same DynamoDB as the functions: the running local API by default (it reads .local/env.sh, which
`make dev` writes), or a deployed stack with `--stack NAME` (table and queue names read from the stack, with your
AWS credentials). Accounts are created only by `accounts create`; every other command refuses an unknown account.
Errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
)

from runa.core.errors import DomainError
from runa_ops.admin import accounts, balance, catalogue, dlq, keys, limits, orders, target, webhooks
from runa_ops.admin.errors import OperatorError

AREAS = (accounts, keys, limits, balance, orders, webhooks, catalogue, dlq)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runa-admin", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", help="a deployed CloudFormation stack (default: the local API of `make dev`)")
    areas = parser.add_subparsers(dest="area", required=True)
    for area in AREAS:
        area.register(areas)
    return parser


def _run(args: argparse.Namespace) -> int:
    where = target.use_stack(args.stack) if args.stack else target.use_local()
    try:
        return int(args.run(args) or 0)
    except EndpointConnectionError as error:
        hint = "" if args.stack else ": is the local API running (`make dev`)?"
        raise OperatorError(f"cannot reach {error.kwargs.get('endpoint_url') or where}{hint}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (OperatorError, DomainError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        print(f"error: {message}", file=sys.stderr)
    except (NoCredentialsError, PartialCredentialsError):
        print(
            "error: no AWS credentials: configure a profile (aws configure, AWS_PROFILE) or use the local API",
            file=sys.stderr,
        )
    except NoRegionError:
        print("error: no AWS region: set AWS_DEFAULT_REGION (or a region in your AWS profile)", file=sys.stderr)
    except ClientError as error:
        details = error.response.get("Error", {})
        print(
            f"error: AWS refused {error.operation_name}: {details.get('Code')}: {details.get('Message')}",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the operator gets one line, never a traceback
        print(f"error: unexpected {type(error).__name__}: {error}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
