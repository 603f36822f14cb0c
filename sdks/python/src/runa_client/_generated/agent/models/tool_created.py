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

from ..models.tool_created_method import ToolCreatedMethod

if TYPE_CHECKING:
    from ..models.tool_created_parameters import ToolCreatedParameters


T = TypeVar("T", bound="ToolCreated")


@_attrs_define
class ToolCreated:
    """
    Attributes:
        id (str):
        name (str):
        description (str):
        endpoint (str):
        method (ToolCreatedMethod):
        parameters (ToolCreatedParameters):
        status (Literal['active']):
        created_at (str):
        secret (str): Signing secret: shown this once. Verify X-Runa-Signature with it (see docs/agent.md).
    """

    id: str
    name: str
    description: str
    endpoint: str
    method: ToolCreatedMethod
    parameters: ToolCreatedParameters
    status: Literal["active"]
    created_at: str
    secret: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        endpoint = self.endpoint

        method = self.method.value

        parameters = self.parameters.to_dict()

        status = self.status

        created_at = self.created_at

        secret = self.secret

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
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_created_parameters import ToolCreatedParameters

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        endpoint = d.pop("endpoint")

        method = ToolCreatedMethod(d.pop("method"))

        parameters = ToolCreatedParameters.from_dict(d.pop("parameters"))

        status = cast(Literal["active"], d.pop("status"))
        if status != "active":
            raise ValueError(f"status must match const 'active', got '{status}'")

        created_at = d.pop("createdAt")

        secret = d.pop("secret")

        tool_created = cls(
            id=id,
            name=name,
            description=description,
            endpoint=endpoint,
            method=method,
            parameters=parameters,
            status=status,
            created_at=created_at,
            secret=secret,
        )

        return tool_created
