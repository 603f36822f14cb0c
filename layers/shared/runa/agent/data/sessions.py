"""Conversations and analytics counters in the SessionsTable (layouts in docs/data-model.md, "Sessions").

- `CONV#<owner>#<sess>` / `META`: the session; its gsi1 keys (`CONVS#<owner>`, `<startedAt>#<sess>`) list a
  product's conversations newest first without a scan.
- `CONV#<owner>#<sess>` / `MSG#<epoch ms>#<nnn>`: one item per message (user, tool call, assistant).
- `STATS#<owner>` / `TOTAL`: how many conversations exist now (the list's `total`).
- `STATS#<owner>` / `DAY#<yyyy-mm-dd>`: counters analytics sums (`conversations`, `messages`, `intent#<label>`;
  read by `runa.agent.data.analytics`).
A turn writes its messages and moves its counters in one transaction, so they never disagree.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from runa.agent.data.analytics import INTENT_PREFIX, stats_pk
from runa.agent.errors import PaginationError
from runa.agent.logic.engine import PastTurn
from runa.agent.logic.records import SessionMeta, StoredMessage, TurnRecord
from runa.agent.logic.tool_records import ToolCallRecord
from runa.core import aws, dynamodb
from runa.core.dynamodb import Table
from runa.core.errors import Conflict, NotFound, StoreError
from runa.core.settings import get_settings

GSI = "gsi1"
_INDEX_KEYS = ("pk", "sk", "gsi1pk", "gsi1sk")
META = "META"
TOTAL = "TOTAL"
HISTORY_ITEMS = 80  # newest message items read for the model's memory (history.trim cuts further)
_MESSAGES = "pk = :pk AND begins_with(sk, :msg)"  # a conversation's message items


def _table() -> Table:
    return aws.table(get_settings().sessions_table)


def _conv_pk(owner: str, session_id: str) -> str:
    return f"CONV#{owner}#{session_id}"


def _list_pk(owner: str) -> str:
    return f"CONVS#{owner}"


def _msg_sk(message: StoredMessage, index: int) -> str:
    moment = datetime.fromisoformat(message.timestamp.replace("Z", "+00:00"))
    return f"MSG#{int(moment.timestamp() * 1000):013d}#{index:03d}"


def _fail(action: str, error: ClientError) -> StoreError:
    return StoreError(f"sessions table: {action} failed ({aws.error_code(error)})")


# ---------------------------------------------------------------- items


def _message_item(turn: TurnRecord, message: StoredMessage, index: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": _conv_pk(turn.owner, turn.session_id),
        "sk": _msg_sk(message, index),
        "id": message.message_id,
        "kind": message.kind,
        "turn": message.turn_id,
        "timestamp": message.timestamp,
        "content": message.content,
    }
    call = message.tool_call
    if call is not None:
        # JSON text: tool arguments and results may hold floats, which DynamoDB's Python types refuse.
        item.update(
            {
                "call_id": call.call_id,
                "name": call.name,
                "tool_id": call.tool_id or "",
                "arguments": json.dumps(call.arguments, default=str),
                "result": json.dumps(call.result, default=str),
                "status": call.status,
                "round": call.round,
            }
        )
    return item


def _message_from(item: dict[str, Any]) -> StoredMessage:
    call = None
    if item["kind"] == "tool":
        call = ToolCallRecord(
            call_id=item["call_id"],
            name=item["name"],
            arguments=json.loads(item["arguments"]),
            status=item["status"],
            result=json.loads(item["result"]),
            round=int(item.get("round", 0)),
            tool_id=item.get("tool_id") or None,
        )
    return StoredMessage(
        message_id=item["id"],
        kind=item["kind"],
        turn_id=item["turn"],
        timestamp=item["timestamp"],
        content=item.get("content", ""),
        tool_call=call,
    )


def _meta_from(item: dict[str, Any]) -> SessionMeta:
    return SessionMeta(
        session_id=item["session_id"], started_at=item["started_at"], message_count=int(item["message_count"])
    )


# ---------------------------------------------------------------- writes


def save_turn(turn: TurnRecord) -> None:
    table = _table()
    pk = _conv_pk(turn.owner, turn.session_id)
    counted = turn.counted_messages
    now = turn.messages[-1].timestamp
    actions: list[dict[str, Any]] = [
        {"Put": {"TableName": table.name, "Item": _message_item(turn, message, index)}}
        for index, message in enumerate(turn.messages)
    ]
    if turn.new_session:
        meta = {
            "pk": pk,
            "sk": META,
            "session_id": turn.session_id,
            "started_at": turn.started_at,
            "updated_at": now,
            "message_count": counted,
            "gsi1pk": _list_pk(turn.owner),
            "gsi1sk": f"{turn.started_at}#{turn.session_id}",
        }
        actions.append(
            {"Put": {"TableName": table.name, "Item": meta, "ConditionExpression": "attribute_not_exists(pk)"}}
        )
        actions.append(
            {
                "Update": {
                    "TableName": table.name,
                    "Key": {"pk": stats_pk(turn.owner), "sk": TOTAL},
                    "UpdateExpression": "ADD conversations :one",
                    "ExpressionAttributeValues": {":one": 1},
                }
            }
        )
    else:
        # The condition fails when the conversation was deleted while this turn ran: nothing is written then.
        actions.append(
            {
                "Update": {
                    "TableName": table.name,
                    "Key": {"pk": pk, "sk": META},
                    "UpdateExpression": "ADD message_count :n SET updated_at = :now",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeValues": {":n": counted, ":now": now},
                }
            }
        )
    day_adds = "ADD messages :n, #intent :one" + (", conversations :one" if turn.new_session else "")
    actions.append(
        {
            "Update": {
                "TableName": table.name,
                "Key": {"pk": stats_pk(turn.owner), "sk": f"DAY#{turn.day}"},
                "UpdateExpression": day_adds,
                "ExpressionAttributeNames": {"#intent": f"{INTENT_PREFIX}{turn.intent}"},
                "ExpressionAttributeValues": {":n": counted, ":one": 1},
            }
        }
    )
    try:
        dynamodb.transact_write_items(TransactItems=actions)
    except ClientError as error:
        if aws.error_code(error) == "TransactionCanceledException" and not turn.new_session:
            raise NotFound(f"The conversation {turn.session_id} was deleted.") from error
        if aws.error_code(error) == "TransactionCanceledException":
            # Two first turns of one client-chosen id at once: the other one started it; a retry continues it.
            raise Conflict(f"The conversation {turn.session_id} was started by another request; retry.") from error
        raise _fail("save turn", error) from error


def delete_session(owner: str, session_id: str) -> bool:
    table = _table()
    pk = _conv_pk(owner, session_id)
    try:
        keys = _keys_of(table, pk)
        if not any(key["sk"] == META for key in keys):
            return False
        # META last, and only if it is still there: a retry after a partial failure finishes the job.
        _delete_keys(table, [key for key in keys if key["sk"] != META])
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Delete": {
                        "TableName": table.name,
                        "Key": {"pk": pk, "sk": META},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": table.name,
                        "Key": {"pk": stats_pk(owner), "sk": TOTAL},
                        "UpdateExpression": "ADD conversations :minus",
                        "ExpressionAttributeValues": {":minus": -1},
                    }
                },
            ]
        )
        # A turn that committed between the first read and the META delete left messages behind: sweep them.
        _delete_keys(table, _keys_of(table, pk))
    except ClientError as error:
        if aws.error_code(error) == "TransactionCanceledException":
            return False  # deleted concurrently by another request
        raise _fail("delete conversation", error) from error
    return True


def _keys_of(table: Table, pk: str) -> list[dict[str, str]]:
    keys: list[dict[str, str]] = []
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": pk},
        "ProjectionExpression": "pk, sk",
    }
    while True:
        page = table.query(**kwargs)
        keys.extend({"pk": item["pk"], "sk": item["sk"]} for item in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return keys
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _delete_keys(table: Table, keys: list[dict[str, str]]) -> None:
    with table.batch_writer() as batch:
        for key in keys:
            batch.delete_item(Key=key)


# ---------------------------------------------------------------- reads


def get_session(owner: str, session_id: str) -> SessionMeta | None:
    try:
        item = _table().get_item(Key={"pk": _conv_pk(owner, session_id), "sk": META}).get("Item")
    except ClientError as error:
        raise _fail("get session", error) from error
    return _meta_from(item) if item else None


def messages_page(
    owner: str, session_id: str, after: str | None, max_messages: int, max_bytes: int
) -> tuple[list[StoredMessage], str | None]:
    """Messages in order from after the item `after` (a message sort key), ending at a turn boundary once
    `max_messages` user/assistant messages or about `max_bytes` of items are read; and the sort key to continue
    from (None when nothing follows). The byte budget keeps a page under Lambda's 6 MB response limit."""
    table = _table()
    pk = _conv_pk(owner, session_id)
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": _MESSAGES,
        "ExpressionAttributeValues": {":pk": pk, ":msg": "MSG#"},
        "Limit": 100,
    }
    if after:
        kwargs["ExclusiveStartKey"] = {"pk": pk, "sk": after}
    page: list[StoredMessage] = []
    counted = size = 0
    try:
        while True:
            result = table.query(**kwargs)
            items = result.get("Items", [])
            for index, item in enumerate(items):
                page.append(_message_from(item))
                counted += item["kind"] != "tool"
                size += len(json.dumps(item, default=str))
                if item["kind"] == "assistant" and (counted >= max_messages or size >= max_bytes):
                    more = index + 1 < len(items) or _has_after(table, pk, item["sk"])
                    return page, item["sk"] if more else None
            if "LastEvaluatedKey" not in result:
                return page, None
            kwargs["ExclusiveStartKey"] = result["LastEvaluatedKey"]
    except ClientError as error:
        raise _fail("read messages", error) from error


