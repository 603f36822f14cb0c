"""Shared fixtures: a fake AWS environment, moto with the template's resources, Lambda contexts, events."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

# Before anything imports boto3 or Powertools: no real credentials, no real endpoint, no X-Ray daemon.
from devtools.fake_aws import use_fake_aws

use_fake_aws("runa-tests")
# Tests never read the .local/ of this checkout (`make dev` writes env.sh there, and may be running): the admin tool
# finds "the local API" only where a test points RUNA_LOCAL_ENV itself.
os.environ["RUNA_LOCAL_ENV"] = os.path.join(os.devnull, "no-local-api-in-tests.sh")  # never a file

from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.base_backend import BackendDict  # noqa: E402
from moto.dynamodb.models import dynamodb_backends  # noqa: E402
from moto.sqs.models import sqs_backends  # noqa: E402
from xdist.scheduler import LoadScopeScheduling  # noqa: E402

from devtools.botocore_models import share_one_loader  # noqa: E402
from devtools.infra import Infra, create_buckets, create_resources  # noqa: E402
from runa.core import aws as runa_aws  # noqa: E402
from runa.core.aws import reset_clients  # noqa: E402
from runa.core.settings import reset_settings  # noqa: E402
from runa_ops.admin.catalogue import seed  # noqa: E402

EVENTS = Path(__file__).resolve().parents[1] / "events"


# Tests forget their boto3 clients between cases (`reset_clients`), so every case builds a new Session, whose
# loader would parse the same service models (JSON) again: most of a case's set-up time. One loader per test
# process keeps the parsed models; each case still gets new sessions and clients (models are read-only data).
share_one_loader()


# The files that take longest (`pytest -n 2 --durations=0` on two cores), longest first; every other file follows in
# collection order. A worker takes the next file when it is almost done with its last, so the slow files start at
# once on both workers and the run ends on short ones, with both workers finishing together.
SLOWEST_FIRST = (
    "tests/e2e/test_concurrency_identity.py",
    "tests/faults/test_faults.py",
    "tests/e2e/test_concurrency_money.py",
    "tests/e2e/test_concurrency_idempotency.py",
    "tests/e2e/test_docs_commands.py",
    "tests/e2e/test_fuzz_v2.py",
    "tests/e2e/test_fuzz_v1.py",
    "tests/e2e/test_local_api.py",
    "tests/e2e/test_agent_e2e.py",
    "tests/e2e/test_sdk_readmes.py",
    "tests/e2e/test_sdk_typescript_e2e.py",
    "tests/e2e/test_sdk_python_e2e.py",
    "tests/unit/test_lambda_build.py",
    "tests/concurrency/test_payouts_concurrency.py",
    "tests/e2e/test_contracts_e2e.py",
    "tests/integration/test_admin_tool.py",
    "tests/e2e/test_knowledge.py",
    "tests/e2e/test_portal_browser.py",
    "tests/concurrency/test_transaction_conflicts.py",
    "tests/integration/test_local_emulator.py",
    "tests/unit/test_function_settings.py",
    "tests/e2e/test_payouts_e2e.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: position for position, path in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: files keep their order


class FileScheduling(LoadScopeScheduling):
    """xdist's scheduling for `-n N` (the Makefile's `unit` runs `-n 2`): whole files go to whichever worker is free,
    in the order above. A file stays on one worker so its module-scoped fixtures start once (the built Lambda
    artifact, the concurrency tests' moto server, the browser); each worker starts its own local API for the e2e
    files it runs (session-scoped: tests/e2e/conftest.py). xdist's own `--dist loadfile` would reorder the files
    by their number of tests."""

    def _split_scope(self, nodeid: str) -> str:
        return nodeid.split("::")[0]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    # Only in place of the default (`-n` without `--dist`); an explicit --dist choice is kept.
    if config.getvalue("dist") != "load":
        return None
    config.option.loadscopereorder = False  # keep SLOWEST_FIRST's order
    return FileScheduling(config, log)


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
    drops tables and queues a test added, and resets every other service except KMS (the template's secrets key
    is created once with the tables; a key a test adds is unused by the others)."""

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
            if backend.service_name not in _KEPT_SERVICES:
                for account in backend.values():
                    account.reset()
                backend.clear()
        assert self.infra is not None
        create_buckets(self.infra, prefix="test")  # S3 was reset with the others: the template's buckets again

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


_KEPT_SERVICES = ("dynamodb", "sqs", "kms")


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


@pytest.fixture
def outbox(aws: Infra) -> Any:
    """The tables' streams relayed to their queues on demand (tests/outbox.py)."""
    from tests.outbox import Outbox

    return Outbox(aws)
