"""`/_local/...`: the local API's control routes for fault-injection runs (only with `--control` or `--faults`).

Never part of the template, never deployed: a test drives chaos through them over the same HTTP it orders with.

- `GET  /_local/environments`  each function's execution environments: pids invoking now (`busy`) and `idle`
- `POST /_local/kill`          `{"function": "OrdersConsumerFunction", "busy": true}`: SIGKILL one environment of
                               that function (a random busy one; `"busy": false` an idle one); answers
                               `{"killed": pid}` or `{"killed": null}` when there was none. The pool starts a new
                               environment for the next invocation, as Lambda does.
- `GET  /_local/faults`        the botocore faults injected so far (devtools/faults.py), by kind and operation, and
                               the kills made through this route, by function
"""

from __future__ import annotations

import json
import os
import random
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from devtools import faults

PREFIX = "/_local/"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ControlMiddleware:
    """Answers `/_local/...`; everything else goes to the API."""

    def __init__(self, app: WsgiApp, runtime: Any, faults_dir: Path | None, spec: faults.FaultSpec | None) -> None:
        self.app = app
        self.runtime = runtime
        self.faults_dir = faults_dir
        self.spec = spec
        self.kills: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._random = random.Random()  # noqa: S311 - which environment to kill, not a secret

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if not path.startswith(PREFIX):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        route = path[len(PREFIX) :]
        if (method, route) == ("GET", "environments"):
            return self._answer(start_response, 200, self.environments())
        if (method, route) == ("GET", "faults"):
            return self._answer(start_response, 200, self.fault_counts())
        if (method, route) == ("POST", "kill"):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                function = str(body["function"])
            except (ValueError, KeyError, TypeError):
                return self._answer(start_response, 400, {"error": 'send {"function": "<logical id>", "busy": true}'})
            if function not in self.runtime.pools:
                return self._answer(start_response, 404, {"error": f"no function {function}"})
            return self._answer(start_response, 200, {"killed": self.kill(function, busy=bool(body.get("busy", True)))})
        return self._answer(start_response, 404, {"error": "unknown control route"})

    def environments(self) -> dict[str, Any]:
        return {
            name: {"busy": pool.pids(busy=True), "idle": pool.pids(busy=False), "cold_starts": pool.cold_starts}
            for name, pool in self.runtime.pools.items()
        }

    def kill(self, function: str, *, busy: bool) -> int | None:
        with self._lock:
            pids = self.runtime.pools[function].pids(busy=busy)
            if not pids:
                return None
            pid: int = self._random.choice(pids)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                return None  # it ended on its own meanwhile
            self.kills[function] += 1
            return pid

    def fault_counts(self) -> dict[str, Any]:
        counts = faults.totals(self.faults_dir) if self.faults_dir else {"faults": {}, "by_kind": {}, "by_function": {}}
        return {"spec": self.spec.text() if self.spec else None, **counts, "kills": dict(self.kills)}

    @staticmethod
    def _answer(start_response: Callable[..., Any], status: int, body: Any) -> list[bytes]:
        data = json.dumps(body).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]
