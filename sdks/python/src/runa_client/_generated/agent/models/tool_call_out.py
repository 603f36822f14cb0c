from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tool_call_out_status import ToolCallOutStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_call_out_arguments import ToolCallOutArguments


T = TypeVar("T", bound="ToolCallOut")


@_attrs_define
class ToolCallOut:
    """
    Attributes:
        id (str): The call id (the model's toolUseId, or call_... offline).
        name (str):
        arguments (ToolCallOutArguments):
        status (ToolCallOutStatus):
        result (Any): The tool's answer (JSON or text), or the error the model was given.
        tool_id (None | str | Unset): The registered tool (tool_...), when it was known.
    """

    id: str
    name: str
    arguments: ToolCallOutArguments
    status: ToolCallOutStatus
    result: Any
    tool_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        arguments = self.arguments.to_dict()

        status = self.status.value

        result = self.result

        tool_id: None | str | Unset
        if isinstance(self.tool_id, Unset):
            tool_id = UNSET
        else:
            tool_id = self.tool_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "arguments": arguments,
                "status": status,
                "result": result,
            }
        )
        if tool_id is not UNSET:
            field_dict["toolId"] = tool_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_call_out_arguments import ToolCallOutArguments

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        arguments = ToolCallOutArguments.from_dict(d.pop("arguments"))

        status = ToolCallOutStatus(d.pop("status"))

        result = d.pop("result")

        def _parse_tool_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tool_id = _parse_tool_id(d.pop("toolId", UNSET))

        tool_call_out = cls(
            id=id,
            name=name,
            arguments=arguments,
            status=status,
            result=result,
            tool_id=tool_id,
        )

        return tool_call_out
