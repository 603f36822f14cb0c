from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.conversation_message import ConversationMessage


T = TypeVar("T", bound="Conversation")


@_attrs_define
class Conversation:
    """
    Attributes:
        id (str):
        started_at (str):
        messages (list[ConversationMessage]):
        next_cursor (None | str | Unset): More messages follow: pass it as `cursor`. Pages end between whole turns.
    """

    id: str
    started_at: str
    messages: list[ConversationMessage]
    next_cursor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        started_at = self.started_at

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "startedAt": started_at,
                "messages": messages,
            }
        )
        if next_cursor is not UNSET:
            field_dict["nextCursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation_message import ConversationMessage

        d = dict(src_dict)
        id = d.pop("id")

        started_at = d.pop("startedAt")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = ConversationMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor", UNSET))

        conversation = cls(
            id=id,
            started_at=started_at,
            messages=messages,
            next_cursor=next_cursor,
        )

        return conversation
