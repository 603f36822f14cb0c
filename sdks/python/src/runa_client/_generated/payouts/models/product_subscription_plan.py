from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.product_subscription_plan_length_unit import (
    ProductSubscriptionPlanLengthUnit,
)

T = TypeVar("T", bound="ProductSubscriptionPlan")


@_attrs_define
class ProductSubscriptionPlan:
    """
    Attributes:
        length_unit (ProductSubscriptionPlanLengthUnit):
        length (int):
        name (str):
        price (str):
        subscription_plan_code (str):
    """

    length_unit: ProductSubscriptionPlanLengthUnit
    length: int
    name: str
    price: str
    subscription_plan_code: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        length_unit = self.length_unit.value

        length = self.length

        name = self.name

        price = self.price

        subscription_plan_code = self.subscription_plan_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "length_unit": length_unit,
                "length": length,
                "name": name,
                "price": price,
                "subscription_plan_code": subscription_plan_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        length_unit = ProductSubscriptionPlanLengthUnit(d.pop("length_unit"))

        length = d.pop("length")

        name = d.pop("name")

        price = d.pop("price")

        subscription_plan_code = d.pop("subscription_plan_code")

        product_subscription_plan = cls(
            length_unit=length_unit,
            length=length,
            name=name,
            price=price,
            subscription_plan_code=subscription_plan_code,
        )

        product_subscription_plan.additional_properties = d
        return product_subscription_plan

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
