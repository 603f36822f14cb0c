"""The console's API keys page: an owner creates, lists and revokes their own account's keys, and every action is
audited. Keys made here work on the API at once and stop working the moment they are revoked."""

from __future__ import annotations

from typing import Any

from functions.authorizer import app as authorizer
from runa.auth import store
from tests.integration.console.conftest import Call, owner_claims

ACME = owner_claims("acme", email="ada@acme.example")
OTHER = owner_claims("globex", email="hank@globex.example")


def _authorize(key: str, lambda_context: Any) -> dict[str, Any]:
    event = {
        "type": "REQUEST",
        "methodArn": "arn:aws:execute-api:eu-west-1:123456789012:abc/dev/GET/v2/ping",
        "headers": {"X-Api-Key": key},
    }
    return authorizer.lambda_handler(event, lambda_context)


def _create(console: Call, claims: dict[str, str], **body: Any) -> tuple[int, Any]:
    return console("POST", "/manage/keys", claims=claims, body=body)


def test_given_an_owner_when_creating_a_playground_key_then_it_is_shown_once_and_works(
    console: Call, lambda_context: Any
) -> None:
    # When
    status, created = _create(console, ACME, environment="playground")

    # Then: the whole key once, playground prefix, stored for the owner's account, accepted by the authorizer
    assert status == 201
    assert created["key"].startswith("xx" + created["key_id"] + ".")
    assert created["hint"] == "xx" + created["key_id"]
    assert created["environment"] == "playground" and created["status"] == "active"
    stored = store.get_key(created["key_id"])
    assert stored is not None and stored.account_id == "acme"
    assert created["key"].split(".")[1] not in str(stored)  # only the hash is stored
    decision = _authorize(created["key"], lambda_context)
    assert decision["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert decision["context"]["accountId"] == "acme"

    # And the list never shows the secret again
    status, listed = console("GET", "/manage/keys", claims=ACME)
    assert status == 200
    assert [key["key_id"] for key in listed["keys"]] == [created["key_id"]]
    assert "key" not in listed["keys"][0]


def test_given_production_and_agent_keys_then_prefix_and_product_follow_the_request(console: Call) -> None:
    # When
    _, production = _create(console, ACME, environment="production")
    _, agent = _create(console, ACME, environment="playground", product_id="prod_demo")

    # Then
    assert production["key"].startswith("wg") and production["product_id"] is None
    assert agent["key"].startswith("xx") and agent["product_id"] == "prod_demo"


def test_given_a_key_when_used_then_the_list_shows_when_it_was_last_used(console: Call, lambda_context: Any) -> None:
    # Given
    _, created = _create(console, ACME, environment="playground")
    _, before = console("GET", "/manage/keys", claims=ACME)
    assert before["keys"][0]["last_used_at"] is None

    # When: two requests in a row
    _authorize(created["key"], lambda_context)
    first = store.get_key(created["key_id"])
    _authorize(created["key"], lambda_context)

    # Then: recorded once, not rewritten by the second request within five minutes
    _, after = console("GET", "/manage/keys", claims=ACME)
    assert after["keys"][0]["last_used_at"] is not None
    assert first is not None and store.get_key(created["key_id"]) == first


def test_given_a_key_when_revoked_then_the_authorizer_refuses_it_at_once(console: Call, lambda_context: Any) -> None:
    # Given
    _, created = _create(console, ACME, environment="playground")

    # When
    status, revoked = console(
        "DELETE",
        "/manage/keys/{key_id}",
        claims=ACME,
        path_parameters={"key_id": created["key_id"]},
    )

    # Then
    assert status == 200
    assert revoked["status"] == "revoked" and revoked["revoked_at"]
    decision = _authorize(created["key"], lambda_context)
    assert decision["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert decision["context"]["errorType"] == "invalid_api_key"


def test_given_another_accounts_key_then_the_owner_can_neither_see_nor_revoke_it(console: Call) -> None:
    # Given: a key of globex
    _, theirs = _create(console, OTHER, environment="production")

    # When acme lists and tries to revoke it
    _, listed = console("GET", "/manage/keys", claims=ACME)
    status, body = console(
        "DELETE",
        "/manage/keys/{key_id}",
        claims=ACME,
        path_parameters={"key_id": theirs["key_id"]},
    )

    # Then: invisible, answered like a missing key, and still active
    assert listed["keys"] == []
    assert status == 404 and body["type"] == "not_found"
    stored = store.get_key(theirs["key_id"])
    assert stored is not None and stored.status == "active"


def test_given_owner_actions_then_the_audit_trail_says_who_did_what_and_when(console: Call) -> None:
    # Given
    _, created = _create(console, ACME, environment="playground")
    console(
        "DELETE",
        "/manage/keys/{key_id}",
        claims=ACME,
        path_parameters={"key_id": created["key_id"]},
    )
    _create(console, OTHER, environment="playground")

    # When
    status, audit = console("GET", "/manage/audit", claims=ACME)

    # Then: newest first, only acme's own actions
    assert status == 200
    actions = [(entry["action"], entry["target"], entry["actor_email"]) for entry in audit["entries"]]
    assert actions == [
        ("key.revoke", created["key_id"], "ada@acme.example"),
        ("key.create", created["key_id"], "ada@acme.example"),
    ]
    assert all(entry["at"].endswith("Z") and entry["actor_id"] == ACME["sub"] for entry in audit["entries"])
    assert audit["entries"][1]["detail"] == {"environment": "playground"}


def test_given_no_claims_or_no_account_then_4xx_in_the_error_shape(console: Call) -> None:
    # A function invoked without the authorizer, and a signed-in user no operator linked to an account
    status, body = console("GET", "/manage/keys", claims=None)
    assert status == 401 and body["type"] == "unauthorized"

    status, body = console("GET", "/manage/keys", claims={"sub": "u-1", "email": "x@example.com"})
    assert status == 403 and body["type"] == "forbidden"


def test_given_bad_key_requests_then_422_and_nothing_is_created(console: Call) -> None:
    for body in ({"environment": "staging"}, {"environment": "playground", "product_id": "demo"}, {}):
        status, answer = console("POST", "/manage/keys", claims=ACME, body=body)
        assert status == 422, body
        assert answer["type"] == "validation_error"

    assert console("GET", "/manage/keys", claims=ACME)[1]["keys"] == []
    assert console("GET", "/manage/audit", claims=ACME)[1]["entries"] == []


def test_given_the_signed_in_owner_then_me_tells_their_email_and_account(console: Call) -> None:
    status, me = console("GET", "/manage/me", claims=ACME)

    assert status == 200
    assert me == {"email": "ada@acme.example", "account_id": "acme"}
