"""Who is signed in to the console, as API Gateway's Cognito authorizer verified it (the id token's claims)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runa.core.errors import DomainError

ACCOUNT_CLAIM = "custom:account_id"


class NotSignedIn(DomainError):
    status, error_type = 401, "unauthorized"
    default_message = "Sign in to the console first."


class NoAccount(DomainError):
    status, error_type = 403, "forbidden"
    default_message = "This sign-in is not linked to an account; ask your operator to link it."


@dataclass(frozen=True)
class Owner:
    """An account owner. Every console read and write is limited to `account_id`, taken from the verified token
    (the console's app client cannot write that attribute, so an owner cannot move to another account)."""

    user_id: str  # Cognito `sub`: stable even if the email changes
    email: str
    account_id: str


def owner_from_event(event: dict[str, Any]) -> Owner:
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    if not isinstance(claims, dict) or not claims.get("sub"):
        # Only reachable when a function is invoked without the Cognito authorizer in front of it.
        raise NotSignedIn()
    account_id = str(claims.get(ACCOUNT_CLAIM) or "")
    if not account_id:
        raise NoAccount()
    return Owner(user_id=str(claims["sub"]), email=str(claims.get("email") or ""), account_id=account_id)
