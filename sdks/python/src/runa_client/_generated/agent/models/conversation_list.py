from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.conversation_summary import ConversationSummary


T = TypeVar("T", bound="ConversationList")


@_attrs_define
class ConversationList:
    """
    Attributes:
        conversations (list[ConversationSummary]):
        total (int):
        next_cursor (None | str | Unset):
    """

    conversations: list[ConversationSummary]
    total: int
    next_cursor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        conversations = []
        for conversations_item_data in self.conversations:
            conversations_item = conversations_item_data.to_dict()
            conversations.append(conversations_item)

        total = self.total

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "conversations": conversations,
                "total": total,
            }
        )
        if next_cursor is not UNSET:
            field_dict["nextCursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation_summary import ConversationSummary

        d = dict(src_dict)
        conversations = []
        _conversations = d.pop("conversations")
        for conversations_item_data in _conversations:
            conversations_item = ConversationSummary.from_dict(conversations_item_data)

            conversations.append(conversations_item)

        total = d.pop("total")

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor", UNSET))

        conversation_list = cls(
            conversations=conversations,
            total=total,
            next_cursor=next_cursor,
        )

        return conversation_list
