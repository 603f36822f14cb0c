"""boto3 clients, created lazily so tests can start moto first, all from one boto3 Session per process.

One Session: each Session builds its own botocore loader and parses the endpoint and service models again, the
costly part of a client on a cold start. A Session is not thread-safe, so clients are made under a lock (the
local API and the concurrency tests run handlers on threads; Lambda runs one request per process).

boto3 honours AWS_ENDPOINT_URL, which the local API sets to its moto server. Only data-access modules
(and the model adapter) call these.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=3, read_timeout=10)
# A model answer can take longer than a table read; one retry only, so throttling reaches the client as a quick 429.
_SERVICE_CONFIG = {
    "bedrock-runtime": Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=3, read_timeout=20),
}


_LOCK = threading.RLock()


@cache
def session() -> boto3.session.Session:
    return boto3.session.Session()


@cache
def client(service: str) -> Any:
    config = _SERVICE_CONFIG.get(service, _CONFIG)
    with _LOCK:
        return session().client(service, config=config)  # type: ignore[call-overload]


@cache
def resource(service: str) -> Any:
    with _LOCK:
        return session().resource(service, config=_CONFIG)  # type: ignore[call-overload]


def error_code(error: ClientError) -> str:
    """AWS's error code (e.g. ConditionalCheckFailedException); "" when the response carries none."""
    return str(error.response.get("Error", {}).get("Code", ""))


def table(name: str) -> Any:
    return resource("dynamodb").Table(name)


def reset_clients() -> None:
    """Forget the cached Session and its clients (tests start and stop moto around each case)."""
    client.cache_clear()
    resource.cache_clear()
    session.cache_clear()
