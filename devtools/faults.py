"""Fault injection for botocore inside the local API's execution environments (devtools only: never in the layer).

`python -m devtools.local_api --faults rate=0.15,seed=7` gives the order path's functions (FAULTED_FUNCTIONS, or
`functions=`) a `before-send` handler on the layer's botocore Session (`runa.core.aws.session()`), installed before
the handler module is imported, so every client the function makes carries it. Each attempt of each AWS call
draws a fault at `rate`, one of `kinds` (the functions' retries stay as they are: runa/core/aws.py's standard mode
with `max_attempts: 3`, which botocore reads as 3 retries, so up to 4 attempts per call):

- `before`: the request is never sent (EndpointConnectionError);
- `lost`: the request is sent and committed, its answer is dropped and the caller sees a read timeout;
- `throttled`: 400 ThrottlingException (DynamoDB: or ProvisionedThroughputExceededException), nothing sent;
- `500`: 500 InternalServerError, nothing sent.

`crash=P` (with `crash_operations=`, default TransactWriteItems) is the crash between a commit and what follows it:
the call is sent, and when it succeeded the environment SIGKILLs itself before its code sees the answer.

Spec: comma-separated `name=value`, lists joined with `+`:
`rate=0.15,seed=7,kinds=before+lost+throttled+500,functions=PayoutsOrdersFunction+OrdersConsumerFunction,
operations=TransactWriteItems+SendMessage,crash=0.2,crash_operations=TransactWriteItems+UpdateItem`.

Every injected fault is counted per kind and operation in `<dir>/<function>.<pid>.json` (rewritten after each
fault, so a killed environment's counts survive); the local API's `GET /_local/faults` adds them up.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

# The variables the local API passes to a faulted function's environment; the worker removes them before the
# handler is imported, so the function's own code never sees them.
SPEC_VARIABLE = "LOCAL_FAULTS"
DIR_VARIABLE = "LOCAL_FAULTS_DIR"
FUNCTION_VARIABLE = "LOCAL_FAULTS_FUNCTION"

KINDS = ("before", "lost", "throttled", "500")
CRASH = "crash"
# Every function an order passes through, from the request to its webhook (those the template has get faults).
FAULTED_FUNCTIONS = (
    "PayoutsOrdersFunction",
    "OrdersConsumerFunction",
    "OutboxRelayFunction",
    "WebhooksConsumerFunction",
    "SweeperFunction",
)
_LIST_FIELDS = {"kinds", "functions", "operations", "crash_operations"}


class FaultSpecError(ValueError):
    """The --faults spec cannot be read."""


@dataclass(frozen=True)
class FaultSpec:
    rate: float = 0.0
    seed: int = 0
    kinds: tuple[str, ...] = KINDS
    functions: tuple[str, ...] = FAULTED_FUNCTIONS
    operations: tuple[str, ...] = ()  # empty: every operation
    crash: float = 0.0
    crash_operations: tuple[str, ...] = ("TransactWriteItems",)

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        values: dict[str, Any] = {}
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            name, sep, value = part.partition("=")
            if not sep or name not in cls.__dataclass_fields__:
                raise FaultSpecError(f"unknown fault setting {part!r} (known: {', '.join(cls.__dataclass_fields__)})")
            if name in _LIST_FIELDS:
                values[name] = tuple(filter(None, value.split("+")))
            elif name == "seed":
                values[name] = int(value)
            else:
                values[name] = float(value)
        spec = cls(**values)
        unknown = set(spec.kinds) - set(KINDS)
        if unknown:
            raise FaultSpecError(f"unknown fault kinds {sorted(unknown)} (known: {', '.join(KINDS)})")
        if not (0 <= spec.rate <= 1 and 0 <= spec.crash <= 1):
            raise FaultSpecError("rate and crash are probabilities between 0 and 1")
        return spec

    def text(self) -> str:
        """The spec again, as `parse` reads it (what the local API hands each environment)."""
        parts = []
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            parts.append(f"{name}={'+'.join(value) if isinstance(value, tuple) else value}")
        return ",".join(parts)


class _Body:
    """What AWSResponse reads its content from (urllib3's response offers `stream()`)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


@dataclass
class Injector:
    """The `before-send` handler of one environment: draws, injects, counts."""

    spec: FaultSpec
    function: str
    directory: Path | None = None
    random: random.Random = field(default_factory=random.Random)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    _http: Any = None

    def __call__(self, request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
        operation = event_name.rsplit(".", 1)[-1]
        if self.spec.operations and operation not in self.spec.operations:
            return None
        self.calls[operation] += 1
        if self.spec.crash and operation in self.spec.crash_operations and self.random.random() < self.spec.crash:
            return self._crash_after(request, operation)
        if not self.spec.kinds or self.random.random() >= self.spec.rate:
            return None
        kind = self.random.choice(self.spec.kinds)
        self._count(kind, operation)
        if kind == "before":
            raise EndpointConnectionError(endpoint_url=request.url)
        if kind == "lost":
            self._send(request)  # committed; the answer goes nowhere
            raise ReadTimeoutError(endpoint_url=request.url, error="injected: the answer was lost")
        if kind == "throttled":
            code = "ThrottlingException"
            if "dynamodb" in event_name.lower() and self.random.random() < 0.5:
                code = "ProvisionedThroughputExceededException"
            return _error_response(request, 400, code, "Rate of requests exceeds the allowed throughput (injected).")
        return _error_response(request, 500, "InternalServerError", "Internal server error (injected).")

    def _crash_after(self, request: AWSPreparedRequest, operation: str) -> AWSResponse:
        response = self._send(request)
        if response.status_code >= 300:
            return response  # nothing committed: the caller sees the real error
        self._count(CRASH, operation)
        os.kill(os.getpid(), signal.SIGKILL)  # as abrupt as Lambda losing the environment: no finally, no flush
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, request: AWSPreparedRequest) -> AWSResponse:
        if self._http is None:
            from botocore.httpsession import URLLib3Session

            self._http = URLLib3Session(timeout=10)
        response: AWSResponse = self._http.send(request)
        response.content  # noqa: B018 - read it all, so the connection is free and the write surely done
        return response

    def _count(self, kind: str, operation: str) -> None:
        self.counts[(kind, operation)] += 1
        if self.directory is None:
            return
        faults: dict[str, dict[str, int]] = {}
        for (fault, name), count in self.counts.items():
            faults.setdefault(fault, {})[name] = count
        document = {"function": self.function, "pid": os.getpid(), "faults": faults, "calls": dict(self.calls)}
        path = self.directory / f"{self.function}.{os.getpid()}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(document))
        temporary.replace(path)  # a reader never sees half a file


def _error_response(request: AWSPreparedRequest, status: int, code: str, message: str) -> AWSResponse:
    """An AWS error answer in the request's protocol (JSON for DynamoDB, SQS and KMS; query XML otherwise)."""
    content_type = str(request.headers.get("Content-Type", ""))
    if "json" in content_type:
        body = json.dumps({"__type": f"com.amazonaws.injected#{code}", "message": message}).encode()
        headers = {"Content-Type": content_type, "x-amzn-RequestId": "injected-fault"}
    else:
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
            "<RequestId>injected-fault</RequestId></ErrorResponse>"
        ).encode()
        headers = {"Content-Type": "text/xml"}
    fields = HTTPHeaders()  # case-insensitive, as urllib3's headers are
    for name, value in headers.items():
        fields[name] = value
    return AWSResponse(request.url, status, fields, _Body(body))


