from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.product_denominations_type import ProductDenominationsType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductDenominations")


@_attrs_define
class ProductDenominations:
    """`open`: any amount between minimum and maximum; `fixed`: only the values of `available_list`.

    Attributes:
        type_ (ProductDenominationsType):
        minimum_value (str):
        maximum_value (str):
        available_list (list[str] | None | Unset):
    """

    type_: ProductDenominationsType
    minimum_value: str
    maximum_value: str
    available_list: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        minimum_value = self.minimum_value

        maximum_value = self.maximum_value

        available_list: list[str] | None | Unset
        if isinstance(self.available_list, Unset):
            available_list = UNSET
        elif isinstance(self.available_list, list):
            available_list = self.available_list

        else:
            available_list = self.available_list

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "minimum_value": minimum_value,
                "maximum_value": maximum_value,
            }
        )
        if available_list is not UNSET:
            field_dict["available_list"] = available_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ProductDenominationsType(d.pop("type"))

        minimum_value = d.pop("minimum_value")

        maximum_value = d.pop("maximum_value")

        def _parse_available_list(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                available_list_type_0 = cast(list[str], data)

                return available_list_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        available_list = _parse_available_list(d.pop("available_list", UNSET))

        product_denominations = cls(
            type_=type_,
            minimum_value=minimum_value,
            maximum_value=maximum_value,
            available_list=available_list,
        )

        product_denominations.additional_properties = d
        return product_denominations

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
