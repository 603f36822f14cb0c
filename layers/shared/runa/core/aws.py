"""botocore clients, created lazily so tests can start moto first, all from one botocore Session per process.

One Session: each Session builds its own loader and parses the endpoint and service models again, the costly part
of a client on a cold start. A Session is not thread-safe, so clients are made under a lock (the local API and the
concurrency tests run handlers on threads; Lambda runs one request per process).

botocore, not boto3: importing the boto3 package costs about 83 M instructions at every cold start (its __init__
loads boto3.session, the resource factory, its docs, s3transfer and multiprocessing), and the functions need none
of it; DynamoDB items go through `runa.core.dynamodb` instead of boto3's resource API. botocore honours
AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>), which the local API sets to its moto server. Only data-access
modules (and the model adapter) call these.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from runa.core.dynamodb import Table

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=3, read_timeout=10)
# A model answer can take longer than a table read; one retry only, so throttling reaches the client as a quick 429.
_SERVICE_CONFIG = {
    "bedrock-runtime": Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=3, read_timeout=20),
}


_LOCK = threading.RLock()


@cache
def session() -> botocore.session.Session:
    return botocore.session.Session()


@cache
def client(service: str) -> Any:
    config = _SERVICE_CONFIG.get(service, _CONFIG)
    with _LOCK:
        return session().create_client(service, config=config)


def error_code(error: ClientError) -> str:
    """AWS's error code (e.g. ConditionalCheckFailedException); "" when the response carries none."""
    return str(error.response.get("Error", {}).get("Code", ""))


def table(name: str) -> Table:
    """A DynamoDB table that takes and returns plain Python values (runa.core.dynamodb), on the shared client."""
    from runa.core.dynamodb import Table  # here: runa.core.dynamodb imports this module

    return Table(client("dynamodb"), name)


def reset_clients() -> None:
    """Forget the cached Session and its clients (tests start and stop moto around each case)."""
    client.cache_clear()
    session.cache_clear()
