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

import argparse
import io
import json
import logging
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

_RECEIVE_MESSAGE = "AmazonSQS.ReceiveMessage"
_SQS = "AmazonSQS."
# A waiting long poll looks at the queue again as soon as another SQS request has been served (a message sent, made
# visible again...), and at least this often: messages also become visible with time alone (a delay, a visibility
# timeout running out). Each look is a short poll that holds the lock for a few milliseconds.
_LONG_POLL_INTERVAL_S = 0.5

StartResponse = Callable[..., Any]


class AtomicRequests:
    """WSGI middleware: one moto request at a time, response body included."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.served = threading.Condition(self.lock)  # notified after every SQS request but a receive
        self.requests = 0  # SQS requests served but receives, under the lock

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        target = str(environ.get("HTTP_X_AMZ_TARGET") or "")
        if target == _RECEIVE_MESSAGE:
            return self._receive(environ, start_response)
        with self.lock:
            try:
                return list(self.app(environ, start_response))
            finally:
                if target.startswith(_SQS):
                    self.requests += 1
                    self.served.notify_all()

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
            seen = self.requests
            status, headers, answer = self._call_once(environ, body)
            remaining = deadline - time.monotonic()
            if not status.startswith("200") or _has_messages(answer) or remaining <= 0:
                start_response(status, headers)
                return [answer]
            with self.served:
                if self.requests == seen:  # nothing served since this look: wait for something, or the interval
                    self.served.wait(min(_LONG_POLL_INTERVAL_S, remaining))

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


class _RequestHandler(MotoRequestHandler):
    """moto's handler; a request line is formatted only when werkzeug's logger would print it (it is quiet here)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if logging.getLogger("werkzeug").isEnabledFor(logging.INFO):
            super().log_request(code, size)


class SerialisedMotoServer(ThreadedMotoServer):
    """`ThreadedMotoServer` (start, get_host_and_port, stop) with every request applied atomically."""

    def _server_entry(self) -> None:
        app = AtomicRequests(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=_RequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def roll_back_items_not_tables() -> None:
    """moto 5 starts every TransactWriteItems by deep-copying each table it names, to put the copies back if the
    transaction is cancelled: O(table size) per transaction, all of it inside the lock above. The local API's tables
    grow for a whole session (every order, ledger line, key), until one transaction costs more than the request.

    Here moto's copies are the tables themselves, and only the items the transaction names are saved and put back on
    a cancellation: nothing else can change (one operation per item; these tables have no streams, and indexes are
    computed from the items). The money guarantees the concurrency tests prove rest on exactly this rollback."""
    import copy

    import moto.dynamodb.models as dynamodb
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    class _TablesUncopied:  # `copy` as moto's transact_write_items sees it
        @staticmethod
        def deepcopy(value: Any) -> Any:
            return value if isinstance(value, Table) else copy.deepcopy(value)

    moto_transact = dynamodb.DynamoDBBackend.transact_write_items

    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = []
        for operation in transact_items:
            if len(operation) != 1:
                continue  # moto refuses it before writing anything
            kind, spec = next(iter(operation.items()))
            table = backend.tables.get(spec.get("TableName")) if isinstance(spec, dict) else None
            if table is None or kind == "ConditionCheck":
                continue
            try:
                key = spec["Item"] if kind == "Put" else spec["Key"]
                hash_value = DynamoType(key[table.hash_key_attr])
                range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
                before = copy.deepcopy(table.get_item(hash_value, range_value))
            except Exception:  # noqa: S112 - a malformed operation: moto refuses it before writing anything
                continue
            saved.append((table, hash_value, range_value, before))
        try:
            moto_transact(backend, transact_items)
        except BaseException:
            for table, hash_value, range_value, before in reversed(saved):
                items = table.items[hash_value] if range_value is not None else table.items
                key = range_value if range_value is not None else hash_value
                if before is None:
                    items.pop(key, None)
                else:
                    items[key] = before
            raise

    dynamodb.copy = _TablesUncopied  # type: ignore[assignment]
    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign, assignment]


