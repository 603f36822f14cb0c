"""`X-Api-Version`: the dated version of the API a client asks for (official document: optional header).

Only the version of the official document exists; an absent header means it, any other value is refused so a
client never silently gets a behaviour it did not ask for.
"""

from __future__ import annotations

from runa.payouts.errors import InvalidVersion

CURRENT_VERSION = "2024-02-05"
SUPPORTED_VERSIONS = frozenset({CURRENT_VERSION})


def check_api_version(requested: str | None) -> str:
    """The version to serve; InvalidVersion (400 invalid_version) for one we do not have."""
    if requested is None or requested.strip() == "":
        return CURRENT_VERSION
    if requested.strip() not in SUPPORTED_VERSIONS:
        raise InvalidVersion(f"X-Api-Version '{requested[:40]}' is not supported; use {CURRENT_VERSION}.")
    return requested.strip()
