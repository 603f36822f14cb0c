"""The authorizer function against moto: both headers, and every refusal in the error shape's terms."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.functions import load_handler
from runa.auth import store
from runa.auth.keys import make_key
from tests.conftest import load_event

authorizer = load_handler("functions/authorizer/")


def _invoke(headers: dict[str, str], lambda_context: Any) -> dict[str, Any]:
    event = load_event("authorizer_request.json")
    event["headers"] = headers
    return authorizer(event, lambda_context)


def _stored_key(environment: str = "playground", product: str | None = None) -> str:
    new = make_key(environment, "acme", product)
    store.put_key(new.stored)
    return new.plaintext


@pytest.mark.parametrize("header", ["X-Api-Key", "Authorization"])
def test_given_a_valid_key_in_either_header_when_authorized_then_allow_every_route_with_identity(
    aws: Any, lambda_context: Any, header: str
) -> None:
    key = _stored_key(product="prod_abc123")
    value = key if header == "X-Api-Key" else f"Bearer {key}"

    result = _invoke({header: value}, lambda_context)

    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    # The whole stage, never just methodArn: a cached policy must cover the caller's next route too.
    assert statement["Resource"] == "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/dev/*/*"
    assert result["context"]["accountId"] == "acme"
    assert result["context"]["environment"] == "playground"
    assert result["context"]["productId"] == "prod_abc123"
    assert result["context"]["scopes"] == "agent"
    assert result["principalId"] == result["context"]["keyId"]


def test_given_a_production_key_then_environment_is_production(aws: Any, lambda_context: Any) -> None:
    result = _invoke({"x-api-key": _stored_key("production")}, lambda_context)
    assert result["context"]["environment"] == "production"
    assert result["context"]["productId"] == ""
    assert result["context"]["scopes"] == "payouts"


def test_given_a_key_made_for_both_apis_then_the_context_carries_both_scopes(aws: Any, lambda_context: Any) -> None:
    new = make_key("production", "acme", "prod_abc123", ("payouts", "agent"))
    store.put_key(new.stored)
    assert _invoke({"X-Api-Key": new.plaintext}, lambda_context)["context"]["scopes"] == "payouts,agent"


@pytest.mark.parametrize(
    ("headers", "error_type"),
    [
        ({}, "unauthorized"),
        ({"Authorization": "Basic abc"}, "unauthorized"),
        ({"X-Api-Key": "not-a-key"}, "invalid_api_key"),
        ({"X-Api-Key": "xx0123456789abcdef." + "a" * 43}, "invalid_api_key"),
    ],
)
def test_given_a_missing_or_bad_key_when_authorized_then_deny_with_error_type(
    aws: Any, lambda_context: Any, headers: dict[str, str], error_type: str
) -> None:
    result = _invoke(headers, lambda_context)
    assert result["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert result["context"]["errorType"] == error_type
    assert result["context"]["errorMessage"]


def test_given_a_wrong_secret_for_a_known_id_then_invalid_api_key(aws: Any, lambda_context: Any) -> None:
    key = _stored_key()
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert _invoke({"X-Api-Key": tampered}, lambda_context)["context"]["errorType"] == "invalid_api_key"


def test_given_a_playground_key_presented_as_production_then_refused(aws: Any, lambda_context: Any) -> None:
    key = _stored_key("playground")
    assert _invoke({"X-Api-Key": "wg" + key[2:]}, lambda_context)["context"]["errorType"] == "invalid_api_key"


def test_given_a_revoked_key_then_invalid_api_key_and_message_says_revoked(aws: Any, lambda_context: Any) -> None:
    new = make_key("playground", "acme")
    store.put_key(new.stored)
    store.revoke_key(new.stored.key_id)

    result = _invoke({"X-Api-Key": new.plaintext}, lambda_context)

    assert result["context"]["errorType"] == "invalid_api_key"
    assert "revoked" in result["context"]["errorMessage"]
    # The key itself never appears in what the authorizer returns.
    assert new.plaintext not in str(result)


def test_given_an_account_on_a_plan_then_its_usage_key_goes_to_api_gateway(aws: Any, lambda_context: Any) -> None:
    key = _stored_key("production")
    store.put_plan("production#acme", store.AccountPlan(plan="scale", usage_key_id="k1", usage_key="usage-value"))

    result = _invoke({"x-api-key": key}, lambda_context)

    assert result["usageIdentifierKey"] == "usage-value"
    assert result["context"]["plan"] == "scale"


def test_given_an_account_without_a_plan_then_no_usage_key_and_api_gateway_refuses(
    aws: Any, lambda_context: Any
) -> None:
    result = _invoke({"x-api-key": _stored_key("production")}, lambda_context)

    assert result["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert "usageIdentifierKey" not in result
    assert result["context"]["plan"] == ""
