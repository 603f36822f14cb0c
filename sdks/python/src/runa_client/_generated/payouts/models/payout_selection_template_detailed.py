from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PayoutSelectionTemplateDetailed")


@_attrs_define
class PayoutSelectionTemplateDetailed:
    """
    Attributes:
        type_ (Literal['TEMPLATE']):
        template_id (str): The template ID for a Payout Selection Template.
        values (list[str] | Unset):
    """

    type_: Literal["TEMPLATE"]
    template_id: str
    values: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        template_id = self.template_id

        values: list[str] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = self.values

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "template_id": template_id,
            }
        )
        if values is not UNSET:
            field_dict["values"] = values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["TEMPLATE"], d.pop("type"))
        if type_ != "TEMPLATE":
            raise ValueError(f"type must match const 'TEMPLATE', got '{type_}'")

        template_id = d.pop("template_id")

        values = cast(list[str], d.pop("values", UNSET))

        payout_selection_template_detailed = cls(
            type_=type_,
            template_id=template_id,
            values=values,
        )

        payout_selection_template_detailed.additional_properties = d
        return payout_selection_template_detailed

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
