from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tool_create_method import ToolCreateMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_create_parameters_type_0 import ToolCreateParametersType0


T = TypeVar("T", bound="ToolCreate")


@_attrs_define
class ToolCreate:
    """
    Attributes:
        name (str): Unique per product; letters, digits, _ and -.
        description (str): What the tool does; the agent reads it.
        endpoint (str): https URL the platform calls.
        method (ToolCreateMethod | Unset):  Default: ToolCreateMethod.POST.
        parameters (None | ToolCreateParametersType0 | Unset): JSON Schema (draft 2020-12) of the arguments, {"type":
            "object", ...}.
    """

    name: str
    description: str
    endpoint: str
    method: ToolCreateMethod | Unset = ToolCreateMethod.POST
    parameters: None | ToolCreateParametersType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_create_parameters_type_0 import ToolCreateParametersType0

        name = self.name

        description = self.description

        endpoint = self.endpoint

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, ToolCreateParametersType0):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "endpoint": endpoint,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_create_parameters_type_0 import ToolCreateParametersType0

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        endpoint = d.pop("endpoint")

        _method = d.pop("method", UNSET)
        method: ToolCreateMethod | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = ToolCreateMethod(_method)

        def _parse_parameters(data: object) -> None | ToolCreateParametersType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = ToolCreateParametersType0.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ToolCreateParametersType0 | Unset, data)

        parameters = _parse_parameters(d.pop("parameters", UNSET))

        tool_create = cls(
            name=name,
            description=description,
            endpoint=endpoint,
            method=method,
            parameters=parameters,
        )

        return tool_create
