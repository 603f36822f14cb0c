"""The `local_api` fixture: the real local API (`python -m devtools.local_api`) as a subprocess, over HTTP.

Use it in any e2e test (mark the test `@pytest.mark.e2e`):

    @pytest.mark.e2e
    def test_something(local_api: LocalApiProcess) -> None:
        response = requests.get(local_api.url("/v2/ping"), headers={"X-Api-Key": local_api.playground_key})

Interface (one process per test session, or per xdist worker; state is shared between tests, so make your
own accounts/keys with `create_key` when a test needs a clean slate):

- `base_url`                 e.g. "http://127.0.0.1:41234" (ephemeral ports: several runs can share a machine)
- `url(path)`                base_url + path
- `playground_key`, `production_key`   the seeded keys (account "acme"); `keys` has every key devtools.seed made,
                             by label (other seed steps may add more, e.g. an agent key)
- `env`                      environment that points boto3 / the admin tool at the same moto (endpoint, fake
                             credentials, table names, PYTHONPATH); `endpoint` is the moto URL
- `admin(*args) -> str`      runs `runa-admin *args` against that moto, as `python -m runa_ops.admin *args` would
                             (a process of its own, forked by tests/e2e/admin_runner.py), returns stdout (raises on
                             failure)
- `create_key(env, account, product=None) -> str`   a new key via the admin tool ("playground"/"production"),
                             creating the account first when it does not exist
- `top_up(env, account, amount, currency="USD")`, `audit(env, account)`   `balance top-up` / `balance check`
- `client(service)`          a boto3 client on that moto (e.g. "sqs", "dynamodb") to check stored state
- `eventually(check, timeout=15)`   polls `check()` until it returns something truthy and returns it (async work:
                             SQS consumers retry failed messages after 1 s here); fails with the server log tail
- `log()`                    everything the server printed so far (function logs, tracebacks), for diagnostics

At the end of the session the fixture sends SIGINT and checks the process exits 0 (a clean Ctrl-C).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import boto3
import pytest

from tests.contract import checking_http

ROOT = Path(__file__).resolve().parents[2]
READY_MARKER = "LOCAL_API_READY "
START_TIMEOUT_S = 90
ADMIN_TIMEOUT_S = 60
T = TypeVar("T")


@dataclass
class LocalApiProcess:
    base_url: str
    endpoint: str
    keys: dict[str, str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    # `admin` runs each command in its own process, forked from one that imported the tool once (admin_runner.py)
    _admin_runner: subprocess.Popen[str] | None = field(default=None, repr=False)
    _admin_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def playground_key(self) -> str:
        return self.keys["playground"]

    @property
    def production_key(self) -> str:
        return self.keys["production"]

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def client(self, service: str) -> Any:
        return boto3.client(  # type: ignore[call-overload]
            service,
            endpoint_url=self.endpoint,
            region_name=self.env["AWS_REGION"],
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )

    def eventually(self, check: Callable[[], T], timeout: float = 15, interval: float = 0.2) -> T:
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"not true within {timeout}s; last result {result!r}\n{self.log()[-3000:]}")
            time.sleep(interval)

    def admin(self, *args: str) -> str:
        with self._admin_lock:
            if self._admin_runner is None or self._admin_runner.poll() is not None:
                self._admin_runner = subprocess.Popen(
                    [sys.executable, "-m", "tests.e2e.admin_runner"],
                    cwd=ROOT,
                    env={**os.environ, **self.env},
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            runner = self._admin_runner
            assert runner.stdin is not None and runner.stdout is not None
            runner.stdin.write(json.dumps({"args": args}) + "\n")
            runner.stdin.flush()
            if not select.select([runner.stdout], [], [], ADMIN_TIMEOUT_S)[0]:
                runner.kill()
                raise AssertionError(f"runa_ops.admin {' '.join(args)} did not answer in {ADMIN_TIMEOUT_S}s")
            result = json.loads(runner.stdout.readline() or '{"code": -1, "stdout": "", "stderr": "runner died"}')
        if result["code"] != 0:
            raise AssertionError(f"runa_ops.admin {' '.join(args)} exited {result['code']}: {result['stderr']}")
        output: str = result["stdout"]
        return output

    def stop_admin(self) -> None:
        if self._admin_runner is not None:
            assert self._admin_runner.stdin is not None
            self._admin_runner.stdin.close()  # it stops when its stdin closes
            self._admin_runner.wait(10)

    def create_key(self, env: str, account: str, product: str | None = None) -> str:
        self.admin("accounts", "create", "--account", account)  # idempotent: an existing account stays
        args = ["keys", "create", "--env", env, "--account", account]
        if product:
            args += ["--product", product]
        key: str = json.loads(self.admin(*args))["key"]
        return key

    def top_up(self, env: str, account: str, amount: str, currency: str = "USD") -> None:
        self.admin("balance", "top-up", "--env", env, "--account", account, "--currency", currency, "--amount", amount)

    def audit(self, env: str, account: str) -> list[dict[str, Any]]:
        """`runa-admin balance check`: one line per currency (balance, ledger sum, ok); fails if any disagrees."""
        return [
            json.loads(line) for line in self.admin("balance", "check", "--env", env, "--account", account).splitlines()
        ]


def _wait_until_ready(process: subprocess.Popen[bytes], log_path: Path) -> dict[str, object]:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        for line in log_path.read_text(errors="replace").splitlines():
            if line.startswith(READY_MARKER):
                ready: dict[str, object] = json.loads(line[len(READY_MARKER) :])
                return ready
        if process.poll() is not None:
            raise RuntimeError(f"the local API exited {process.returncode}:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the local API was not ready in {START_TIMEOUT_S}s:\n{log_path.read_text(errors='replace')}")


def start_local_api(workdir: Path, *extra: str) -> LocalApiProcess:
    """Start `python -m devtools.local_api` on free ports (plus `extra` options) and wait for its ready line."""
    log_path = workdir / "local_api.log"
    # Port 0: the server and moto bind free ephemeral ports and report them in the ready line.
    command = [
        sys.executable,
        "-m",
        "devtools.local_api",
        "--port",
        "0",
        "--moto-port",
        "0",
        "--env-file",
        str(workdir / "env.sh"),
        "--retry-after",
        "1",
        "--ready-line",
        *extra,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("AWS_ENDPOINT_URL", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        ready = _wait_until_ready(process, log_path)
    except BaseException:
        if process.poll() is None:
            process.kill()
        raise
    return LocalApiProcess(
        base_url=str(ready["url"]),
        endpoint=str(ready["endpoint"]),
        keys=dict(ready["keys"]),  # type: ignore[call-overload]
        env=dict(ready["env"]),  # type: ignore[call-overload]
        log_path=log_path,
        process=process,
    )


def stop_local_api(api: LocalApiProcess) -> None:
    """Ctrl-C, as a developer stops it; fails unless it exits 0 within 30 s."""
    api.stop_admin()
    api.process.send_signal(signal.SIGINT)
    try:
        code = api.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        api.process.kill()
        raise AssertionError(f"the local API did not stop on SIGINT:\n{api.log()[-4000:]}") from None
    assert code == 0, f"the local API exited {code} on SIGINT:\n{api.log()[-4000:]}"


@pytest.fixture(scope="session")
def local_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApiProcess]:
    api = start_local_api(tmp_path_factory.mktemp("local_api"))
    with checking_http(api.base_url):  # every /v2 answer the e2e tests receive must match the official document
        yield api
    stop_local_api(api)
