"""Shared fixtures: a fake AWS environment, moto with the template's resources, Lambda contexts, events."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

# Before anything imports boto3 or Powertools: no real credentials, no real endpoint, no X-Ray daemon.
from devtools.fake_aws import use_fake_aws

use_fake_aws("runa-tests")

import botocore.loaders  # noqa: E402
import botocore.session  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.base_backend import BackendDict  # noqa: E402
from moto.dynamodb.models import dynamodb_backends  # noqa: E402
from moto.sqs.models import sqs_backends  # noqa: E402
from xdist.scheduler import LoadScopeScheduling  # noqa: E402

from devtools.infra import Infra, create_resources  # noqa: E402
from runa.core import aws as runa_aws  # noqa: E402
from runa.core.aws import reset_clients  # noqa: E402
from runa.core.settings import reset_settings  # noqa: E402
from runa_ops.admin.catalogue import seed  # noqa: E402

EVENTS = Path(__file__).resolve().parents[1] / "events"


class _UniquePaths(list[str]):
    """boto3 appends its own data path to the loader of every Session it creates: once is enough here."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


@cache
def _one_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
    loader = botocore.loaders.create_loader(search_path_string)
    loader._search_paths = _UniquePaths(loader.search_paths)  # type: ignore[attr-defined]
    return loader


# Tests forget their boto3 clients between cases (`reset_clients`), so every case builds a new Session, whose
# loader would parse the same service models (JSON) again: most of a case's set-up time. One loader per test
# process keeps the parsed models; each case still gets new sessions and clients (models are read-only data).
botocore.session.create_loader = _one_loader


class SharedServerScheduling(LoadScopeScheduling):
    """xdist's scheduling for `-n N` (the Makefile's `unit` runs `-n 2`): tests go to whichever worker is free,
    except that the tests sharing an expensive server stay on one worker, so it starts once: all of tests/e2e
    (the session-scoped local API subprocess) and each module of tests/concurrency (a module-scoped moto server
    and process pool). xdist's own `--dist loadgroup` cannot do this here: it renames test ids through an
    attribute pytest 9 no longer reads."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::")[0]
        if path.startswith("tests/e2e/"):
            return "tests/e2e"
        if path.startswith("tests/concurrency/"):
            return path
        return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    # Only in place of the default (`-n` without `--dist`); an explicit --dist choice is kept.
    return SharedServerScheduling(config, log) if config.getvalue("dist") == "load" else None


@dataclass
class FakeLambdaContext:
    function_name: str = "test-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:test-function"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"
    log_group_name: str = "/aws/lambda/test-function"
    log_stream_name: str = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


class MotoWorld:
    """One in-process moto per test process (per xdist worker): the template's tables and queues are created
    once, and every test starts from that state again (`restore`), instead of creating them per test.

    Between tests moto is stopped but keeps its data (`stop(remove_data=False)`), so a test that does not ask for
    `aws` never reaches it (the concurrency tests' moto server, for one). Restoring swaps in copies of the
    snapshotted DynamoDB tables (moto snapshots tables the same way for its own transactions), empties the queues,
    drops tables and queues a test added, and resets every other service (KMS keys, ...)."""

    def __init__(self) -> None:
        self.mock = mock_aws()
        self.infra: Infra | None = None
        self.tables: dict[str, Any] = {}
        self.queues: set[str] = set()
        self.seeded: dict[str, Any] = {}

    def start(self) -> Infra:
        self.mock.start(reset=self.infra is None)
        reset_clients()
        if self.infra is None:
            self.infra = create_resources(prefix="test")
            self.tables = self._snapshot()
            self.queues = set(_sqs_backend().queues)
        else:
            self.restore()
        return self.infra

    def stop(self) -> None:
        self.mock.stop(remove_data=False)

    @staticmethod
    def _snapshot(*names: str) -> dict[str, Any]:
        tables = _dynamodb_backend().tables
        return {name: copy.deepcopy(tables[name]) for name in names or tables}

    def restore(self) -> None:
        _dynamodb_backend().tables = {name: copy.deepcopy(table) for name, table in self.tables.items()}
        sqs = _sqs_backend()
        for name in list(sqs.queues):
            if name not in self.queues:
                del sqs.queues[name]
                continue
            queue = sqs.queues[name]
            queue._messages, queue._pending_messages, queue.deleted_messages = [], set(), set()
        for backend in BackendDict._instances:  # type: ignore[misc]
            if backend.service_name not in ("dynamodb", "sqs"):
                for account in backend.values():
                    account.reset()
                backend.clear()

    def seed_catalogue(self) -> dict[str, Any]:
        """The seed catalogue in the ProductsTable: written once per process, then restored from a copy."""
        assert self.infra is not None
        name = self.infra.physical["ProductsTable"]
        if not self.seeded:
            self.seeded = {"result": seed(), "table": self._snapshot(name)[name]}
        else:
            _dynamodb_backend().tables[name] = copy.deepcopy(self.seeded["table"])
        result: dict[str, Any] = self.seeded["result"]
        return result


def _dynamodb_backend() -> Any:
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]]


def _sqs_backend() -> Any:
    return sqs_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]]


@pytest.fixture(scope="session")
def moto_world() -> MotoWorld:
    return MotoWorld()


@pytest.fixture
def aws(moto_world: MotoWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[Infra]:
    """moto in-process with every table and queue of template.yaml (empty), and the functions' environment set."""
    infra = moto_world.start()
    try:
        for name, value in infra.environment({"AgentEngine": "offline"}).items():
            monkeypatch.setenv(name, value)
        reset_settings()
        yield infra
    finally:
        moto_world.stop()
        reset_clients()
        reset_settings()


BEDROCK_MODEL_ID = "amazon.nova-lite-v1:0"


@pytest.fixture
def bedrock(aws: Infra, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    """Production agent keys answered by Bedrock, through a Stubber that checks every request and response against
    the real bedrock-runtime service model (moto does not implement Converse)."""
    monkeypatch.setenv("AGENT_ENGINE", "bedrock")
    monkeypatch.setenv("BEDROCK_MODEL_ID", BEDROCK_MODEL_ID)
    reset_settings()
    stubber = Stubber(runa_aws.client("bedrock-runtime"))
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def load_event(name: str) -> dict[str, Any]:
    """A sample event from events/ (the same files `sam local invoke -e` takes)."""
    return copy.deepcopy(json.loads((EVENTS / name).read_text()))


def api_event(
    method: str,
    path: str,
    *,
    caller: dict[str, str] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST event shaped like events/v2_ping.json, for any route and caller."""
    event = load_event("v2_ping.json")
    event.update(
        {
            "resource": resource or path,
            "path": path,
            "httpMethod": method.upper(),
            "pathParameters": path_parameters,
            "queryStringParameters": {k: v[-1] for k, v in query.items()} if query else None,
            "multiValueQueryStringParameters": query,
            "body": body if body is None or isinstance(body, str) else json.dumps(body),
        }
    )
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    event["headers"] = all_headers
    event["multiValueHeaders"] = {k: [v] for k, v in all_headers.items()}
    event["requestContext"].update({"resourcePath": resource or path, "httpMethod": method.upper()})
    if caller is not None:
        event["requestContext"]["authorizer"] = {"principalId": caller.get("keyId", "k"), **caller}
    return event


def response_json(response: dict[str, Any]) -> Any:
    return json.loads(response["body"]) if response.get("body") else None
