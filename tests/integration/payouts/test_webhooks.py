"""order.completion webhooks: registration (admin), signed delivery, failures left to SQS retries and the DLQ."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest

from runa.core import sealing
from runa.core.settings import reset_settings
from runa.payouts.data import orders as order_store
from runa.payouts.data import webhooks as endpoint_store
from runa.payouts.logic import webhooks
from runa_ops.admin.__main__ import main as admin
from tests.conftest import load_event
from tests.integration.payouts.orders_support import (
    CONTEXT,
    PRODUCTION_SCOPE,
    order_body,
    orders_consumer,
    post_order,
    receive_all,
    run_consumer,
    sqs_record,
    top_up,
    webhooks_consumer,
)
from tests.outbox import Outbox

# The operator commands refuse an account that was never created.
pytestmark = pytest.mark.usefixtures("acme_account")


class Receiver:
    """A local webhook endpoint that records what it receives and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], str]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                receiver.requests.append(
                    ({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length).decode())
                )
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # ephemeral port
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/runa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def receiver(aws: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    # Only the tests and the local API allow a loopback http endpoint; deployed, only public https passes.
    monkeypatch.setenv("ALLOW_LOOPBACK_HTTP", "true")
    reset_settings()
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _register(url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert admin(["webhooks", "register", "--env", "production", "--account", "acme", "--url", url]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["url"] == url
    assert printed["events"] == ["order.completion"]
    return str(printed["secret"])


def _expected_signature(secret: str, message_id: str, timestamp: str, body: str) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def test_given_a_registered_endpoint_when_an_async_order_completes_then_a_signed_event_arrives(
    catalogue: Any, receiver: Receiver, aws: Any, outbox: Outbox, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _register(receiver.url, capsys)
    assert secret.startswith("whsec_")
    top_up("100.00")
    order_id = post_order(order_body(), mode="async")[1]["id"]
    outbox.relay()
    run_consumer(orders_consumer, receive_all(aws.queue_url("OrdersQueue")))
    outbox.relay()  # the completion's write queues the event
    assert order_store.due_orders(order_store.WEBHOOK_DUE, cutoff=2**40, limit=10)[0].order_id == order_id

    result = run_consumer(webhooks_consumer, receive_all(aws.queue_url("WebhooksQueue")))

    assert result == {"batchItemFailures": []}
    ((headers, body),) = receiver.requests
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"] == f"msg_{order_id}_completed"
    assert headers["webhook-signature"] == _expected_signature(
        secret, headers["webhook-id"], headers["webhook-timestamp"], body
    )
    event = json.loads(body)
    assert (event["id"], event["status"], event["total_price"]) == (order_id, "COMPLETED", "9.40")
    assert order_store.due_orders(order_store.WEBHOOK_DUE, cutoff=2**40, limit=10) == []  # delivered: nothing owed
    # The secret is shown once: `show` never prints it.
    assert admin(["webhooks", "show", "--env", "production", "--account", "acme"]) == 0
    assert secret not in capsys.readouterr().out


def test_given_an_endpoint_answering_500_then_the_record_fails_so_sqs_retries(
    receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(receiver.url, capsys)
    receiver.status = 500
    event = webhooks.event_message(PRODUCTION_SCOPE, "O-X", "FAILED", {"id": "O-X", "status": "FAILED"})
    other = webhooks.event_message("production#globex", "O-Y", "FAILED", {"id": "O-Y", "status": "FAILED"})

    result = run_consumer(webhooks_consumer, [sqs_record(event, "m-1"), sqs_record(other, "m-2")])

    # globex has no endpoint: nothing to deliver, its record succeeds; acme's fails alone.
    assert result == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert len(receiver.requests) == 1


def test_given_an_endpoint_that_went_away_then_every_record_fails_without_a_function_error(
    receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(receiver.url, capsys)
    receiver.server.shutdown()
    receiver.server.server_close()
    event = webhooks.event_message(PRODUCTION_SCOPE, "O-X", "FAILED", {"id": "O-X", "status": "FAILED"})

    result = run_consumer(webhooks_consumer, [sqs_record(event)])

    assert result == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


@pytest.mark.parametrize(
    "url", ["http://example.com/hook", "https://169.254.169.254/latest", "https://10.0.0.1/hook", "ftp://x.io/"]
)
def test_given_an_unsafe_url_then_registration_is_refused(
    aws: Any, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(["webhooks", "register", "--env", "production", "--account", "acme", "--url", url]) == 2
    assert "error:" in capsys.readouterr().err
    assert endpoint_store.get_endpoint(PRODUCTION_SCOPE) is None


def test_given_the_sample_event_and_no_endpoint_then_nothing_fails(aws: Any) -> None:
    assert webhooks_consumer(load_event("sqs_webhooks.json"), CONTEXT) == {"batchItemFailures": []}


def test_signature_matches_the_standard_webhooks_reference_vector() -> None:
    # From the Standard Webhooks specification's test vectors (svix).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    signature = sealing.webhook_signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_given_too_little_time_left_in_the_invocation_then_the_record_is_left_for_a_redelivery(
    receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(receiver.url, capsys)
    event = webhooks.event_message(PRODUCTION_SCOPE, "O-X", "FAILED", {"id": "O-X", "status": "FAILED"})

    class EndingContext(type(CONTEXT)):  # type: ignore[misc]
        def get_remaining_time_in_millis(self) -> int:
            return 3_000

    result = webhooks_consumer({"Records": [sqs_record(event)]}, EndingContext())

    assert result == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert receiver.requests == []


def test_given_a_registered_endpoint_then_its_secret_is_stored_sealed(
    receiver: Receiver, aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _register(receiver.url, capsys)

    items = boto3.resource("dynamodb").Table(aws.physical["AccountsTable"]).scan()["Items"]

    [stored] = [item for item in items if item["sk"] == "WEBHOOK"]
    assert stored["secret"].startswith("kms:")
    assert secret not in str(items)


def test_retries_follow_standard_webhooks_over_more_than_a_day_then_the_queue_gives_up() -> None:
    assert webhooks.RETRY_SCHEDULE == (5, 300, 1800, 7200, 18000, 36000, 36000)
    assert sum(webhooks.RETRY_SCHEDULE) >= 24 * 3600
    assert [webhooks.retry_delay(n) for n in (1, 7, 8)] == [5, 36000, None]


def test_given_an_endpoint_down_then_each_attempt_is_recorded_and_the_next_waits_for_the_schedule(
    receiver: Receiver, aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(receiver.url, capsys)
    receiver.status = 503
    queue_url = aws.queue_url("WebhooksQueue")
    sqs = boto3.client("sqs")
    event = webhooks.event_message(PRODUCTION_SCOPE, "O-X", "FAILED", {"id": "O-X", "status": "FAILED"})
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(event))
    [message] = sqs.receive_message(QueueUrl=queue_url, AttributeNames=["All"])["Messages"]
    record = {**sqs_record(message["Body"], message["MessageId"]), "receiptHandle": message["ReceiptHandle"]}

    result = run_consumer(webhooks_consumer, [record])

    assert result == {"batchItemFailures": [{"itemIdentifier": message["MessageId"]}]}
    [attempt] = endpoint_store.list_attempts(PRODUCTION_SCOPE, event["id"])
    assert (attempt["attempt"], attempt["ok"], attempt["detail"], attempt["retry_in"]) == (1, False, "HTTP 503", 5)
    # Hidden until the next attempt of the schedule (its visibility was set to 5 s, not the queue's 180 s).
    assert sqs.receive_message(QueueUrl=queue_url).get("Messages") is None


def test_given_the_last_attempt_fails_then_no_retry_is_scheduled_and_it_is_recorded(
    receiver: Receiver, aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(receiver.url, capsys)
    receiver.status = 500
    event = webhooks.event_message(PRODUCTION_SCOPE, "O-Z", "FAILED", {"id": "O-Z", "status": "FAILED"})
    last = {**sqs_record(event), "attributes": {"ApproximateReceiveCount": str(webhooks.MAX_ATTEMPTS)}}

    result = run_consumer(webhooks_consumer, [last, sqs_record(event, "m-2")])

    assert len(result["batchItemFailures"]) == 2
    attempts = endpoint_store.list_attempts(PRODUCTION_SCOPE, event["id"])
    assert sorted((a["attempt"], a["retry_in"]) for a in attempts) == [(1, 5), (webhooks.MAX_ATTEMPTS, None)]
    # The operator sees the same record.
    capsys.readouterr()  # the consumer's log lines
    assert admin(["webhooks", "attempts", "--env", "production", "--account", "acme", "--id", event["id"]]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Oldest first: the two attempts may fall in different seconds, in either order, so compare them as a set.
    assert sorted((line["attempt"], line["ok"], line["detail"]) for line in printed) == [
        (1, False, "HTTP 500"),
        (webhooks.MAX_ATTEMPTS, False, "HTTP 500"),
    ]
