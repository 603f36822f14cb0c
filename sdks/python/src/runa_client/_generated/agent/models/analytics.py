from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Analytics")


@_attrs_define
class Analytics:
    """
    Attributes:
        conversations (int):
        messages_total (int):
        avg_session_length (float): Messages per conversation, rounded to one decimal.
        top_intents (list[str]):
        from_ (str):
        to (str):
    """

    conversations: int
    messages_total: int
    avg_session_length: float
    top_intents: list[str]
    from_: str
    to: str

    def to_dict(self) -> dict[str, Any]:
        conversations = self.conversations

        messages_total = self.messages_total

        avg_session_length = self.avg_session_length

        top_intents = self.top_intents

        from_ = self.from_

        to = self.to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "conversations": conversations,
                "messagesTotal": messages_total,
                "avgSessionLength": avg_session_length,
                "topIntents": top_intents,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        conversations = d.pop("conversations")

        messages_total = d.pop("messagesTotal")

        avg_session_length = d.pop("avgSessionLength")

        top_intents = cast(list[str], d.pop("topIntents"))

        from_ = d.pop("from")

        to = d.pop("to")

        analytics = cls(
            conversations=conversations,
            messages_total=messages_total,
            avg_session_length=avg_session_length,
            top_intents=top_intents,
            from_=from_,
            to=to,
        )

        return analytics
