"""Sealing with the template's KMS key through the process's one boto3 Session, across what happens between two
tests (moto stopped, clients and Session forgotten, moto restored): webhook and tool secrets sealed before still
open after, and a ciphertext cannot be opened for another owner."""

from __future__ import annotations

from typing import Any

import pytest

from runa.core import aws as core_aws
from runa.core import sealing
from runa.core.errors import StoreError

WEBHOOK = {"webhook_endpoint": "production#acme"}
TOOL = {"tool_id": "tool_1"}


def test_given_secrets_sealed_when_moto_is_restored_for_the_next_test_then_they_still_open(
    aws: Any, moto_world: Any
) -> None:
    webhook_secret, tool_secret = sealing.new_webhook_secret(), sealing.new_tool_secret()
    sealed = [sealing.seal(webhook_secret, context=WEBHOOK), sealing.seal(tool_secret, context=TOOL)]

    moto_world.stop()  # the aws fixture's teardown and the next test's set-up, in between
    core_aws.reset_clients()
    moto_world.start()

    assert all(text.startswith("kms:") for text in sealed)
    assert [sealing.unseal(sealed[0], context=WEBHOOK), sealing.unseal(sealed[1], context=TOOL)] == [
        webhook_secret,
        tool_secret,
    ]
    assert sealing.unseal(sealing.seal("again", context=TOOL), context=TOOL) == "again"


def test_given_a_sealed_secret_when_opened_for_another_owner_then_refused_without_the_secret(aws: Any) -> None:
    secret = sealing.new_webhook_secret()
    sealed = sealing.seal(secret, context=WEBHOOK)

    with pytest.raises(StoreError) as refused:
        sealing.unseal(sealed, context={"webhook_endpoint": "production#globex"})

    assert secret not in str(refused.value)
