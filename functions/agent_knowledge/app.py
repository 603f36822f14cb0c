"""/v1/knowledge*: a product's knowledge sources. Indexing happens on the indexing queue, so adding and
refreshing answer 202 (accepted, `status: indexing`) at once; poll GET /v1/knowledge/{id} for ready/failed."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BODY_ERRORS, BadRequest, BodyTooLarge, NotFound, ServiceUnavailable, ValidationFailed
from runa.core.schemas import agent_responses
from runa.core.settings import require_settings
from runa.knowledge.errors import InvalidCursor
from runa.knowledge.models import CreateSource, Source, SourceDeleted, SourceList
from runa.knowledge.services import sources
from runa.net.safe_http import UnsafeUrl

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("knowledge_table", "knowledge_bucket")

app = build_resolver()

# Adding and refreshing answer 202: the source is recorded, indexing runs on the queue (503 if it cannot be queued).
ACCEPTED = "Accepted; poll GET /v1/knowledge/{id}"
SourceId = Annotated[str, Path(min_length=1, max_length=64, description="ks_...")]


def _accepted(source: Source) -> Response[Source]:
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body=source,
        headers={"Location": f"/v1/knowledge/{source.id}"},
    )


@app.post(
    "/v1/knowledge",
    operation_id="addKnowledgeSource",
    summary="Add a knowledge source (indexed in the background)",
    responses=agent_responses(202, Source, ACCEPTED, *BODY_ERRORS, UnsafeUrl, ServiceUnavailable),
)
def post_v1_knowledge(body: Annotated[CreateSource, Body()]) -> Response[Source]:
    return _accepted(sources.create(caller(app).product_owner, body))


@app.get(
    "/v1/knowledge",
    operation_id="listKnowledgeSources",
    summary="List the product's knowledge sources",
    responses=agent_responses(200, SourceList, "A page of sources", ValidationFailed, InvalidCursor),
)
def get_v1_knowledge(
    limit: Annotated[int, Query(ge=1, le=sources.MAX_LIMIT)] = sources.DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=256)] = None,
) -> SourceList:
    return sources.list_sources(caller(app).product_owner, limit=limit, cursor=cursor)


@app.get(
    "/v1/knowledge/<source_id>",
    operation_id="getKnowledgeSource",
    summary="A knowledge source, with its status, error and stats",
    responses=agent_responses(200, Source, "The source", ValidationFailed, NotFound),
)
def get_v1_knowledge_source_id(source_id: SourceId) -> Source:
    return sources.get(caller(app).product_owner, source_id)


@app.delete(
    "/v1/knowledge/<source_id>",
    operation_id="deleteKnowledgeSource",
    summary="Delete a knowledge source; the agent stops using it at once",
    responses=agent_responses(200, SourceDeleted, "Deleted", ValidationFailed, NotFound),
)
def delete_v1_knowledge_source_id(source_id: SourceId) -> SourceDeleted:
    return sources.delete(caller(app).product_owner, source_id)


@app.post(
    "/v1/knowledge/<source_id>/refresh",
    operation_id="refreshKnowledgeSource",
    summary="Re-index a source; its current content stays searchable",
    # No body is read, but a POST's body is still checked before routing (runa.core.api): 400 and 413.
    responses=agent_responses(
        202, Source, ACCEPTED, BadRequest, BodyTooLarge, ValidationFailed, NotFound, ServiceUnavailable
    ),
)
def post_v1_knowledge_source_id_refresh(source_id: SourceId) -> Response[Source]:
    return _accepted(sources.refresh(caller(app).product_owner, source_id))


lambda_handler = http_handler(app)
