"""The webhook rules with an in-memory endpoint store, receiver and attempts' record behind their ports, no moto
and no HTTP: registration, one signed delivery, and the retry schedule each failed attempt records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from runa.core import sealing
from runa.net import UnsafeUrl
from runa.payouts.logic import webhooks
from runa.payouts.logic.records import Attempt, Delivery, Endpoint

SCOPE = "production#acme"
NOW = 1_764_000_000
URL = "https://hooks.acme.example/runa"
EVENT = webhooks.event_message(SCOPE, "O-1", "COMPLETED", {"id": "O-1", "status": "COMPLETED"})


@dataclass
class World:
    """Endpoints by scope, what the receiver got, and the attempts recorded by scope."""

    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    received: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    attempts: list[tuple[str, Attempt]] = field(default_factory=list)
    answer: Delivery = field(default_factory=lambda: Delivery(True, "HTTP 204"))
    # The order's entry in the due index: None once settled, else the epoch second of the next attempt.
    due: dict[str, int | None] = field(default_factory=lambda: {"O-1": 0})

    def ports(self) -> webhooks.WebhookPorts:
        return webhooks.WebhookPorts(
            check_url=self.check_url,
            put_endpoint=self.put_endpoint,
            get_endpoint=self.endpoints.get,
            post=self.post,
            record_attempt=lambda scope, attempt: self.attempts.append((scope, attempt)),
            settled=lambda scope, order_id: self.due.update({order_id: None}) is None,
            retry_at=lambda scope, order_id, at: self.due.update({order_id: at}) is None,
            clock=lambda: NOW + 0.9,
        )

    @staticmethod
    def check_url(url: str) -> None:
        if not url.startswith("https://hooks."):
            raise UnsafeUrl("The URL must be https to a public address.")

    def put_endpoint(self, scope: str, url: str, secret: str) -> Endpoint:
        self.endpoints[scope] = Endpoint(url, secret, "2026-12-01T12:00:00+00:00")
        return self.endpoints[scope]

    def post(self, url: str, body: str, headers: dict[str, str]) -> Delivery:
        self.received.append((url, body, headers))
        return self.answer


@pytest.fixture
def world() -> World:
    return World()


def test_given_a_public_https_url_when_registered_then_it_is_stored_with_a_new_secret_shown_once(
    world: World,
) -> None:
    endpoint, secret = webhooks.register(SCOPE, URL, world.ports())
    _, again = webhooks.register(SCOPE, URL, world.ports())

    assert secret.startswith(sealing.WEBHOOK_SECRET_PREFIX)
    assert again != secret  # registering again rotates the secret
    assert (endpoint.url, world.endpoints[SCOPE].secret) == (URL, again)


def test_given_a_refused_url_when_registered_then_unsafe_url_and_nothing_is_stored(world: World) -> None:
    with pytest.raises(UnsafeUrl):
        webhooks.register(SCOPE, "http://169.254.169.254/latest", world.ports())

    assert world.endpoints == {}


def test_given_no_endpoint_when_an_event_is_delivered_then_nothing_is_sent_or_recorded(world: World) -> None:
    assert webhooks.deliver(EVENT, world.ports()) is False
    assert (world.received, world.attempts) == ([], [])
    assert world.due == {"O-1": None}  # nothing will ever be owed: the sweeper must not re-drive it


def test_given_an_endpoint_when_it_accepts_then_the_signed_payload_is_posted_and_the_attempt_recorded(
    world: World,
) -> None:
    _, secret = webhooks.register(SCOPE, URL, world.ports())

    assert webhooks.deliver(EVENT, world.ports(), attempt=2) is True

    [(url, body, headers)] = world.received
    assert (url, json.loads(body)) == (URL, {"id": "O-1", "status": "COMPLETED"})
    assert headers == {
        "webhook-id": "msg_O-1_completed",
        "webhook-timestamp": str(NOW),
        "webhook-signature": sealing.webhook_signature(secret, "msg_O-1_completed", NOW, body),
    }
    assert world.attempts == [(SCOPE, Attempt("msg_O-1_completed", 2, NOW, True, "HTTP 204", None))]
    assert world.due == {"O-1": None}


@pytest.mark.parametrize(
    ("attempt", "retry_in"), [(1, 5), (2, 300), (webhooks.MAX_ATTEMPTS - 1, 36_000), (webhooks.MAX_ATTEMPTS, None)]
)
def test_given_an_endpoint_that_fails_then_the_attempt_is_recorded_with_the_wait_before_the_next(
    world: World, attempt: int, retry_in: int | None
) -> None:
    webhooks.register(SCOPE, URL, world.ports())
    world.answer = Delivery(False, "HTTP 500")

    with pytest.raises(webhooks.WebhookDeliveryFailed) as failed:
        webhooks.deliver(EVENT, world.ports(), attempt=attempt)

    assert (failed.value.status, failed.value.retry_in) == (502, retry_in)
    assert "HTTP 500" in failed.value.message
    assert world.attempts == [(SCOPE, Attempt("msg_O-1_completed", attempt, NOW, False, "HTTP 500", retry_in))]
    # The sweeper waits for the scheduled attempt; after the last one the event is left to the DLQ and its alarm.
    assert world.due == {"O-1": None if retry_in is None else NOW + retry_in}


def test_given_another_accounts_endpoint_then_an_event_of_this_account_is_not_sent_there(world: World) -> None:
    webhooks.register("production#globex", URL, world.ports())

    assert webhooks.deliver(EVENT, world.ports()) is False
    assert world.received == []
