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

T = TypeVar("T", bound="SingleProduct")


@_attrs_define
class SingleProduct:
    """The end user redeems the payout link on this one product. Only estimates use it: they ignore the fields an
    order item adds (`usage_config`), so a client can price the exact items it is about to order.

        Attributes:
            type_ (Literal['SINGLE']):
            value (str):
    """

    type_: Literal["SINGLE"]
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["SINGLE"], d.pop("type"))
        if type_ != "SINGLE":
            raise ValueError(f"type must match const 'SINGLE', got '{type_}'")

        value = d.pop("value")

        single_product = cls(
            type_=type_,
            value=value,
        )

        single_product.additional_properties = d
        return single_product

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
