from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.tool_out_method import ToolOutMethod

if TYPE_CHECKING:
    from ..models.tool_out_parameters import ToolOutParameters


T = TypeVar("T", bound="ToolOut")


@_attrs_define
class ToolOut:
    """
    Attributes:
        id (str):
        name (str):
        description (str):
        endpoint (str):
        method (ToolOutMethod):
        parameters (ToolOutParameters):
        status (Literal['active']):
        created_at (str):
    """

    id: str
    name: str
    description: str
    endpoint: str
    method: ToolOutMethod
    parameters: ToolOutParameters
    status: Literal["active"]
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        endpoint = self.endpoint

        method = self.method.value

        parameters = self.parameters.to_dict()

        status = self.status

        created_at = self.created_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "endpoint": endpoint,
                "method": method,
                "parameters": parameters,
                "status": status,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_out_parameters import ToolOutParameters

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        endpoint = d.pop("endpoint")

        method = ToolOutMethod(d.pop("method"))

        parameters = ToolOutParameters.from_dict(d.pop("parameters"))

        status = cast(Literal["active"], d.pop("status"))
        if status != "active":
            raise ValueError(f"status must match const 'active', got '{status}'")

        created_at = d.pop("createdAt")

        tool_out = cls(
            id=id,
            name=name,
            description=description,
            endpoint=endpoint,
            method=method,
            parameters=parameters,
            status=status,
            created_at=created_at,
        )

        return tool_out
