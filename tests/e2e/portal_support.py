"""Console sign-in for e2e tests: a new owner in the local user pool, and their Cognito id token."""

from __future__ import annotations

import secrets

from devtools.local_api.cognito import create_owner, new_password
from tests.e2e.conftest import LocalApiProcess

CONSOLE_ROUTE_PREFIX = "/manage/"  # every route behind template.yaml's ConsoleAuthorizer


def new_owner(local_api: LocalApiProcess, account: str) -> tuple[str, str]:
    """(email, password) of a new owner of `account`, invited as an operator would (docs/portal.md): the account
    is put on a usage plan in both environments, so its keys are served."""
    email, password = f"owner-{secrets.token_hex(4)}@example.com", new_password()
    create_owner(local_api.client("cognito-idp"), local_api.env["CONSOLE_USER_POOL_ID"], email, account, password)
    for environment in ("playground", "production"):
        local_api.admin("limits", "set", "--env", environment, "--account", account, "--plan", "scale")
    return email, password


def id_token(local_api: LocalApiProcess, account: str) -> str:
    """A new owner of `account`, signed in: the id token the console sends as `Authorization`."""
    email, password = new_owner(local_api, account)
    answer = local_api.client("cognito-idp").initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=local_api.env["CONSOLE_CLIENT_ID"],
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return str(answer["AuthenticationResult"]["IdToken"])
