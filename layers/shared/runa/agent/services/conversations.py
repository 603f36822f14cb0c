"""Wiring of stored conversations (list, read, delete): the sessions store behind ConversationPorts."""

from __future__ import annotations

from runa.agent.data import sessions
from runa.agent.logic import conversations as conversations_logic
from runa.agent.logic.owner import owner_of
from runa.agent.models.conversations import Conversation, ConversationList
from runa.core.caller import Caller


def conversation_ports() -> conversations_logic.ConversationPorts:
    return conversations_logic.ConversationPorts(
        list_sessions=sessions.list_sessions,
        count_sessions=sessions.count_sessions,
        get_session=sessions.get_session,
        messages_page=sessions.messages_page,
        delete_session=sessions.delete_session,
        cursor_belongs=sessions.cursor_belongs,
    )


def list_conversations(caller: Caller, limit: int, cursor: str | None) -> ConversationList:
    return conversations_logic.list_conversations(owner_of(caller), limit, cursor, conversation_ports())


def get_conversation(caller: Caller, session_id: str, limit: int, cursor: str | None) -> Conversation:
    return conversations_logic.get_conversation(owner_of(caller), session_id, limit, cursor, conversation_ports())


def delete_conversation(caller: Caller, session_id: str) -> None:
    conversations_logic.delete_conversation(owner_of(caller), session_id, conversation_ports())