def remember_what_never_changes() -> None:
    """Two lookups moto repeats on every request, whose answers cannot change while it runs: which backends exist
    (a listing of its own package directory, ~60 stat calls) and which methods a response class has."""
    import functools

    import moto.backends
    import moto.core.responses

    modules = tuple(moto.backends.list_of_moto_modules())
    moto.backends.list_of_moto_modules = lambda: modules
    method_names = functools.cache(moto.core.responses.method_names_from_class)
    moto.core.responses.method_names_from_class = method_names


def project_named_attributes_directly() -> None:
    """moto projects an item (ProjectionExpression) by converting the whole item to plain JSON once for every name
    in the expression: a list of orders naming 13 attributes converts each order 13 times, inside the lock.

    When every path of the expression is one top-level name (no nesting, no list index), moto's own steps run on
    just those attributes, each converted once; any other expression is projected by moto as before. The result
    is the same Item: the same attributes in the same order, converted and re-serialized the same way
    (tests/unit/test_moto_server.py compares the two)."""
    from moto.dynamodb.models import dynamo_type

    dynamo_type.Item.project = named_attributes_directly(dynamo_type.Item.project)  # type: ignore[method-assign]


def named_attributes_directly(moto_project: Callable[..., Any]) -> Callable[..., Any]:
    """An `Item.project` that projects top-level names itself and defers to `moto_project` for any other path."""
    from botocore.utils import merge_dicts
    from moto.dynamodb.models import dynamo_type
    from moto.dynamodb.models.utilities import find_nested_key

    def project(item: Any, projection_expressions: list[list[str]]) -> Any:
        names = [path[0] for path in projection_expressions if len(path) == 1]
        if len(names) != len(projection_expressions) or any(_LIST_INDEX.match(name) for name in names):
            return moto_project(item, projection_expressions)
        # What Item.to_regular_json would give for these attributes (it converts each the same way).
        regular = {
            name: dynamo_type.deserializer.deserialize(item.attrs[name].to_regular_json())
            for name in dict.fromkeys(names)
            if name in item.attrs
        }
        result: dict[str, Any] = {}
        for path in projection_expressions:
            merge_dicts(result, find_nested_key(path, regular))
        return dynamo_type.Item(
            hash_key=item.hash_key,
            range_key=item.range_key,
            attrs=dict(dynamo_type.serializer.serialize(result)["M"]),
        )

    return project


# moto's find_nested_key reads `name[3]` as a list index.
_LIST_INDEX = re.compile(r"(.+)\[(\d+)\]$")


# DynamoDB's AttributeValue members, in the order of its shape in the service model.
_ATTRIBUTE_VALUE_MEMBERS = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
_GENERIC = object()  # "not a plain attribute value: let moto's own serializer write it"


def serialize_attribute_values_directly() -> None:
    """moto 5 writes every response through a serializer that walks the service model member by member, asking an
    attribute picker for each one under several spellings: for DynamoDB about 1 ms per item, inside the lock above,
    so a Query of a hundred orders holds every other request back for a tenth of a second.

    Here an item's attribute values (the AttributeValue shape: nested maps and lists of them) are written the way
    that serializer writes them, in one pass over the plain dicts moto hands it: the same members in the same
    order, blobs base64-encoded, a None member or map entry left out. Anything else in a value (an object, a key
    the shape does not have, a non-string in a string member) goes through moto's serializer as before; so does
    the rest of the response. tests/unit/test_moto_server.py compares the two."""
    from moto.core.serialize import BaseJSONSerializer

    BaseJSONSerializer._serialize_type_structure = attribute_values_directly(  # type: ignore[method-assign]
        BaseJSONSerializer._serialize_type_structure
    )


