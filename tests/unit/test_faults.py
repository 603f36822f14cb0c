"""devtools/faults.py: each injected kind, as a function's botocore client sees it, against a loopback endpoint that
records what really arrived (so "sent and answer lost" is seen to have been sent)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from devtools import faults
from devtools.faults import FaultSpec, FaultSpecError


class Endpoint:
    """Answers every DynamoDB call with `{}` and remembers the operations that reached it."""

    def __init__(self) -> None:
        self.received: list[str] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                endpoint.received.append(str(self.headers.get("X-Amz-Target", "")).rsplit(".", 1)[-1])
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def faulted_client(endpoint: Endpoint, spec: str, directory: Path | None = None) -> Any:
    session = botocore.session.Session()
    faults.install(session, FaultSpec.parse(spec), "PayoutsOrdersFunction", directory)
    # One attempt: each kind as it reaches the caller (the functions keep their retries: runa/core/aws.py).
    return session.create_client(
        "dynamodb",
        endpoint_url=endpoint.url,
        region_name="eu-west-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def test_given_no_fault_drawn_then_the_call_goes_through(endpoint: Endpoint) -> None:
    client = faulted_client(endpoint, "rate=0")
    client.get_item(TableName="t", Key={"pk": {"S": "a"}})
    assert endpoint.received == ["GetItem"]


def test_given_before_then_nothing_is_sent_and_the_caller_sees_a_connection_error(endpoint: Endpoint) -> None:
    client = faulted_client(endpoint, "rate=1,kinds=before")
    with pytest.raises(EndpointConnectionError):
        client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    assert endpoint.received == []


def test_given_lost_then_the_request_arrives_but_the_caller_sees_a_read_timeout(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    client = faulted_client(endpoint, "rate=1,kinds=lost", tmp_path)
    with pytest.raises(ReadTimeoutError):
        client.transact_write_items(TransactItems=[{"Put": {"TableName": "t", "Item": {"pk": {"S": "a"}}}}])
    assert endpoint.received == ["TransactWriteItems"]  # it was sent (and committed): only the answer was lost
    assert faults.totals(tmp_path)["faults"] == {"lost": {"TransactWriteItems": 1}}


@pytest.mark.parametrize(
    ("kind", "status", "codes"),
    [
        ("throttled", 400, {"ThrottlingException", "ProvisionedThroughputExceededException"}),
        ("500", 500, {"InternalServerError"}),
    ],
)
def test_given_an_error_answer_then_the_caller_sees_aws_error_and_nothing_was_sent(
    endpoint: Endpoint, kind: str, status: int, codes: set[str]
) -> None:
    client = faulted_client(endpoint, f"rate=1,kinds={kind}")
    with pytest.raises(ClientError) as raised:
        client.update_item(TableName="t", Key={"pk": {"S": "a"}})
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert raised.value.response["Error"]["Code"] in codes
    assert endpoint.received == []


def test_given_operations_then_only_those_get_faults(endpoint: Endpoint) -> None:
    client = faulted_client(endpoint, "rate=1,kinds=before,operations=PutItem")
    client.get_item(TableName="t", Key={"pk": {"S": "a"}})
    with pytest.raises(EndpointConnectionError):
        client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    assert endpoint.received == ["GetItem"]


def test_given_a_spec_then_it_reads_back_the_same_and_only_the_listed_functions_get_it(tmp_path: Path) -> None:
    spec = FaultSpec.parse("rate=0.15,seed=7,kinds=lost+500,functions=OrdersConsumerFunction,crash=0.2")
    assert FaultSpec.parse(spec.text()) == spec
    assert (spec.rate, spec.seed, spec.kinds, spec.crash) == (0.15, 7, ("lost", "500"), 0.2)
    assert faults.environment(spec, "PayoutsOrdersFunction", tmp_path) == {}
    variables = faults.environment(spec, "OrdersConsumerFunction", tmp_path)
    assert FaultSpec.parse(variables[faults.SPEC_VARIABLE]) == spec
    assert json.dumps(variables)  # plain strings: they travel as environment variables


@pytest.mark.parametrize("text", ["rate=2", "kinds=flood", "speed=1", "rate"])
def test_given_a_wrong_spec_then_it_is_refused(text: str) -> None:
    with pytest.raises(FaultSpecError):
        FaultSpec.parse(text)
