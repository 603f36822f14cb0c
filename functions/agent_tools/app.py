"""/v1/tools*: register, list, read and delete the HTTP tools the agent may call."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from http import HTTPStatus

from runa.agent.models.common import Deleted
from runa.agent.models.tools import ToolCreate, ToolCreated, ToolList, ToolOut
from runa.agent.services import tools as services
from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BODY_ERRORS, Conflict, NotFound
from runa.core.schemas import agent_responses
from runa.core.settings import require_settings
from runa.net.safe_http import UnsafeUrl

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("tools_table")

app = build_resolver()


@app.post(
    "/v1/tools",
    operation_id="registerTool",
    summary="Register an HTTP tool the agent may call",
    responses=agent_responses(201, ToolCreated, "Registered", *BODY_ERRORS, UnsafeUrl, Conflict),
)
def post_v1_tools(body: ToolCreate) -> tuple[ToolCreated, int]:
    return services.register_tool(caller(app), body), HTTPStatus.CREATED


@app.get(
    "/v1/tools",
    operation_id="listTools",
    summary="List the product's tools",
    responses=agent_responses(200, ToolList, "The tools"),
)
def get_v1_tools() -> ToolList:
    return services.list_tools(caller(app))


@app.get(
    "/v1/tools/<tool_id>",
    operation_id="getTool",
    summary="A tool",
    responses=agent_responses(200, ToolOut, "The tool", NotFound),
)
def get_v1_tools_tool_id(tool_id: str) -> ToolOut:
    return services.get_tool(caller(app), tool_id)


@app.delete(
    "/v1/tools/<tool_id>",
    operation_id="deleteTool",
    summary="Delete a tool",
    responses=agent_responses(200, Deleted, "Deleted", NotFound),
)
def delete_v1_tools_tool_id(tool_id: str) -> Deleted:
    services.delete_tool(caller(app), tool_id)
    return Deleted(deleted=True, id=tool_id)


lambda_handler = http_handler(app)
