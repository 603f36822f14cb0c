"""Console requests as API Gateway's Cognito authorizer passes them: the id token's claims in the event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from devtools.infra import Infra
from runa.core.settings import reset_settings
from tests.conftest import api_event, response_json

Call = Callable[..., tuple[int, Any]]


def owner_claims(account: str, email: str | None = None, sub: str | None = None) -> dict[str, str]:
    return {
        "sub": sub or f"user-{account}",
        "email": email or f"owner@{account}.example",
        "custom:account_id": account,
        "token_use": "id",
    }


@pytest.fixture
def console(aws: Infra, lambda_context: Any, monkeypatch: pytest.MonkeyPatch) -> Call:
    """console(method, path, claims=..., body=..., path_parameters=...) -> (status, json), answered by the function
    template.yaml routes the path to; with path_parameters, `path` is the route's template (/manage/keys/{key_id})."""
    from functions.console_agent import app as agent_app
    from functions.console_keys import app as keys_app
    from functions.console_payouts import app as payouts_app

    # Declared on the console functions only (not in Globals), as template.yaml does.
    monkeypatch.setenv("AUDIT_TABLE", aws.physical["AuditTable"])
    reset_settings()

    def call(method: str, path: str, *, claims: dict[str, str] | None, **kwargs: Any) -> tuple[int, Any]:
        if "path_parameters" in kwargs:  # `path` is the route's template: the event carries both, as API Gateway's
            kwargs["resource"] = path
            path = path.format(**kwargs["path_parameters"])
        event = api_event(method, path, **kwargs)
        if claims is not None:
            event["requestContext"]["authorizer"] = {"claims": claims}
        keys_routes = ("/manage/me", "/manage/keys", "/manage/audit")
        app = keys_app if path.startswith(keys_routes) else payouts_app
        if path.startswith("/manage/agent/"):
            app = agent_app
        response = app.lambda_handler(event, lambda_context)
        return response["statusCode"], response_json(response)

    return call
