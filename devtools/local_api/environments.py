"""Lambda's execution model, locally: per function a pool of isolated execution environments.

- An environment is a long-lived worker process that imports the function's handler once (its init) and then
  serves one invocation at a time over a pipe, with the function's own environment variables: nothing (module
  state, Powertools' resolver, logging, `os.environ`, C extensions) is shared between two environments.
- A request (or an SQS batch) takes an idle environment; when all are busy a new one starts (a cold start,
  logged with its init duration), up to the function's concurrency limit. Past the limit a request is throttled
  (`Throttled`; the gateway answers THROTTLED) and an SQS poller waits, as Lambda's event source mapping does.
- A handler that outlives its Timeout (times TIMEOUT_SLACK: this machine is slower and busier than Lambda) is
  stopped with its environment, as Lambda does; the context still reports the template's Timeout.
- Environments run at a lower CPU priority (ENVIRONMENT_NICENESS) than the gateway and moto they wait for.

Why processes (see docs/local-development.md): sub-interpreters cannot import pydantic-core and other C extensions
reliably, and separately imported module copies in one process still share C-level and process-wide state
(logging handlers, `os.environ`, boto3's default session). Workers are forked from a forkserver that has already
imported the heavy libraries (boto3, pydantic, Powertools and whatever else `start_forkserver` is given), much as
Lambda SnapStart resumes from a snapshot taken after init: each environment starts with its own copy of that state.

This module is imported by every worker: keep its imports light (no SAM CLI, no Flask).
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import Any, Protocol

LOG = logging.getLogger("devtools.local_api")

REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"
DEFAULT_CONCURRENCY = 10
# Lambda's Timeout is wall-clock time on a dedicated share of a CPU; here many processes share two busy cores and
# wait for the one serialised moto, so an invocation is stopped only at several times its Timeout.
TIMEOUT_SLACK = 6
# Environments run at a lower CPU priority than the gateway and moto, which every invocation waits for.
ENVIRONMENT_NICENESS = 5
# Libraries every handler imports; loaded once in the forkserver so each environment starts from a warm copy.
# Nothing here may read the functions' settings at import time (each environment sets its own variables first).
PRELOAD = [
    "boto3",
    "botocore.session",
    "pydantic",
    "aws_lambda_powertools",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.logging",
    "aws_lambda_powertools.metrics",
    "aws_lambda_powertools.utilities.batch",
    "aws_lambda_powertools.utilities.idempotency",
    # What an environment's process runs before the handler: multiprocessing unpickles `_serve` from this module,
    # which loads the handler through devtools.functions (devtools.infra, PyYAML). Without them each cold start
    # imports these again (~0.2 s).
    __name__,
    "devtools.functions",
    # The functions' AWS service models, parsed once: each environment's first client skips ~0.1 s of JSON.
    "devtools.local_api.parsed_models",
]
# Process variables a worker keeps besides the function's own (Lambda sets PATH, LANG, TZ... for its runtime).
_KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")


class Throttled(Exception):
    """Every environment of the function is busy and the concurrency limit is reached (Lambda's 429)."""


class InitError(Exception):
    """The handler could not be imported (Lambda's Runtime.ImportModuleError / init failure)."""


@dataclass(frozen=True)
class FunctionSpec:
    """One function of the template: what an environment needs to run it."""

    logical_id: str
    code_uri: str  # relative to the repository root, e.g. "functions/payouts_account"
    handler: str
    memory_mb: int = 128
    timeout_s: int = 3
    environment: dict[str, str] = field(default_factory=dict)
    reserved_concurrency: int | None = None


@dataclass(frozen=True)
class Invocation:
    """What one invocation produced: the handler's result as JSON, or Lambda's error document."""

    output: str | None = None
    error: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def result(self) -> Any:
        if self.error is not None:
            raise FunctionError(self.error)
        return json.loads(self.output or "null")


class FunctionError(Exception):
    """The handler raised (or timed out); `error` is what the Lambda runtime reports."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('errorType')}: {error.get('errorMessage')}")
        self.error = error


class LambdaContext:
    """The context object the Lambda runtime passes (what Powertools' inject_lambda_context reads)."""

    def __init__(self, spec: FunctionSpec, request_id: str | None = None) -> None:
        self.function_name = f"local-{spec.logical_id}"
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"
        self.memory_limit_in_mb = spec.memory_mb
        self.aws_request_id = request_id or str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + spec.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def error_document(error: BaseException) -> dict[str, Any]:
    """What the Lambda runtime reports for an unhandled exception."""
    text = traceback.format_exc()
    return {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": text.splitlines()}


class Environment(Protocol):
    """One execution environment: serves one invocation at a time."""

    @property
    def alive(self) -> bool: ...

    def invoke(self, event: dict[str, Any], request_id: str) -> Invocation: ...

    def close(self) -> None: ...


Starter = Callable[[FunctionSpec], Environment]


# ---------------------------------------------------------------- the worker process (one environment)


def _serve(connection: Connection, spec: FunctionSpec) -> None:
    """Worker entry point: become the function's environment, import the handler, serve invocations."""
    # Ctrl-C reaches the whole process group: the parent stops every environment in order (a KeyboardInterrupt
    # here printed one traceback per environment).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # likewise; a dead parent closes the pipe, which ends us
    # Powertools warns on every flush of an invocation that recorded no metric (most do, locally): noise here.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    os.nice(ENVIRONMENT_NICENESS)
    kept = {name: os.environ[name] for name in _KEPT_VARIABLES if name in os.environ}
    os.environ.clear()
    os.environ.update({**kept, **spec.environment})
    try:
        if any(name.startswith("LOCAL_FAULTS") for name in spec.environment):
            # Before the handler's import: a client made at init must carry the injector too (devtools/faults.py).
            from devtools.faults import install_from_environment

            install_from_environment()
        from devtools.functions import load_handler

        handler = load_handler(spec.code_uri, spec.handler)
    except BaseException as error:
        print(f"[{spec.logical_id}] init failed\n{traceback.format_exc()}", file=sys.stderr, flush=True)
        connection.send(("init_error", error_document(error)))
        return
    connection.send(("ready", None))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        event_json, request_id = message
        try:
            output = json.dumps(handler(json.loads(event_json), LambdaContext(spec, request_id)))
            connection.send(("ok", output))
        except Exception as error:
            print(f"[{spec.logical_id}] unhandled exception\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            connection.send(("error", error_document(error)))


_context_lock = threading.Lock()
_context: Any = None


def _forkserver(preload: list[str] | None = None) -> Any:
    """The multiprocessing context all environments fork from (started once, with the heavy imports done).

    multiprocessing keeps one forkserver per process, and whoever starts it first decides what it imported and under
    which environment: compileall, for one, starts it with nothing preloaded (scripts/build_lambda.py compiles the
    artifact's bytecode in the tests' process), and every environment would then fork without the libraries or the
    parsed models. So a forkserver started before ours is stopped; the next environment starts ours."""
    global _context
    with _context_lock:
        if _context is None:
            forkserver._forkserver._stop()  # type: ignore[attr-defined]  # nothing to do when none is running
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(preload or PRELOAD)
            _context = context
        return _context


def start_forkserver(preload: list[str], paths: list[str]) -> None:
    """Start the forkserver now, importing `preload` once for every environment, with `paths` first on sys.path.

    The forkserver imports them with this process's environment (os.environ now): a module that reads a variable
    at import time sees this value in every environment, so preload only what reads nothing a function could set
    differently (the template's Globals are the same for all functions). Python 3.13.0's forkserver preloads before
    it applies the parent's sys.path, so the paths go in through PYTHONPATH (else an editable install of the layer
    elsewhere could win)."""
    os.environ["PYTHONPATH"] = os.pathsep.join([*paths, *filter(None, [os.environ.get("PYTHONPATH")])])
    _forkserver(preload)
    forkserver.ensure_running()


class ProcessEnvironment:
    """An execution environment in its own process."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.spec = spec
        context = _forkserver()
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, spec), name=f"lambda-{spec.logical_id}", daemon=True
        )
        self._process.start()
        child.close()
        # Init has Lambda's 10 s limit, stretched for a busy machine.
        status, detail = self._receive(max(30.0, spec.timeout_s))
        if status != "ready":
            self.close()
            raise InitError(json.dumps(detail))

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def _receive(self, timeout: float) -> tuple[str, Any]:
        try:
            if not self._connection.poll(timeout):
                return "timeout", None
            status, detail = self._connection.recv()
        except (EOFError, OSError):
            return "crashed", None
        return str(status), detail

    def invoke(self, event: dict[str, Any], request_id: str) -> Invocation:
        try:
            self._connection.send((json.dumps(event), request_id))
        except (OSError, ValueError):
            return Invocation(error={"errorType": "Runtime.ExitError", "errorMessage": "the environment exited"})
        status, detail = self._receive(self.spec.timeout_s * TIMEOUT_SLACK + 1)
        if status == "ok":
            return Invocation(output=detail)
        if status == "error":
            return Invocation(error=detail)
        self.close()  # timed out or crashed: this environment is gone, as in Lambda
        if status == "timeout":
            message = f"Task timed out after {self.spec.timeout_s * TIMEOUT_SLACK:.2f} seconds"
            error = {"errorType": "Sandbox.Timedout", "errorMessage": message}
        else:
            error = {"errorType": "Runtime.ExitError", "errorMessage": "the environment exited"}
        LOG.error("%s: %s; its environment is stopped", self.spec.logical_id, error["errorMessage"])
        return Invocation(error=error)

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self._connection.send(None)
            self._process.join(1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(1)
        self._connection.close()


# ---------------------------------------------------------------- pools


class FunctionPool:
    """The environments of one function: reuse an idle one, start one when all are busy, throttle at the limit."""

    def __init__(self, spec: FunctionSpec, limit: int, starter: Starter) -> None:
        self.spec = spec
        self.limit = max(1, limit)
        self._starter = starter
        self._condition = threading.Condition()
        self._idle: list[Environment] = []
        self._busy: list[Environment] = []  # invoking now (what a SIGKILL "mid-burst" should hit)
        self._count = 0  # environments running or starting
        self.cold_starts = 0
        self.throttles = 0

    @property
    def size(self) -> int:
        return self._count

    def invoke(self, event: dict[str, Any], *, request_id: str | None = None, wait: bool = False) -> Invocation:
        environment = self._acquire(wait)
        with self._condition:
            self._busy.append(environment)
        try:
            return environment.invoke(event, request_id or str(uuid.uuid4()))
        finally:
            with self._condition:
                self._busy.remove(environment)
            self._release(environment)

    def pids(self, *, busy: bool) -> list[int]:
        """The process ids of the environments invoking now (busy) or waiting (idle)."""
        with self._condition:
            environments = list(self._busy if busy else self._idle)
        return [pid for pid in (getattr(environment, "pid", None) for environment in environments) if pid]

    def warm(self) -> None:
        """Start one environment ahead of the first request (raises InitError)."""
        self._release(self._acquire(wait=True))

    def _acquire(self, wait: bool) -> Environment:
        with self._condition:
            while True:
                while self._idle and not self._idle[-1].alive:
                    # An idle environment that died (killed, out of memory) is gone, as in Lambda: never hand it out.
                    self._idle.pop().close()
                    self._count -= 1
                if self._idle:
                    return self._idle.pop()  # the most recently used: keep few environments warm, as Lambda does
                if self._count < self.limit:
                    self._count += 1
                    break
                if not wait:
                    self.throttles += 1
                    raise Throttled(f"Rate exceeded: all {self.limit} environments of {self.spec.logical_id} are busy")
                self._condition.wait()
        return self._cold_start()

    def _cold_start(self) -> Environment:
        number = self._count
        started = time.perf_counter()
        try:
            environment = self._starter(self.spec)
        except BaseException:
            with self._condition:
                self._count -= 1
                self._condition.notify()
            raise
        self.cold_starts += 1
        LOG.info(
            "cold start: %s environment %d of at most %d, init %.0f ms",
            self.spec.logical_id,
            number,
            self.limit,
            (time.perf_counter() - started) * 1000,
        )
        return environment

    def _release(self, environment: Environment) -> None:
        with self._condition:
            if environment.alive:
                self._idle.append(environment)
            else:
                self._count -= 1
            self._condition.notify()

    def close(self) -> None:
        with self._condition:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        threads = [threading.Thread(target=environment.close) for environment in idle]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


class LambdaRuntime:
    """Every function's pool; SAM's emulator calls it as its Lambda runner (`is_debugging`, `invoke`)."""

    def __init__(
        self,
        specs: dict[str, FunctionSpec],
        *,
        starter: Starter = ProcessEnvironment,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.specs = specs
        self.pools = {
            name: FunctionPool(spec, spec.reserved_concurrency or concurrency, starter) for name, spec in specs.items()
        }

    def is_debugging(self) -> bool:
        return False

    def pool(self, function: str) -> FunctionPool:
        from samcli.local.lambdafn.exceptions import FunctionNotFound  # SAM's own, which its emulator catches

        if function not in self.pools:
            raise FunctionNotFound(f"Unable to find a function with name '{function}'")
        return self.pools[function]

    def warm(self, names: list[str] | None = None) -> list[str]:
        """One environment per function, started in parallel; returns the functions whose init failed."""
        failed: list[str] = []

        def warm_one(name: str) -> None:
            try:
                self.pools[name].warm()
            except Exception as error:
                LOG.error("could not start %s: %s", name, error)
                failed.append(name)

        threads = [threading.Thread(target=warm_one, args=(name,)) for name in (names or list(self.pools))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(failed)

    def call(self, function: str, event: dict[str, Any], *, wait: bool = False) -> Any:
        """Invoke and return the handler's result; raises Throttled, InitError or FunctionError."""
        return self.pool(function).invoke(event, wait=wait).result()

    def invoke(
        self,
        function_identifier: str,
        event: str,
        tenant_id: str | None = None,
        stdout: Any = None,
        stderr: Any = None,
        **_: Any,
    ) -> None:
        """SAM's runner interface: the event is a JSON string, the result goes to `stdout` as JSON.

        Throttled propagates (the gateway answers THROTTLED); a failed init or handler becomes Lambda's error
        document, which SAM turns into a 502."""
        pool = self.pool(function_identifier)
        try:
            invocation = pool.invoke(json.loads(event))
        except InitError as error:
            invocation = Invocation(error={"errorType": "Runtime.InitError", "errorMessage": str(error)})
        output = invocation.output if invocation.error is None else json.dumps(invocation.error)
        if stdout is not None:
            stdout.write_str(output or "null")

    def close(self) -> None:
        # All pools at once: each environment takes a moment to exit, and there may be a hundred of them.
        threads = [threading.Thread(target=pool.close) for pool in self.pools.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