def attribute_values_directly(generic: Callable[..., None]) -> Callable[..., None]:
    """A serializer's `_serialize_type_structure` that writes AttributeValue shapes itself, and defers to
    `generic` (moto's) for every other structure and for any value it does not recognise."""
    members = frozenset(_ATTRIBUTE_VALUE_MEMBERS)

    def convert(serializer: Any, value: Any) -> Any:
        if type(value) is not dict or not value.keys() <= members:
            return _GENERIC
        out: dict[str, Any] = {}
        for member in _ATTRIBUTE_VALUE_MEMBERS:
            item = value.get(member)
            if item is None:
                continue
            if member in ("S", "N"):
                if type(item) is not str:
                    return _GENERIC
                out[member] = item
            elif member in ("SS", "NS"):
                if type(item) is not list or any(type(element) is not str for element in item):
                    return _GENERIC
                out[member] = list(item)
            elif member == "B":
                if not isinstance(item, bytes | str):
                    return _GENERIC
                out[member] = serializer._base64(item)
            elif member == "BS":
                if type(item) is not list or not all(isinstance(element, bytes | str) for element in item):
                    return _GENERIC
                out[member] = [serializer._base64(element) for element in item]
            elif member == "M":
                if type(item) is not dict:
                    return _GENERIC
                entries: dict[str, Any] = {}
                for name, element in item.items():
                    if type(name) is not str or not name:  # moto writes an empty name into the parent itself
                        return _GENERIC
                    if element is None:
                        continue
                    converted = convert(serializer, element)
                    if converted is _GENERIC:
                        return _GENERIC
                    entries[name] = converted
                out[member] = entries
            elif member == "L":
                if type(item) is not list:
                    return _GENERIC
                elements = []
                for element in item:
                    converted = None if element is None else convert(serializer, element)
                    if converted is _GENERIC:
                        return _GENERIC
                    elements.append(converted)
                out[member] = elements
            else:  # NULL, BOOL: booleans, written as they are
                out[member] = item
        return out

    def serialize_type_structure(serializer: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if key and shape.name == "AttributeValue" and tuple(shape.members) == _ATTRIBUTE_VALUE_MEMBERS:
            converted = convert(serializer, value)
            if converted is not _GENERIC:
                serialized[serializer.get_serialized_name(shape, key)] = converted
                return
        generic(serializer, serialized, value, shape, key)

    return serialize_type_structure


READY_MARKER = "MOTO_READY"


class MotoProcess:
    """A SerialisedMotoServer in a process of its own (`python -m devtools.moto_server`), for the local API.

    In the local API's process moto would share one GIL with the gateway's request threads: under a burst of
    requests the thread holding moto's lock waits for the interpreter behind hundreds of others, and every
    DynamoDB call behind it. Same interface as the server: start(), get_host_and_port(), stop()."""

    def __init__(self, ip_address: str = "127.0.0.1", port: int = 0) -> None:
        self._ip_address = ip_address
        self._port = port
        self._process: subprocess.Popen[str] | None = None
        self._address: tuple[str, int] | None = None

    def start(self, timeout: float = 60) -> None:
        command = [sys.executable, "-m", "devtools.moto_server", "--host", self._ip_address, "--port", str(self._port)]
        root = Path(__file__).resolve().parents[1]
        self._process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        deadline = time.monotonic() + timeout
        for line in self._process.stdout:
            if line.startswith(READY_MARKER):
                host, port = line.split()[1:3]
                self._address = (host, int(port))
                return
            if time.monotonic() > deadline:
                break
        self.stop()
        raise OSError(f"moto did not start on {self._ip_address}:{self._port}")

    def get_host_and_port(self) -> tuple[str, int]:
        assert self._address is not None, "Make sure to call start() first"
        return self._address

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.stdin is not None:
            self._process.stdin.close()  # the server stops when its stdin closes
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def main() -> None:
    """Serve until stdin closes (the parent stopped or died); SIGINT is the parent's to handle."""
    parser = argparse.ArgumentParser(prog="python -m devtools.moto_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # Ctrl-C (or a SIGTERM to the whole group) reaches us too: the parent stops us in order, after the pollers that
    # call us, by closing our stdin (which also happens when it dies).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    roll_back_items_not_tables()
    serialize_attribute_values_directly()
    remember_what_never_changes()
    project_named_attributes_directly()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per SDK call
    server = SerialisedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"{READY_MARKER} {host} {port}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
