"""The console's sign-in, locally: the template's Cognito user pool in moto, and the Cognito authorizer that SAM's
emulator does not run.

SAM CLI skips COGNITO_USER_POOLS authorizers ("not supported for local emulation, requests will not be
authorized"), so a route behind one would be open. `CognitoAuthorizer` does what API Gateway does instead:
verify the id token's RS256 signature against the pool's JWKS (moto serves it at
`<endpoint>/<pool id>/.well-known/jwks.json`), its issuer, audience, use and expiry, then pass the claims to
the function as `requestContext.authorizer.claims`. A missing or bad token gets the template's UNAUTHORIZED
gateway response, as deployed. Dev-only: joserfc is a development dependency and ships nowhere.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from runa_ops.template import resources_of_type

# Where the verified claims wait for the emulator's event (the WSGI environ of the request).
CLAIMS_ENVIRON_KEY = "runa.cognito.claims"


@dataclass(frozen=True)
class UserPool:
    pool_id: str
    client_id: str
    region: str
    endpoint: str  # the moto server: the browser's sign-in calls go there too

    @property
    def issuer(self) -> str:
        # What moto (like Cognito) writes in `iss`; the JWKS, though, is served by moto itself.
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.endpoint}/{self.pool_id}/.well-known/jwks.json"


def _logical_ids(template: dict[str, Any], resource_type: str) -> list[str]:
    return list(resources_of_type(template, resource_type))


def create_user_pool(template: dict[str, Any], cognito: Any, endpoint: str, region: str) -> UserPool | None:
    """The template's one user pool and its client, created in moto with the template's own settings."""
    pools = resources_of_type(template, "AWS::Cognito::UserPool")
    clients = resources_of_type(template, "AWS::Cognito::UserPoolClient")
    if not pools:
        return None
    if len(pools) != 1 or len(clients) != 1:
        raise ValueError("the local API emulates one Cognito user pool with one client")
    props = next(iter(pools.values()))["Properties"]
    custom = [
        {key: value for key, value in attribute.items() if key != "Required"}
        for attribute in props.get("Schema", [])
        if attribute["Name"] not in ("email",)
    ]
    pool_id = cognito.create_user_pool(
        PoolName="local-owners",
        UsernameAttributes=props.get("UsernameAttributes", []),
        AutoVerifiedAttributes=props.get("AutoVerifiedAttributes", []),
        Policies=props.get("Policies", {}),
        Schema=custom,
        AdminCreateUserConfig=props.get("AdminCreateUserConfig", {}),
    )["UserPool"]["Id"]
    client_props = next(iter(clients.values()))["Properties"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=client_props.get("ClientName", "console"),
        GenerateSecret=False,
        ExplicitAuthFlows=client_props.get("ExplicitAuthFlows", []),
        ReadAttributes=client_props.get("ReadAttributes", []),
        WriteAttributes=client_props.get("WriteAttributes", []),
    )["UserPoolClient"]["ClientId"]
    return UserPool(pool_id=pool_id, client_id=client_id, region=region, endpoint=endpoint)


def cognito_routes(template: dict[str, Any]) -> list[tuple[str, re.Pattern[str]]]:
    """(METHOD, path pattern) of every route whose authorizer is a Cognito user pool authorizer."""
    apis = resources_of_type(template, "AWS::Serverless::Api")
    pool_authorizers = {
        name
        for api in apis.values()
        for name, spec in ((api["Properties"].get("Auth") or {}).get("Authorizers") or {}).items()
        if "UserPoolArn" in spec
    }
    routes = []
    for spec in resources_of_type(template, "AWS::Serverless::Function").values():
        for event in (spec["Properties"].get("Events") or {}).values():
            props = event.get("Properties") or {}
            if event["Type"] == "Api" and (props.get("Auth") or {}).get("Authorizer") in pool_authorizers:
                pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(props["Path"]))
                routes.append((props["Method"].upper(), re.compile(f"^{pattern}$")))
    return routes


@dataclass
class CognitoAuthorizer:
    pool: UserPool
    routes: list[tuple[str, re.Pattern[str]]]
    _keys: KeySet | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def protects(self, method: str, path: str) -> bool:
        return any(method.upper() == verb and pattern.match(path) for verb, pattern in self.routes)

    def _key_set(self) -> KeySet:
        with self._lock:
            if self._keys is None:
                with urllib.request.urlopen(self.pool.jwks_url, timeout=5) as response:  # noqa: S310 - moto, http
                    self._keys = KeySet.import_key_set(json.loads(response.read()))
            return self._keys

    def claims(self, authorization: str | None) -> dict[str, Any] | None:
        """The verified id token's claims, or None. Like API Gateway, the header holds the token itself
        (a `Bearer ` prefix is accepted too)."""
        token = (authorization or "").strip().removeprefix("Bearer ").strip()
        if not token:
            return None
        try:
            decoded = jwt.decode(token, self._key_set(), algorithms=["RS256"])
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.pool.issuer},
                aud={"essential": True, "value": self.pool.client_id},
                token_use={"essential": True, "value": "id"},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except (JoseError, ValueError):
            return None
        return {name: value if isinstance(value, str) else json.dumps(value) for name, value in decoded.claims.items()}


def new_password() -> str:
    """Random, and within the template's password policy (12+ characters, upper, lower, digit)."""
    return f"Rn-{secrets.token_urlsafe(12)}a7Q"


def create_owner(cognito: Any, pool_id: str, email: str, account_id: str, password: str) -> str:
    """An account owner who can sign in at once (as an operator would invite one; docs/portal.md). Returns `sub`."""
    user = cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:account_id", "Value": account_id},
        ],
        MessageAction="SUPPRESS",
    )["User"]
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    return str(next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub"))
