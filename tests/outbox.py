"""The transactional outbox in-process: the template's stream event sources read from moto and handed to the
outbox relay, exactly as the local API's StreamPoller does, so a test sees a commit's messages arrive in their
queues only when it relays (and can leave them unrelayed to play a lost hand-off)."""

from __future__ import annotations

from typing import Any

from devtools.functions import load_handler
from devtools.infra import Infra, stream_consumers
from devtools.stream_poller import poller_for
from runa.core import aws
from tests.conftest import FakeLambdaContext

outbox_relay = load_handler("functions/outbox_relay/")


class Outbox:
    def __init__(self, infra: Infra) -> None:
        dynamodb, streams = aws.client("dynamodb"), aws.client("dynamodbstreams")
        self.pollers = [
            poller_for(
                consumer,
                table_name=infra.physical[consumer["table"]],
                dynamodb=dynamodb,
                streams=streams,
                invoke=self._invoke,
                retry_after=0,
            )
            for consumer in stream_consumers(infra.template)
        ]
        self.invocations = 0

    def _invoke(self, event: dict[str, Any]) -> Any:
        self.invocations += 1
        return outbox_relay(event, FakeLambdaContext())

    def relay(self, limit: int = 100) -> int:
        """Hand every committed change so far to the relay; returns how many records it was given."""
        total = 0
        for _ in range(limit):
            delivered = sum(poller.poll_once() for poller in self.pollers)
            if not delivered:
                return total
            total += delivered
        raise AssertionError("the outbox did not drain")
