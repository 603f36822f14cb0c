from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductAssets")


@_attrs_define
class ProductAssets:
    """
    Attributes:
        card_image_url (None | str | Unset):
        icon_image_url (None | str | Unset):
        primary_color (None | str | Unset):
    """

    card_image_url: None | str | Unset = UNSET
    icon_image_url: None | str | Unset = UNSET
    primary_color: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        card_image_url: None | str | Unset
        if isinstance(self.card_image_url, Unset):
            card_image_url = UNSET
        else:
            card_image_url = self.card_image_url

        icon_image_url: None | str | Unset
        if isinstance(self.icon_image_url, Unset):
            icon_image_url = UNSET
        else:
            icon_image_url = self.icon_image_url

        primary_color: None | str | Unset
        if isinstance(self.primary_color, Unset):
            primary_color = UNSET
        else:
            primary_color = self.primary_color

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if card_image_url is not UNSET:
            field_dict["card_image_url"] = card_image_url
        if icon_image_url is not UNSET:
            field_dict["icon_image_url"] = icon_image_url
        if primary_color is not UNSET:
            field_dict["primary_color"] = primary_color

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_card_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        card_image_url = _parse_card_image_url(d.pop("card_image_url", UNSET))

        def _parse_icon_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        icon_image_url = _parse_icon_image_url(d.pop("icon_image_url", UNSET))

        def _parse_primary_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        primary_color = _parse_primary_color(d.pop("primary_color", UNSET))

        product_assets = cls(
            card_image_url=card_image_url,
            icon_image_url=icon_image_url,
            primary_color=primary_color,
        )

        product_assets.additional_properties = d
        return product_assets

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
