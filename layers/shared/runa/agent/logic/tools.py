"""Tool registration rules: a name unique per product (a Bedrock toolSpec name), a JSON Schema of parameters, an
endpoint that passes the SSRF check now (and again at every call), and a signing secret shown once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from runa.agent.errors import InvalidField
from runa.agent.logic.schema import SchemaProblem, check_parameters_schema
from runa.agent.logic.tool_records import Tool
from runa.agent.models.tools import ToolCreate, ToolCreated, ToolOut
from runa.core.clock import iso_utc
from runa.core.errors import Conflict, NotFound
from runa.core.ids import prefixed
from runa.core.sealing import new_tool_secret

TOOL_ID_PATTERN = r"^tool_[0-9a-f]{1,64}$"
# Every tool is offered to the model on every turn; past a few dozen, choice quality and token cost both suffer.
MAX_TOOLS_PER_PRODUCT = 25


@dataclass
class ToolPorts:
    check_endpoint: Callable[[str], None]  # raises a DomainError when the URL may not be called
    create: Callable[[str, Tool], None]  # raises Conflict when the name is taken
    list: Callable[[str], list[Tool]]
    get: Callable[[str, str], Tool | None]
    delete: Callable[[str, str], bool]


def tool_out(tool: Tool) -> ToolOut:
    return ToolOut(
        id=tool.tool_id,
        name=tool.name,
        description=tool.description,
        endpoint=tool.endpoint,
        method=tool.method,
        parameters=tool.parameters,
        status="active",
        createdAt=tool.created_at,
    )


def register(owner: str, body: ToolCreate, ports: ToolPorts) -> ToolCreated:
    try:
        parameters = check_parameters_schema(body.parameters)
    except SchemaProblem as problem:
        raise InvalidField(["body", "parameters"], str(problem)) from problem
    ports.check_endpoint(body.endpoint)
    if len(ports.list(owner)) >= MAX_TOOLS_PER_PRODUCT:
        raise Conflict(f"A product may have at most {MAX_TOOLS_PER_PRODUCT} tools; delete one first.")
    tool = Tool(
        tool_id=prefixed("tool_"),
        name=body.name,
        description=body.description,
        endpoint=body.endpoint,
        method=body.method,
        parameters=parameters,
        created_at=iso_utc(timespec="seconds"),
        secret=new_tool_secret(),
    )
    ports.create(owner, tool)
    return ToolCreated(**tool_out(tool).model_dump(), secret=tool.secret)


def get(owner: str, tool_id: str, ports: ToolPorts) -> ToolOut:
    tool = ports.get(owner, tool_id) if re.fullmatch(TOOL_ID_PATTERN, tool_id) else None
    if tool is None:
        raise NotFound(f"No tool {tool_id} for this product.")
    return tool_out(tool)


def delete(owner: str, tool_id: str, ports: ToolPorts) -> None:
    if not re.fullmatch(TOOL_ID_PATTERN, tool_id) or not ports.delete(owner, tool_id):
        raise NotFound(f"No tool {tool_id} for this product.")
