"""The portal over HTTP through the local API: public reference and documents, CORS preflights answered without
any authorizer, and the management API open only to a signed-in owner (the Cognito authorizer's emulation)."""

from __future__ import annotations

import secrets

import pytest
import requests

from tests.e2e.conftest import LocalApiProcess
from tests.e2e.portal_support import id_token

ORIGIN = "https://console.runa.io"  # template.yaml's AllowedOrigin default


@pytest.mark.e2e
def test_given_no_key_then_the_reference_and_both_documents_are_served(local_api: LocalApiProcess) -> None:
    page = requests.get(local_api.url("/docs"), timeout=10)
    v2 = requests.get(local_api.url("/v2/openapi.json"), timeout=10)
    v1 = requests.get(local_api.url("/v1/openapi.json"), timeout=10)

    assert page.status_code == 200 and "<title>Runa API reference</title>" in page.text
    assert v2.status_code == 200 and "/order" in v2.json()["paths"]
    assert v1.status_code == 200 and v1.json()["openapi"].startswith("3.1")
    assert requests.get(local_api.url("/docs/app.js"), timeout=10).headers["Content-Type"].startswith("text/javascript")


@pytest.mark.e2e
@pytest.mark.parametrize(("path", "method"), [("/manage/keys", "POST"), ("/v2/order", "POST"), ("/v2/ping", "GET")])
def test_given_a_preflight_then_it_is_answered_without_credentials(
    local_api: LocalApiProcess, path: str, method: str
) -> None:
    response = requests.options(
        local_api.url(path),
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,content-type",
        },
        timeout=10,
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert method in response.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.e2e
def test_given_no_or_a_bad_sign_in_then_the_management_api_answers_401(local_api: LocalApiProcess) -> None:
    token = id_token(local_api, "acct-bad")
    forged = token[: token.rindex(".") + 1] + "A" * 40  # the pool's claims, not its signature
    for headers in ({}, {"Authorization": forged}, {"Authorization": local_api.playground_key}):
        response = requests.get(local_api.url("/manage/keys"), headers=headers, timeout=10)

        assert response.status_code == 401, headers
        body = response.json()
        assert body["type"] == "unauthorized"
        assert "console sign-in" in body["message"]  # not "An API key is required": this route takes a sign-in
        assert body["help"] == local_api.url("/docs/errors#unauthorized")  # this deployment's own errors page


@pytest.mark.e2e
def test_given_a_signed_in_owner_when_a_key_is_made_and_revoked_then_the_api_follows_at_once(
    local_api: LocalApiProcess,
) -> None:
    # Given
    account = f"acct-{secrets.token_hex(4)}"
    owner = {"Authorization": id_token(local_api, account)}

    # When: a playground key is created in the console API
    created = requests.post(
        local_api.url("/manage/keys"), json={"environment": "playground"}, headers=owner, timeout=10
    )
    key = created.json()["key"]

    # Then: it works on /v2/ping, and the console lists it as used
    assert created.status_code == 201
    assert requests.get(local_api.url("/v2/ping"), headers={"X-Api-Key": key}, timeout=10).json() == {"message": "pong"}
    listed = requests.get(local_api.url("/manage/keys"), headers=owner, timeout=10).json()["keys"]
    assert [(k["key_id"], bool(k["last_used_at"])) for k in listed] == [(key[2:18], True)]

    # When: revoked
    revoked = requests.delete(local_api.url(f"/manage/keys/{key[2:18]}"), headers=owner, timeout=10)

    # Then: the very next request with it is refused
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    refused = requests.get(local_api.url("/v2/ping"), headers={"X-Api-Key": key}, timeout=10)
    assert refused.status_code == 401 and refused.json()["type"] == "invalid_api_key"
    # And the owner's own account is all the console shows them
    assert requests.get(local_api.url("/manage/me"), headers=owner, timeout=10).json()["account_id"] == account
