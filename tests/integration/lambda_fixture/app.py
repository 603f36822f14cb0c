"""A throwaway function for tests/integration/test_lambda_environments.py: it reports where and how it runs."""

from __future__ import annotations

import os
import time
from typing import Any

calls = 0  # module state: one count per execution environment
clients_at_init: list[str] = []
if os.environ.get("ORDERS_TABLE"):  # a function that names a table: its init makes the DynamoDB client
    from runa.core import aws
    from runa.core.settings import require_settings

    require_settings("orders_table")
    clients_at_init = [aws.client("dynamodb").meta.endpoint_url] if aws.client.cache_info().currsize else []


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global calls
    calls += 1
    if event.get("raise"):
        raise ValueError("boom")
    if event.get("models"):  # the AWS models a new Session of this environment finds already parsed
        import botocore.session

        cache = botocore.session.Session().get_component("data_loader")._cache
        return {"parsed": sorted({key[1] for key in cache if key[0] == "load_service_model"})}
    if event.get("client"):  # the client this environment's init made, and where it sends
        return {"pid": os.getpid(), "at_init": clients_at_init}
    time.sleep(float(event.get("sleep", 0)))
    return {
        "pid": os.getpid(),
        "calls": calls,
        "color": os.environ.get("COLOR"),
        "parent_only": os.environ.get("PARENT_ONLY"),
        "request_id": context.aws_request_id,
        "remaining_ms": context.get_remaining_time_in_millis(),
    }
