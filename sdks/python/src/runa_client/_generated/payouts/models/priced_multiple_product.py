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

T = TypeVar("T", bound="PricedMultipleProduct")


@_attrs_define
class PricedMultipleProduct:
    """MULTIPLE as an estimate takes it: unknown fields ignored, like every part of an estimate request.

    Attributes:
        type_ (Literal['MULTIPLE']):
        values (list[str]):
    """

    type_: Literal["MULTIPLE"]
    values: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        values = self.values

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["MULTIPLE"], d.pop("type"))
        if type_ != "MULTIPLE":
            raise ValueError(f"type must match const 'MULTIPLE', got '{type_}'")

        values = cast(list[str], d.pop("values"))

        priced_multiple_product = cls(
            type_=type_,
            values=values,
        )

        priced_multiple_product.additional_properties = d
        return priced_multiple_product

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
