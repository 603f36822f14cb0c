"""moto in server mode with DynamoDB's per-request atomicity: the one moto server of `make dev`, e2e and
concurrency tests.

Why a lock around moto's request dispatch: DynamoDB executes each request (one conditional UpdateItem, one
TransactWriteItems) atomically, and the money guarantees rest on exactly that. moto's server runs requests on many
threads against plain Python objects with no such isolation (moto 5 applies a transaction by snapshotting and
restoring whole tables), so two transactions could interleave inside moto and overdraw a balance that real
DynamoDB never would. Serialising whole requests restores the per-request atomicity without weakening anything a
test checks: callers still race freely *between* requests, which is where their bugs would be.

One exception keeps the lock short: an SQS long poll (`ReceiveMessage` with `WaitTimeSeconds`) would hold it for
its whole wait. It is served as a series of short, serialised polls until a message arrives or the wait is over,
which is what a client sees from SQS.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

_RECEIVE_MESSAGE = "AmazonSQS.ReceiveMessage"
# How often a long poll looks at the queue again; short polls in between hold the lock for a few milliseconds.
_LONG_POLL_INTERVAL_S = 0.05

StartResponse = Callable[..., Any]


class AtomicRequests:
    """WSGI middleware: one moto request at a time, response body included."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_X_AMZ_TARGET") == _RECEIVE_MESSAGE:
            return self._receive(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))

    def _receive(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            request = json.loads(raw or b"{}")
            wait = float(request.get("WaitTimeSeconds") or 0)
        except (ValueError, TypeError, AttributeError):
            request, wait = None, 0.0  # let moto answer the malformed request as SQS would
        body = raw if request is None else json.dumps({**request, "WaitTimeSeconds": 0}).encode()
        deadline = time.monotonic() + wait
        while True:
            status, headers, answer = self._call_once(environ, body)
            if not status.startswith("200") or _has_messages(answer) or time.monotonic() >= deadline:
                start_response(status, headers)
                return [answer]
            time.sleep(_LONG_POLL_INTERVAL_S)

    def _call_once(self, environ: dict[str, Any], body: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured.update(status=status, headers=headers)
            return lambda _chunk: None

        request_environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        with self.lock:
            answer = b"".join(self.app(request_environ, capture))
        headers = [
            (name, str(len(answer)) if name.lower() == "content-length" else value)
            for name, value in captured["headers"]
        ]
        return captured["status"], headers, answer


def _has_messages(answer: bytes) -> bool:
    try:
        return bool(json.loads(answer).get("Messages"))
    except (ValueError, AttributeError):
        return True  # not the JSON protocol: hand it back as it is


class SerialisedMotoServer(ThreadedMotoServer):
    """`ThreadedMotoServer` (start, get_host_and_port, stop) with every request applied atomically."""

    def _server_entry(self) -> None:
        app = AtomicRequests(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()
