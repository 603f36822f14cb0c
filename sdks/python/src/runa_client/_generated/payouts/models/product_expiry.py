from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.product_expiry_type import ProductExpiryType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductExpiry")


@_attrs_define
class ProductExpiry:
    """
    Attributes:
        date_policy (None | str | Unset):
        in_months (int | Unset):
        type_ (ProductExpiryType | Unset):
    """

    date_policy: None | str | Unset = UNSET
    in_months: int | Unset = UNSET
    type_: ProductExpiryType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date_policy: None | str | Unset
        if isinstance(self.date_policy, Unset):
            date_policy = UNSET
        else:
            date_policy = self.date_policy

        in_months = self.in_months

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if date_policy is not UNSET:
            field_dict["date_policy"] = date_policy
        if in_months is not UNSET:
            field_dict["in_months"] = in_months
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_date_policy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_policy = _parse_date_policy(d.pop("date_policy", UNSET))

        in_months = d.pop("in_months", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: ProductExpiryType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = ProductExpiryType(_type_)

        product_expiry = cls(
            date_policy=date_policy,
            in_months=in_months,
            type_=type_,
        )

        product_expiry.additional_properties = d
        return product_expiry

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
