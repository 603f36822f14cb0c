from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.conversation_message_role import ConversationMessageRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_call_out import ToolCallOut


T = TypeVar("T", bound="ConversationMessage")


@_attrs_define
class ConversationMessage:
    """
    Attributes:
        id (str):
        role (ConversationMessageRole):
        content (str):
        timestamp (str):
        tool_calls (list[ToolCallOut] | None | Unset): On assistant messages: the tools called to write this reply.
    """

    id: str
    role: ConversationMessageRole
    content: str
    timestamp: str
    tool_calls: list[ToolCallOut] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        role = self.role.value

        content = self.content

        timestamp = self.timestamp

        tool_calls: list[dict[str, Any]] | None | Unset
        if isinstance(self.tool_calls, Unset):
            tool_calls = UNSET
        elif isinstance(self.tool_calls, list):
            tool_calls = []
            for tool_calls_type_0_item_data in self.tool_calls:
                tool_calls_type_0_item = tool_calls_type_0_item_data.to_dict()
                tool_calls.append(tool_calls_type_0_item)

        else:
            tool_calls = self.tool_calls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "role": role,
                "content": content,
                "timestamp": timestamp,
            }
        )
        if tool_calls is not UNSET:
            field_dict["toolCalls"] = tool_calls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_call_out import ToolCallOut

        d = dict(src_dict)
        id = d.pop("id")

        role = ConversationMessageRole(d.pop("role"))

        content = d.pop("content")

        timestamp = d.pop("timestamp")

        def _parse_tool_calls(data: object) -> list[ToolCallOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tool_calls_type_0 = []
                _tool_calls_type_0 = data
                for tool_calls_type_0_item_data in _tool_calls_type_0:
                    tool_calls_type_0_item = ToolCallOut.from_dict(
                        tool_calls_type_0_item_data
                    )

                    tool_calls_type_0.append(tool_calls_type_0_item)

                return tool_calls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ToolCallOut] | None | Unset, data)

        tool_calls = _parse_tool_calls(d.pop("toolCalls", UNSET))

        conversation_message = cls(
            id=id,
            role=role,
            content=content,
            timestamp=timestamp,
            tool_calls=tool_calls,
        )

        return conversation_message
