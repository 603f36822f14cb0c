"""runa.core.aws: every client and table of a process comes from one botocore Session (its loader and parsed models
are the costly part of a cold start); reset_clients forgets the Session with the clients. A handler's settings make
the clients every request needs at init; a forked process and a SnapStart restore do not reuse what they must not."""

from __future__ import annotations

import os
import random
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest

from runa.core import aws, snapstart
from runa.core.settings import require_settings, reset_settings


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


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ORDERS_TABLE", "orders")
    monkeypatch.setenv("ORDERS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
    reset_settings()
    yield
    reset_settings()


def test_given_a_handlers_settings_then_init_makes_the_clients_every_request_needs_and_only_those(
    sessions: list[Any], settings: None
) -> None:
    # When a handler declares its settings at import (its init)
    require_settings("orders_table", "orders_queue_url")

    # Then the Session and the DynamoDB client exist already; SQS (only async orders use it) is left for first use
    assert len(sessions) == 1
    assert aws.client.cache_info().currsize == 1
    assert aws.client("dynamodb") is aws.client("dynamodb") and aws.client.cache_info().hits >= 1


def test_given_a_process_forked_after_init_then_it_makes_its_own_session_and_clients(sessions: list[Any]) -> None:
    parent = aws.client("dynamodb")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pytest's threads: the child only checks and exits
        pid = os.fork()
    if pid == 0:  # the child: the parent's client (and its connection pool's sockets) must not be reused
        os._exit(0 if aws.client.cache_info().currsize == 0 and aws.client("dynamodb") is not parent else 1)
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert aws.client("dynamodb") is parent  # the parent keeps its own


def test_given_a_snapstart_restore_with_static_credentials_then_the_clients_are_made_again(
    sessions: list[Any], settings: None
) -> None:
    require_settings("orders_table")
    made_at_init = aws.client("dynamodb")
    random.seed(7)
    before = random.getstate()

    snapstart.after_restore()

    assert aws.client("dynamodb") is not made_at_init  # the environment's own credentials, not the snapshot's
    assert random.getstate() != before  # no two restored environments draw the same jitter


def test_given_a_snapstart_restore_with_refreshing_credentials_then_the_clients_made_at_init_stay(
    sessions: list[Any], settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z")  # botocore then refreshes them itself
    require_settings("orders_table")
    made_at_init = aws.client("dynamodb")

    snapstart.after_restore()

    assert aws.client("dynamodb") is made_at_init


def test_given_lambdas_snapstart_hooks_then_the_restore_hook_is_registered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registered: list[Any] = []
    hooks = types.ModuleType("snapshot_restore_py")
    hooks.register_after_restore = registered.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", hooks)
    snapstart.register.cache_clear()

    assert snapstart.register() and snapstart.register()
    assert registered == [snapstart.after_restore]

    monkeypatch.delitem(sys.modules, "snapshot_restore_py")
    snapstart.register.cache_clear()
    assert snapstart.register() is False  # anywhere but Lambda's managed runtime: nothing is ever restored
