"""A moto *server* (real HTTP, many threads) for the money and idempotency properties under concurrency.

Why a lock around moto's request dispatch: DynamoDB executes each request (one UpdateItem, one
TransactWriteItems) atomically, and our guarantees rest on exactly that. moto's server runs requests on many
threads against plain Python objects with no such isolation, so two transactions could interleave inside moto
and overdraw a balance that real DynamoDB never would. Serialising whole requests restores DynamoDB's
per-request atomicity without weakening anything we test: our code still races freely *between* requests, which
is where its bugs would be.

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
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from devtools.infra import ROOT, Infra, create_resources
from runa.core.aws import reset_clients
from runa.core.settings import reset_settings
from runa.payouts.data import products as product_store
from runa_ops.admin.catalogue import seed


class AtomicRequests:
    """WSGI middleware: one moto request at a time, response body included."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with self.lock:
            return list(self.app(environ, start_response))


class SerialisedMotoServer(ThreadedMotoServer):
    def _server_entry(self) -> None:
        app = AtomicRequests(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


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