def install(session: Any, spec: FaultSpec, function: str, directory: Path | None = None) -> Injector:
    """Register the injector on a botocore Session: clients created from it afterwards carry it."""
    # Not a secret: a reproducible draw per environment (seed, function, process).
    draws = random.Random(f"{spec.seed}/{function}/{os.getpid()}")  # noqa: S311
    injector = Injector(spec, function, directory, draws)
    session.register("before-send", injector)
    return injector


def install_from_environment() -> Injector | None:
    """In an execution environment, before its handler is imported: read (and remove) the local API's variables
    and install the injector on the layer's Session. None when this function gets no faults."""
    text = os.environ.pop(SPEC_VARIABLE, None)
    directory = os.environ.pop(DIR_VARIABLE, None)
    function = os.environ.pop(FUNCTION_VARIABLE, "function")
    if not text:
        return None
    from runa.core import aws

    return install(aws.session(), FaultSpec.parse(text), function, Path(directory) if directory else None)


def environment(spec: FaultSpec, function: str, directory: Path) -> dict[str, str]:
    """The variables a faulted function's environment gets (none for a function the spec leaves alone)."""
    if function not in spec.functions:
        return {}
    return {SPEC_VARIABLE: spec.text(), DIR_VARIABLE: str(directory), FUNCTION_VARIABLE: function}


def totals(directory: Path) -> dict[str, Any]:
    """Every environment's counts added up: {"faults": {kind: {operation: n}}, "by_kind": ..., "by_function": ...}."""
    faults: dict[str, Counter[str]] = {}
    by_function: Counter[str] = Counter()
    for path in sorted(directory.glob("*.json")):
        with contextlib.suppress(OSError, ValueError):
            document = json.loads(path.read_text())
            for kind, operations in document["faults"].items():
                faults.setdefault(kind, Counter()).update(operations)
                by_function[document["function"]] += sum(operations.values())
    return {
        "faults": {kind: dict(counter) for kind, counter in sorted(faults.items())},
        "by_kind": {kind: sum(counter.values()) for kind, counter in sorted(faults.items())},
        "by_function": dict(by_function),
    }