def _has_after(table: Table, pk: str, sk: str) -> bool:
    result = table.query(
        KeyConditionExpression=_MESSAGES,
        ExpressionAttributeValues={":pk": pk, ":msg": "MSG#"},
        ExclusiveStartKey={"pk": pk, "sk": sk},
        Limit=1,
        ProjectionExpression="sk",
    )
    return bool(result.get("Items"))


def load_history(owner: str, session_id: str) -> list[PastTurn]:
    """The newest whole turns, oldest first; a turn cut by the read limit is dropped, never half-sent."""
    try:
        page = _table().query(
            KeyConditionExpression=_MESSAGES,
            ExpressionAttributeValues={":pk": _conv_pk(owner, session_id), ":msg": "MSG#"},
            ScanIndexForward=False,
            Limit=HISTORY_ITEMS,
        )
    except ClientError as error:
        raise _fail("read history", error) from error
    stored = [_message_from(item) for item in reversed(page.get("Items", []))]
    turns: dict[str, list[StoredMessage]] = {}
    for message in stored:
        turns.setdefault(message.turn_id, []).append(message)
    history = []
    for parts in turns.values():
        user = [m for m in parts if m.kind == "user"]
        reply = [m for m in parts if m.kind == "assistant"]
        if not user or not reply:
            continue  # the oldest turn, cut in the middle by the read limit
        calls = tuple(m.tool_call for m in parts if m.tool_call is not None)
        history.append(PastTurn(user=user[0].content, tool_calls=calls, reply=reply[-1].content))
    return history


