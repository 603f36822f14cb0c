"""Shared fixtures: a fake AWS environment, moto with the template's resources, Lambda contexts, events."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

# Before anything imports boto3 or Powertools: no real credentials, no real endpoint, no X-Ray daemon.
from devtools.fake_aws import use_fake_aws

use_fake_aws("runa-tests")

from moto import mock_aws  # noqa: E402

from devtools.infra import Infra, create_resources  # noqa: E402
from runa.core import aws as runa_aws  # noqa: E402
from runa.core.aws import reset_clients  # noqa: E402
from runa.core.settings import reset_settings  # noqa: E402

EVENTS = Path(__file__).resolve().parents[1] / "events"


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


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Infra]:
    """moto in-process with every table and queue of template.yaml, and the functions' environment set."""
    with mock_aws():
        reset_clients()
        infra = create_resources(prefix="test")
        for name, value in infra.environment({"AgentEngine": "offline"}).items():
            monkeypatch.setenv(name, value)
        reset_settings()
        yield infra
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
