"""Registered tools in the ToolsTable (layouts in docs/data-model.md, "Tools").

- `TOOLS#<owner>` / `TOOL#<tool_id>`: the tool, its parameters schema (JSON text) and its signing secret;
- `TOOLS#<owner>` / `NAME#<name>`: reserves the name, so two tools of a product never share one (the model
  calls tools by name). Both are written and deleted together in one transaction.
Listing is a Query on the owner's partition, never a scan; the console pages through it newest first on the
`CreatedIndex` (pk, created_at), which holds tool items only (name reservations have no `created_at`) and never
their secrets.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from runa.agent.logic.tool_records import Tool
from runa.core import aws, dynamodb, sealing
from runa.core.dynamodb import Table
from runa.core.errors import Conflict, StoreError
from runa.core.settings import get_settings


def _table() -> Table:
    return aws.table(get_settings().tools_table)


def _pk(owner: str) -> str:
    return f"TOOLS#{owner}"


def _fail(action: str, error: ClientError) -> StoreError:
    return StoreError(f"tools table: {action} failed ({aws.error_code(error)})")


def _from_item(item: dict[str, Any]) -> Tool:
    return Tool(
        tool_id=item["tool_id"],
        name=item["name"],
        description=item["description"],
        endpoint=item["endpoint"],
        method=item["method"],
        parameters=json.loads(item["parameters"]),
        created_at=item["created_at"],
        secret=item["secret"],  # sealed; opened only when a call is signed
    )


def create(owner: str, tool: Tool) -> None:
    table = _table()
    item = {
        "pk": _pk(owner),
        "sk": f"TOOL#{tool.tool_id}",
        "tool_id": tool.tool_id,
        "name": tool.name,
        "description": tool.description,
        "endpoint": tool.endpoint,
        "method": tool.method,
        "parameters": json.dumps(tool.parameters),
        "created_at": tool.created_at,
        "status": "active",
        "secret": sealing.seal(tool.secret, context={"tool_id": tool.tool_id}),
    }
    name_lock = {"pk": _pk(owner), "sk": f"NAME#{tool.name}", "tool_id": tool.tool_id}
    try:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table.name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
                {
                    "Put": {
                        "TableName": table.name,
                        "Item": name_lock,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except ClientError as error:
        if aws.error_code(error) == "TransactionCanceledException":
            raise Conflict(f"A tool named {tool.name} already exists for this product.") from error
        raise _fail("create tool", error) from error


def list_tools(owner: str) -> list[Tool]:
    table = _table()
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :tool)",
        "ExpressionAttributeValues": {":pk": _pk(owner), ":tool": "TOOL#"},
    }
    items: list[dict[str, Any]] = []
    try:
        while True:
            page = table.query(**kwargs)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise _fail("list tools", error) from error
    return sorted((_from_item(item) for item in items), key=lambda tool: (tool.created_at, tool.tool_id))


CREATED_INDEX = "CreatedIndex"


def tools_page(owner: str, limit: int, before: str | None) -> tuple[list[Tool], str | None]:
    """Up to `limit` tools newest first, after the one at `before` (`<created_at>#<tool_id>`), and the position to
    continue from (None on the last page: one more item is read to know, so a cursor never leads to an empty page).
    The tools come without their secret: the index does not hold it, and a list never signs a call."""
    query: dict[str, Any] = {
        "IndexName": CREATED_INDEX,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": _pk(owner)},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if before:
        created_at, tool_id = before.rsplit("#", 1)
        query["ExclusiveStartKey"] = {"pk": _pk(owner), "sk": f"TOOL#{tool_id}", "created_at": created_at}
    try:
        items = _table().query(**query).get("Items", [])
    except ClientError as error:
        raise _fail("list tools", error) from error
    shown = [{**item, "secret": ""} for item in items[:limit]]
    tools = [_from_item(item) for item in shown]
    return tools, (f"{tools[-1].created_at}#{tools[-1].tool_id}" if len(items) > limit else None)


def get_tool(owner: str, tool_id: str) -> Tool | None:
    try:
        item = _table().get_item(Key={"pk": _pk(owner), "sk": f"TOOL#{tool_id}"}).get("Item")
    except ClientError as error:
        raise _fail("get tool", error) from error
    return _from_item(item) if item else None


def delete_tool(owner: str, tool_id: str) -> bool:
    table = _table()
    tool = get_tool(owner, tool_id)
    if tool is None:
        return False
    try:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Delete": {
                        "TableName": table.name,
                        "Key": {"pk": _pk(owner), "sk": f"TOOL#{tool_id}"},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {"Delete": {"TableName": table.name, "Key": {"pk": _pk(owner), "sk": f"NAME#{tool.name}"}}},
            ]
        )
    except ClientError as error:
        if aws.error_code(error) == "TransactionCanceledException":
            return False  # deleted concurrently
        raise _fail("delete tool", error) from error
    return True
