from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentAssets")


@_attrs_define
class PaymentAssets:
    """
    Attributes:
        icon_image_url (str):
        primary_color (str):
    """

    icon_image_url: str
    primary_color: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        icon_image_url = self.icon_image_url

        primary_color = self.primary_color

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "icon_image_url": icon_image_url,
                "primary_color": primary_color,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        icon_image_url = d.pop("icon_image_url")

        primary_color = d.pop("primary_color")

        payment_assets = cls(
            icon_image_url=icon_image_url,
            primary_color=primary_color,
        )

        payment_assets.additional_properties = d
        return payment_assets

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
