"""botocore clients, all from one botocore Session per process: the ones every request needs made at init, the
others on first use.

One Session: each Session builds its own loader and parses the endpoint and service models again, the costly part
of a client on a cold start. A Session is not thread-safe, so clients are made under a lock (the local API and the
concurrency tests run handlers on threads; Lambda runs one request per process).

botocore, not boto3: importing the boto3 package costs about 83 M instructions at every cold start (its __init__
loads boto3.session, the resource factory, its docs, s3transfer and multiprocessing), and the functions need none
of it; DynamoDB items go through `runa.core.dynamodb` instead of boto3's resource API. botocore honours
AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>), which the local API sets to its moto server. Only data-access
modules (and the model adapter) call these.

At init (`prepare`, which `require_settings` calls from every handler's import): the Session and the clients
AT_INIT names for the settings the function declares. The Session and a client cost about 0.3 G instructions, a
quarter of a cold start: made on the first request, the first caller waited for them; made at init, they are part
of the INIT phase, which Lambda runs before any request is routed to the environment (and snapshots, with
SnapStart). Tests forget them between cases (`reset_clients`) and the next use makes new ones, so a test can still
start moto after importing a handler.

Fork-safe: a process forked after init (the local API's execution environments fork from a preloaded server)
forgets the Session and clients it inherited, whose connection pools share sockets with the parent.
"""

from __future__ import annotations

import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.config import Config
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import ClientError
from botocore.loaders import JSONFileLoader, Loader

if TYPE_CHECKING:
    from runa.core.dynamodb import Table

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=3, read_timeout=10)
# A model answer can take longer than a table read; one retry only, so throttling reaches the client as a quick 429.
_SERVICE_CONFIG = {
    "bedrock-runtime": Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=3, read_timeout=20),
}


_LOCK = threading.RLock()

# The client each kind of setting needs, made at init because every request of a function with such a setting
# uses it: a function that names a table reads or writes it on every request (bar /v2/ping, which shares its function
# with /v2/balance). Left lazy, because only some requests need them:
# - SQS (`*_queue_url`): async orders, knowledge create/refresh, a completed order's webhook, a webhook retry;
# - KMS (`secrets_key_id`): registering a tool, a chat turn that calls one, a webhook delivery;
# - Bedrock (`bedrock_model_id`): only chat turns of production keys when the engine is `bedrock`.
AT_INIT = {"_table": "dynamodb"}
_PREPARED: set[str] = set()  # the services prepare() made, to make again after a SnapStart restore


# The built layer's botocore data: the models, endpoint rules and endpoints of the services we call, and nothing else
# (scripts/build_lambda.py writes it from the runtime's oldest botocore). As the Session's only data path, a client
# costs about 55 M instructions instead of about 260 M: botocore no longer lists its 400-odd service folders nor
# parses the 1.2 MB endpoints.json. A development checkout has none: there the Session reads botocore's own.
_DATA = Path(__file__).resolve().parents[1] / "_botocore_data"


class _PlainJSON(JSONFileLoader):
    """The layer's files (all plain .json) parsed into dicts: botocore's own loader builds an OrderedDict of every
    object (its Python hook costs about 22 M instructions over a DynamoDB and an S3 client), and a dict keeps the
    same order; botocore only reads them as mappings."""

    def load_file(self, file_path: str) -> Any:
        try:
            with open(f"{file_path}.json", "rb") as file:
                return json.loads(file.read())
        except FileNotFoundError:
            return None


class _LayerData(Loader):
    """A Loader of the layer's data only, which botocore must take for its own (bundled) data: it is botocore's files,
    with only our services' entries. Data from anywhere else botocore takes for a customised endpoints.json and hands
    that file's legacy endpoint to every client's endpoint rule set as a custom endpoint, which then ignores FIPS,
    dual-stack and S3's us-east-1 settings (S3 in us-east-1 with FIPS went to s3-fips.aws-global.amazonaws.com)."""

    def __init__(self) -> None:
        super().__init__(extra_search_paths=[str(_DATA)], file_loader=_PlainJSON(), include_default_search_paths=False)

    def is_builtin_path(self, path: str) -> bool:
        return path.startswith(str(_DATA))


@cache
def session() -> botocore.session.Session:
    made = botocore.session.Session()
    if _DATA.is_dir():
        made.register_component("data_loader", _LayerData())
    return made


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


def prepare(settings: tuple[str, ...]) -> None:
    """Make now, at init, the Session and the clients that every request of a function with these settings uses."""
    for service in sorted(
        {service for suffix, service in AT_INIT.items() if any(s.endswith(suffix) for s in settings)}
    ):
        client(service)
        _PREPARED.add(service)


def after_restore() -> None:
    """SnapStart restored this environment from a snapshot (runa.core.snapstart): keep the clients made at init
    when their credentials refresh themselves, else make them again with this environment's credentials."""
    if not session.cache_info().currsize:
        return
    if isinstance(session().get_credentials(), RefreshableCredentials):
        return
    reset_clients()
    for service in sorted(_PREPARED):
        client(service)


def reset_clients() -> None:
    """Forget the cached Session and its clients (tests start and stop moto around each case)."""
    client.cache_clear()
    session.cache_clear()


def _after_fork_in_child() -> None:
    global _LOCK
    _LOCK = threading.RLock()  # another thread may have held it at the fork
    reset_clients()


os.register_at_fork(after_in_child=_after_fork_in_child)
