"""The local API's stand-in for API Gateway's Cognito authorizer: only an unexpired id token that the user pool
signed, for this pool and this app client, gets through; anything else is refused like API Gateway refuses it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from devtools.infra import TEMPLATE_PATH
from devtools.local_api.cognito import CognitoAuthorizer, UserPool, cognito_routes
from runa_ops.template import load_template

POOL = UserPool(pool_id="eu-west-1_local", client_id="console-client", region="eu-west-1", endpoint="http://moto")
POOL_KEY = RSAKey.generate_key(2048, parameters={"kid": "pool"})
FORGER_KEY = RSAKey.generate_key(2048, parameters={"kid": "pool"})  # same kid, other key


def _token(key: RSAKey = POOL_KEY, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": POOL.issuer,
        "aud": POOL.client_id,
        "token_use": "id",
        "sub": "user-1",
        "email": "ada@acme.example",
        "custom:account_id": "acme",
        "iat": now,
        "exp": now + 3600,
        **overrides,
    }
    return jwt.encode({"alg": "RS256", "kid": "pool"}, {k: v for k, v in claims.items() if v is not None}, key)


@pytest.fixture
def authorizer() -> CognitoAuthorizer:
    # The pool's public keys, as moto's /.well-known/jwks.json would serve them.
    public = KeySet.import_key_set({"keys": [POOL_KEY.as_dict(private=False)]})
    return CognitoAuthorizer(POOL, cognito_routes(load_template(TEMPLATE_PATH)), _keys=public)


def test_given_a_valid_id_token_then_its_claims_pass_as_strings(authorizer: CognitoAuthorizer) -> None:
    token = _token()  # one token: two made a second apart carry different iat and exp
    claims = authorizer.claims(token)

    assert claims is not None
    assert claims["custom:account_id"] == "acme" and claims["sub"] == "user-1"
    assert all(isinstance(value, str) for value in claims.values())  # as API Gateway passes claims
    assert authorizer.claims("Bearer " + token) == claims


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: _token(key=FORGER_KEY), id="signed-by-another-key"),
        pytest.param(lambda: _token(exp=int(time.time()) - 5), id="expired"),
        pytest.param(lambda: _token(aud="another-client"), id="another-app-client"),
        pytest.param(lambda: _token(iss="https://cognito-idp.eu-west-1.amazonaws.com/other"), id="another-pool"),
        pytest.param(lambda: _token(token_use="access"), id="an-access-token"),
        pytest.param(lambda: _token(exp=None), id="no-expiry"),
        pytest.param(lambda: _token()[:-4] + "AAAA", id="tampered-signature"),
        pytest.param(lambda: "not-a-jwt", id="garbage"),
        pytest.param(lambda: "", id="empty"),
    ],
)
def test_given_a_bad_token_then_it_is_refused(authorizer: CognitoAuthorizer, token: Any) -> None:
    assert authorizer.claims(token()) is None


def test_given_the_template_then_only_the_management_routes_need_a_console_sign_in(
    authorizer: CognitoAuthorizer,
) -> None:
    assert authorizer.protects("GET", "/manage/keys")
    assert authorizer.protects("DELETE", "/manage/keys/0123456789abcdef")
    assert authorizer.protects("PUT", "/manage/webhook")
    assert not authorizer.protects("GET", "/v2/ping")  # the API key authorizer's
    assert not authorizer.protects("GET", "/docs")  # public
    assert not authorizer.protects("OPTIONS", "/manage/keys")  # preflights carry no credentials
    assert not authorizer.protects("GET", "/manage/keys/x/y")
