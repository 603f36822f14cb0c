from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConversationSummary")


@_attrs_define
class ConversationSummary:
    """
    Attributes:
        id (str):
        started_at (str):
        message_count (int): User and assistant messages (tool calls are folded into replies).
    """

    id: str
    started_at: str
    message_count: int

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        started_at = self.started_at

        message_count = self.message_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "startedAt": started_at,
                "messageCount": message_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        started_at = d.pop("startedAt")

        message_count = d.pop("messageCount")

        conversation_summary = cls(
            id=id,
            started_at=started_at,
            message_count=message_count,
        )

        return conversation_summary
