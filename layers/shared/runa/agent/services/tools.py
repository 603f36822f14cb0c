"""Wiring of the HTTP tools an agent calls: the tools store and the endpoint check behind ToolPorts."""

from __future__ import annotations

from runa.agent.data import tool_client
from runa.agent.data import tools as tools_store
from runa.agent.logic import tools as tools_logic
from runa.agent.logic.owner import owner_of
from runa.agent.models.tools import ToolCreate, ToolCreated, ToolList, ToolOut
from runa.core.caller import Caller


def tool_ports() -> tools_logic.ToolPorts:
    return tools_logic.ToolPorts(
        check_endpoint=tool_client.check_endpoint,
        create=tools_store.create,
        list=tools_store.list_tools,
        get=tools_store.get_tool,
        delete=tools_store.delete_tool,
    )


def register_tool(caller: Caller, body: ToolCreate) -> ToolCreated:
    return tools_logic.register(owner_of(caller), body, tool_ports())


def list_tools(caller: Caller) -> ToolList:
    return ToolList(tools=[tools_logic.tool_out(tool) for tool in tools_store.list_tools(owner_of(caller))])


def tools_page(caller: Caller, limit: int, before: str | None) -> tuple[list[ToolOut], str | None]:
    """A page of the product's tools newest first (the console's list), after the one at position `before`
    (`<created_at>#<tool_id>`, as the previous page returned it), and the position to continue from."""
    tools, last = tools_store.tools_page(owner_of(caller), limit, before)
    return [tools_logic.tool_out(tool) for tool in tools], last


def get_tool(caller: Caller, tool_id: str) -> ToolOut:
    return tools_logic.get(owner_of(caller), tool_id, tool_ports())


def delete_tool(caller: Caller, tool_id: str) -> None:
    tools_logic.delete(owner_of(caller), tool_id, tool_ports())
