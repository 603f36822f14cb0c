"""A moto *server* (real HTTP, many threads) for the money and idempotency properties under concurrency.

The server is devtools.moto_server.SerialisedMotoServer, the same one `make dev` and the e2e tests use: it applies
each DynamoDB request atomically, as DynamoDB does (its docstring says why moto needs that).

Each worker thread invokes its own copy of a function's module (its own resolver and batch processor), as each
concurrent Lambda invocation runs in its own container; a Powertools resolver keeps the current event on itself.
"""

from __future__ import annotations

import importlib.util
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from devtools.infra import ROOT, Infra, create_resources
from devtools.moto_server import SerialisedMotoServer
from runa.core.aws import reset_clients
from runa.core.settings import reset_settings
from runa.payouts.data import products as product_store
from runa_ops.admin.catalogue import seed


@pytest.fixture(scope="module")
def moto_server() -> Iterator[Infra]:
    """A serialised moto server on an ephemeral port with the template's resources and the seeded catalogue.

    Module-scoped (worker processes read the table names once); tests keep apart by using their own account."""
    server = SerialisedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        boto3.setup_default_session()  # the default session read the environment before the endpoint was set
        reset_clients()
        infra = create_resources(prefix=f"conc-{uuid.uuid4().hex[:8]}")
        for name, value in infra.environment({"AgentEngine": "offline"}).items():
            if name != "AWS_ENDPOINT_URL":  # the template declares it empty; here it is the server
                env.setenv(name, value)
        reset_settings()
        product_store.clear_cache()
        seed()
        try:
            yield infra
        finally:
            server.stop()
            boto3.DEFAULT_SESSION = None
            reset_clients()
            reset_settings()
            product_store.clear_cache()


def private_handler(folder: str) -> Callable[[dict[str, Any], Any], Any]:
    """A fresh copy of `functions/<folder>/app.py`, with module state of its own (one per worker thread)."""
    name = f"functions.{folder}.app_copy_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, ROOT / "functions" / folder / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    handler: Callable[[dict[str, Any], Any], Any] = module.lambda_handler
    return handler


class PerThread:
    """`handler(event, context)` through the calling thread's own copy of a function."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.local = threading.local()

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        if not hasattr(self.local, "handler"):
            self.local.handler = private_handler(self.folder)
        return self.local.handler(event, context)
