"""runa.core.aws: every client and table of a process comes from one botocore Session (its loader and parsed models
are the costly part of a cold start); reset_clients forgets the Session with the clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest

from runa.core import aws


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    made: list[Any] = []
    real = botocore.session.Session

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(real(*args, **kwargs))
        return made[-1]

    aws.reset_clients()
    monkeypatch.setattr(botocore.session, "Session", counting)
    yield made
    aws.reset_clients()


def test_given_several_services_then_their_clients_and_tables_share_one_session(sessions: list[Any]) -> None:
    dynamodb, kms, table = aws.client("dynamodb"), aws.client("kms"), aws.table("any-table")

    assert len(sessions) == 1
    assert aws.client("dynamodb") is dynamodb and aws.client("kms") is kms
    assert table.client is dynamodb and dynamodb.meta.region_name == "eu-west-1"


def test_given_reset_clients_then_the_next_client_comes_from_a_new_session(sessions: list[Any]) -> None:
    first = aws.client("sqs")

    aws.reset_clients()
    second = aws.client("sqs")

    assert len(sessions) == 2 and second is not first