def list_sessions(
    owner: str, limit: int, start: dict[str, str] | None
) -> tuple[list[SessionMeta], dict[str, str] | None]:
    """One page, newest first, and the key to continue from (None on the last page: one extra item is read to
    know, so a client never gets a cursor to an empty page)."""
    kwargs: dict[str, Any] = {
        "IndexName": GSI,
        "KeyConditionExpression": "gsi1pk = :owner",
        "ExpressionAttributeValues": {":owner": _list_pk(owner)},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if start:
        kwargs["ExclusiveStartKey"] = start
    try:
        items = _table().query(**kwargs).get("Items", [])
    except ClientError as error:
        if aws.error_code(error) == "ValidationException" and start:
            raise PaginationError() from error
        raise _fail("list conversations", error) from error
    page = items[:limit]
    last = {name: str(page[-1][name]) for name in _INDEX_KEYS} if len(items) > limit else None
    return [_meta_from(item) for item in page], last


def cursor_belongs(owner: str, key: dict[str, str]) -> bool:
    """A cursor is this owner's listing position: exactly the index's key attributes, in this owner's partition."""
    return (
        set(key) == set(_INDEX_KEYS)
        and key["gsi1pk"] == _list_pk(owner)
        and key["pk"].startswith(f"CONV#{owner}#")
        and key["sk"] == META
    )


def count_sessions(owner: str) -> int:
    try:
        item = _table().get_item(Key={"pk": stats_pk(owner), "sk": TOTAL}).get("Item")
    except ClientError as error:
        raise _fail("count conversations", error) from error
    return max(int(item.get("conversations", 0)), 0) if item else 0
