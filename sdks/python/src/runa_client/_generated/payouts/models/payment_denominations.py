from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentDenominations")


@_attrs_define
class PaymentDenominations:
    """
    Attributes:
        minimum_value (str):
        maximum_value (str):
    """

    minimum_value: str
    maximum_value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        minimum_value = self.minimum_value

        maximum_value = self.maximum_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "minimum_value": minimum_value,
                "maximum_value": maximum_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        minimum_value = d.pop("minimum_value")

        maximum_value = d.pop("maximum_value")

        payment_denominations = cls(
            minimum_value=minimum_value,
            maximum_value=maximum_value,
        )

        payment_denominations.additional_properties = d
        return payment_denominations

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
