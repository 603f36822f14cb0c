"""Conversations of a product: newest first with an opaque cursor, one conversation in order, delete."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from runa.agent.errors import PaginationError
from runa.agent.logic.records import SessionMeta, StoredMessage
from runa.agent.models.conversations import (
    Conversation,
    ConversationList,
    ConversationMessage,
    ConversationSummary,
    ToolCallOut,
)
from runa.agent.patterns import SESSION_ID_PATTERN
from runa.core import cursors
from runa.core.errors import NotFound

# (sessions, the key to continue from or None on the last page)
Page = tuple[list[SessionMeta], dict[str, str] | None]
# A conversation page stops (at a turn boundary) past this many bytes of items: far under Lambda's 6 MB answer.
PAGE_BYTES = 2_000_000
_MESSAGE_KEY = re.compile(r"MSG#\d{13}#\d{3}")


@dataclass
class ConversationPorts:
    list_sessions: Callable[[str, int, dict[str, str] | None], Page]
    count_sessions: Callable[[str], int]
    get_session: Callable[[str, str], SessionMeta | None]
    # (owner, session, after sort key, max messages, max bytes) -> (messages, sort key to continue from)
    messages_page: Callable[[str, str, str | None, int, int], tuple[list[StoredMessage], str | None]]
    delete_session: Callable[[str, str], bool]
    # The store's own check that a decoded cursor points inside this owner's listing.
    cursor_belongs: Callable[[str, dict[str, str]], bool]


def encode_cursor(key: dict[str, str]) -> str:
    return cursors.encode(key)


def decode_cursor(cursor: str) -> dict[str, str]:
    raw = cursors.decode(cursor)
    if raw is None or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise PaginationError()
    return raw


def list_conversations(owner: str, limit: int, cursor: str | None, ports: ConversationPorts) -> ConversationList:
    start: dict[str, str] | None = None
    if cursor:
        start = decode_cursor(cursor)
        if not ports.cursor_belongs(owner, start):
            raise PaginationError()
    sessions, last = ports.list_sessions(owner, limit, start)
    return ConversationList(
        conversations=[
            ConversationSummary(id=s.session_id, startedAt=s.started_at, messageCount=s.message_count) for s in sessions
        ],
        total=ports.count_sessions(owner),
        nextCursor=encode_cursor(last) if last else None,
    )


def _fold(messages: list[StoredMessage]) -> list[ConversationMessage]:
    """User and assistant messages in order; each reply carries the tool calls made for it."""
    out: list[ConversationMessage] = []
    pending: list[Any] = []
    for message in messages:
        if message.kind == "tool":
            pending.append(tool_call_out(message))
            continue
        tool_calls = pending if message.kind == "assistant" else None
        out.append(
            ConversationMessage(
                id=message.message_id,
                role=message.kind,
                content=message.content,
                timestamp=message.timestamp,
                toolCalls=tool_calls,
            )
        )
        if message.kind == "assistant":
            pending = []
    return out


def _well_formed(session_id: str) -> bool:
    # Anything else cannot exist; refusing it early also keeps absurd path values out of DynamoDB keys.
    return re.fullmatch(SESSION_ID_PATTERN, session_id) is not None


def get_conversation(
    owner: str, session_id: str, limit: int, cursor: str | None, ports: ConversationPorts
) -> Conversation:
    session = ports.get_session(owner, session_id) if _well_formed(session_id) else None
    if session is None:
        raise NotFound(f"No conversation {session_id} for this product.")
    after = None
    if cursor:
        after = decode_cursor(cursor).get("after", "")
        if not _MESSAGE_KEY.fullmatch(after):
            raise PaginationError()
    stored, next_key = ports.messages_page(owner, session_id, after, limit, PAGE_BYTES)
    return Conversation(
        id=session.session_id,
        startedAt=session.started_at,
        messages=_fold(stored),
        nextCursor=encode_cursor({"after": next_key}) if next_key else None,
    )


def delete_conversation(owner: str, session_id: str, ports: ConversationPorts) -> None:
    if not _well_formed(session_id) or not ports.delete_session(owner, session_id):
        raise NotFound(f"No conversation {session_id} for this product.")


def tool_call_out(message: StoredMessage) -> ToolCallOut:
    call = message.tool_call
    assert call is not None
    return ToolCallOut(
        id=call.call_id,
        toolId=call.tool_id,
        name=call.name,
        arguments=call.arguments,
        status=call.status,
        result=call.result,
    )
