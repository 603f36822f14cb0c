"""`X-Api-Version` for the /v2 handlers (the rule is runa.payouts.logic.versioning)."""

from __future__ import annotations

from runa.payouts.logic import versioning


def check_api_version(requested: str | None) -> str:
    """The version to serve; InvalidVersion (400 invalid_version) for one we do not have."""
    return versioning.check_api_version(requested)
