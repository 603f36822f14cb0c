"""Worker-process side of the concurrency tests: each process is one "Lambda container" calling the orders API.

Why processes and not threads for the API: Powertools keeps the current event on the resolver *class*
(`BaseRouter.current_event`), which is right for Lambda (one request per container at a time) but means two
threads in one process would read each other's requests. Separate processes are exactly Lambda's model.
This module must not import tests.conftest (it rewrites the AWS environment on import).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
_handler: Any = None
_template: dict[str, Any] = {}


class _Context:
    function_name = "payouts-orders"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:payouts-orders"
    aws_request_id = "00000000-0000-0000-0000-000000000000"
    log_group_name = "/aws/lambda/payouts-orders"
    log_stream_name = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def warm(_: int) -> bool:
    """Import the function once per process, so the timed calls start together."""
    global _handler
    if _handler is None:
        from devtools.functions import load_handler

        _handler = load_handler("functions/payouts_orders/")
        _template.update(json.loads((ROOT / "events" / "v2_order_create.json").read_text()))
    return True


def post_order(args: tuple[str, dict[str, Any], dict[str, str], str]) -> tuple[int, Any]:
    """POST /v2/order as `caller` with `body` and idempotency key; returns (status, JSON body)."""
    key, body, caller, mode = args
    warm(0)
    event = copy.deepcopy(_template)
    event["body"] = json.dumps(body)
    headers = {"Content-Type": "application/json", "X-Idempotency-Key": key, "X-Execution-Mode": mode}
    event["headers"] = headers
    event["multiValueHeaders"] = {name: [value] for name, value in headers.items()}
    event["requestContext"]["authorizer"] = {"principalId": caller["keyId"], **caller}
    response = _handler(event, _Context())
    return response["statusCode"], json.loads(response["body"])
