from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.citation import Citation
    from ..models.tool_call_out import ToolCallOut
    from ..models.usage import Usage


T = TypeVar("T", bound="ChatResponse")


@_attrs_define
class ChatResponse:
    """
    Attributes:
        id (str): The assistant message id (msg_...).
        reply (str):
        tool_calls (list[ToolCallOut]):
        session_id (str):
        citations (list[Citation]):
        usage (Usage):
    """

    id: str
    reply: str
    tool_calls: list[ToolCallOut]
    session_id: str
    citations: list[Citation]
    usage: Usage

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reply = self.reply

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        session_id = self.session_id

        citations = []
        for citations_item_data in self.citations:
            citations_item = citations_item_data.to_dict()
            citations.append(citations_item)

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "reply": reply,
                "toolCalls": tool_calls,
                "sessionId": session_id,
                "citations": citations,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citation import Citation
        from ..models.tool_call_out import ToolCallOut
        from ..models.usage import Usage

        d = dict(src_dict)
        id = d.pop("id")

        reply = d.pop("reply")

        tool_calls = []
        _tool_calls = d.pop("toolCalls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCallOut.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        session_id = d.pop("sessionId")

        citations = []
        _citations = d.pop("citations")
        for citations_item_data in _citations:
            citations_item = Citation.from_dict(citations_item_data)

            citations.append(citations_item)

        usage = Usage.from_dict(d.pop("usage"))

        chat_response = cls(
            id=id,
            reply=reply,
            tool_calls=tool_calls,
            session_id=session_id,
            citations=citations,
            usage=usage,
        )

        return chat_response
