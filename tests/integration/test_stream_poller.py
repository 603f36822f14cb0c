"""The local DynamoDB Streams event source (devtools/stream_poller.py) against moto's streams: what Lambda's event
source mapping does with filters, partial batch failures, retries and the on-failure destination."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.infra import Infra
from devtools.stream_poller import StreamPoller, matches
from runa.core import aws

ORDERS_ONLY = {"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "ORDER#"}]}}}}


class Function:
    """Records what it was invoked with; fails the records whose sk is in `failing` (ReportBatchItemFailures)."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.failing: set[str] = set()

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        records = event["Records"]
        self.batches.append([record["dynamodb"]["Keys"]["sk"]["S"] for record in records])
        failed = [r["dynamodb"]["SequenceNumber"] for r in records if r["dynamodb"]["Keys"]["sk"]["S"] in self.failing]
        return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in failed]}


def _poller(infra: Infra, function: Function, **options: Any) -> StreamPoller:
    table = infra.physical["OrdersTable"]
    arn = aws.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
    poller = StreamPoller(
        name="test", streams=aws.client("dynamodbstreams"), stream_arn=arn, invoke=function, retry_after=0, **options
    )
    poller.discover()
    return poller


def _put(infra: Infra, pk: str, sk: str) -> None:
    aws.table(infra.physical["OrdersTable"]).put_item(Item={"pk": pk, "sk": sk})


def test_given_a_filter_then_only_matching_records_reach_the_function_with_lambdas_event_fields(aws: Infra) -> None:
    function = Function()
    poller = _poller(aws, function, filters=[ORDERS_ONLY])
    _put(aws, "ORDER#production#acme", "O-1")
    _put(aws, "IDEMPOTENCY#production#acme#h", "IDEMPOTENCY")

    assert poller.poll_once() == 1

    assert function.batches == [["O-1"]]
    assert poller.poll_once() == 0  # read once: the shard moved on


def test_given_a_failed_record_then_the_shard_resumes_at_it_and_later_records_come_again(aws: Infra) -> None:
    function = Function()
    poller = _poller(aws, function)
    for sk in ("O-1", "O-2", "O-3"):
        _put(aws, "ORDER#p", sk)
    function.failing = {"O-2"}

    poller.poll_once()
    function.failing = set()
    poller.poll_once()

    assert function.batches == [["O-1", "O-2", "O-3"], ["O-2", "O-3"]]


def test_given_a_record_that_always_fails_then_after_the_retries_the_batch_goes_to_the_destination(aws: Infra) -> None:
    function, given_up = Function(), []
    poller = _poller(aws, function, max_retries=2, on_failure=given_up.append)
    _put(aws, "ORDER#p", "O-poison")
    function.failing = {"O-poison"}

    for _ in range(4):
        poller.poll_once()

    assert function.batches == [["O-poison"]] * 3  # the first try and two retries
    (description,) = given_up
    assert description["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert description["DDBStreamBatchInfo"]["batchSize"] == 1
    _put(aws, "ORDER#p", "O-next")
    function.failing = set()
    poller.poll_once()
    assert function.batches[-1] == ["O-next"]  # the shard moved past it


def test_given_a_raising_function_then_the_whole_batch_is_retried(aws: Infra) -> None:
    calls = []

    def broken(event: dict[str, Any]) -> None:
        calls.append(len(event["Records"]))
        if len(calls) == 1:
            raise RuntimeError("crashed")

    poller = _poller(aws, Function())
    poller.invoke = broken
    _put(aws, "ORDER#p", "O-1")
    _put(aws, "ORDER#p", "O-2")

    poller.poll_once()
    poller.poll_once()

    assert calls == [2, 2]


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [
        ({"a": {"b": ["x"]}}, {"a": {"b": "x"}}, True),
        ({"a": {"b": ["x"]}}, {"a": {"b": "y"}}, False),
        ({"a": [{"prefix": "OR"}]}, {"a": "ORDER"}, True),
        ({"a": [{"exists": False}]}, {"b": 1}, True),
        ({"a": [{"exists": True}]}, {"b": 1}, False),
    ],
)
def test_filter_patterns(pattern: dict[str, Any], event: dict[str, Any], expected: bool) -> None:
    assert matches(pattern, event) is expected


def test_given_an_operator_the_local_api_does_not_emulate_then_it_refuses_instead_of_filtering_differently() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        matches({"a": [{"numeric": [">", 1]}]}, {"a": 2})
