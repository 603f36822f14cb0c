"""/manage/me, /manage/keys* and /manage/audit: the console's API keys page, for signed-in account owners."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import CORSConfig
from aws_lambda_powertools.event_handler.openapi.params import Query

from runa.console.models import AuditList, KeyCreate, KeyCreated, KeyList, KeyOut, Me
from runa.console.owner import Owner, owner_from_event
from runa.console.services import keys as services
from runa.core.api import build_resolver, http_handler
from runa.core.settings import get_settings, require_settings

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("accounts_table", "audit_table")

_ORIGIN = get_settings().allowed_origin
# The deployed console calls from its CloudFront origin; locally it is served from the API's own origin.
app = build_resolver(CORSConfig(allow_origin=_ORIGIN, max_age=600) if _ORIGIN else None)

Limit = Annotated[int, Query(ge=1, le=services.MAX_LIMIT, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=1024, description="The previous page's nextCursor")]


def owner() -> Owner:
    return owner_from_event(app.current_event.raw_event)


@app.get("/manage/me")
def get_me() -> Me:
    return services.me(owner())


@app.get("/manage/keys")
def get_keys(limit: Limit = services.DEFAULT_LIMIT, cursor: Cursor = None) -> KeyList:
    return services.list_keys(owner(), limit, cursor)


@app.post("/manage/keys")
def post_keys(body: KeyCreate) -> tuple[KeyCreated, int]:
    return services.create_key(owner(), body), HTTPStatus.CREATED


@app.delete("/manage/keys/<key_id>")
def delete_key(key_id: str) -> KeyOut:
    return services.revoke_key(owner(), key_id)


@app.get("/manage/audit")
def get_audit(limit: Limit = services.DEFAULT_LIMIT, cursor: Cursor = None) -> AuditList:
    return services.audit(owner(), limit, cursor)


lambda_handler = http_handler(app)
