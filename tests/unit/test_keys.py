"""Key format, hashing, header parsing and scopes (the stored ones against moto)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from runa.auth import store
from runa.auth.keys import hash_secret, key_from_headers, make_key, parse_key, secret_matches
from runa.core import aws as runa_aws
from runa.core.settings import get_settings
from runa_ops.admin.__main__ import main as admin_main


def aws_table() -> Any:
    return runa_aws.table(get_settings().accounts_table)


def test_given_a_new_playground_key_when_parsed_then_prefix_id_and_secret_round_trip() -> None:
    new = make_key("playground", "acme")
    parsed = parse_key(new.plaintext)
    assert parsed is not None
    assert new.plaintext.startswith("xx")
    assert parsed.environment == "playground"
    assert parsed.key_id == new.stored.key_id
    assert secret_matches(parsed, new.stored)
    # Only the hash is kept.
    assert parsed.secret not in repr(new.stored)
    assert new.stored.secret_hash == hash_secret(parsed.secret)


def test_given_a_production_key_then_it_starts_with_wg() -> None:
    assert make_key("production", "acme").plaintext.startswith("wg")


def test_given_malformed_keys_when_parsed_then_none() -> None:
    good = make_key("production", "acme").plaintext
    for raw in ["", "wg", "zz" + good[2:], good.replace(".", ""), good + "x", good[:-1]]:
        assert parse_key(raw) is None, raw


def test_given_headers_then_x_api_key_wins_and_bearer_is_accepted_case_insensitively() -> None:
    assert key_from_headers({"x-api-key": "A", "Authorization": "Bearer B"}) == "A"
    assert key_from_headers({"authorization": "bearer B"}) == "B"
    assert key_from_headers({"Authorization": "Basic B"}) is None
    assert key_from_headers({"Authorization": "Bearer "}) is None
    assert key_from_headers(None) is None


def test_given_no_scope_then_a_key_calls_the_api_its_product_implies_and_both_is_explicit() -> None:
    assert make_key("production", "acme").stored.api_scopes == ("payouts",)
    assert make_key("production", "acme", "prod_x").stored.api_scopes == ("agent",)
    both = make_key("production", "acme", "prod_x", ("agent", "payouts"))
    assert both.stored.scopes == ("payouts", "agent")


@pytest.mark.parametrize(
    ("product", "scopes", "complaint"),
    [
        (None, ("agent",), "belongs to a product"),
        ("prod_x", ("payouts",), "only for keys with the agent scope"),
        (None, ("admin",), "one or more of payouts, agent"),
        (None, (), "one or more of payouts, agent"),
    ],
)
def test_given_an_impossible_scope_then_the_key_is_not_made(
    product: str | None, scopes: tuple[str, ...], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        make_key("playground", "acme", product, scopes)


def test_given_a_key_stored_before_scopes_then_it_keeps_its_own_api(aws: Any) -> None:
    # Given key items written before scopes existed (no `scopes` attribute)
    payouts, agent = make_key("production", "acme"), make_key("production", "acme", "prod_x")
    for new in (payouts, agent):
        item = {k: v for k, v in store._to_item(new.stored).items() if k != "scopes"}
        aws_table().put_item(Item=item)

    # When read back, then each keeps the API it could call before
    assert store.get_key(payouts.stored.key_id).api_scopes == ("payouts",)  # type: ignore[union-attr]
    assert store.get_key(agent.stored.key_id).api_scopes == ("agent",)  # type: ignore[union-attr]


def test_given_the_admin_tool_when_a_key_for_both_apis_is_created_then_it_says_so(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an account the operator created
    assert admin_main(["accounts", "create", "--account", "acme"]) == 0
    capsys.readouterr()
    # When a key for both APIs is created, then it says so and is stored so
    assert (
        admin_main(
            [
                "keys",
                "create",
                "--env",
                "playground",
                "--account",
                "acme",
                "--product",
                "prod_x",
                "--scope",
                "payouts,agent",
            ]
        )
        == 0
    )
    created = json.loads(capsys.readouterr().out)
    assert created["scopes"] == ["payouts", "agent"]
    assert store.get_key(created["key_id"]).scopes == ("payouts", "agent")  # type: ignore[union-attr]
    with pytest.raises(SystemExit, match="belongs to a product"):
        admin_main(["keys", "create", "--env", "playground", "--account", "acme", "--scope", "agent"])
