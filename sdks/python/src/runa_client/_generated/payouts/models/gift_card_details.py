from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gift_card_details_barcode_format_type_0 import (
    GiftCardDetailsBarcodeFormatType0,
)
from ..models.gift_card_details_e_code_usage_type import GiftCardDetailsECodeUsageType
from ..models.gift_card_details_redeemable_at import GiftCardDetailsRedeemableAt
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.content_resources_html import ContentResourcesHTML
    from ..models.content_resources_markdown import ContentResourcesMarkdown
    from ..models.content_resources_url import ContentResourcesUrl
    from ..models.product_assets import ProductAssets
    from ..models.product_denominations import ProductDenominations
    from ..models.product_expiry import ProductExpiry


T = TypeVar("T", bound="GiftCardDetails")


@_attrs_define
class GiftCardDetails:
    """PayoutTypeDetailsBase + denominations.

    Attributes:
        denominations (ProductDenominations): `open`: any amount between minimum and maximum; `fixed`: only the values
            of `available_list`.
        assets (ProductAssets | Unset):
        balance_check_url (None | str | Unset):
        content_resources (ContentResourcesHTML | ContentResourcesMarkdown | ContentResourcesUrl | Unset):
        expiry (ProductExpiry | Unset):
        redeemable_at (GiftCardDetailsRedeemableAt | Unset):
        website_url (None | str | Unset):
        barcode_format (GiftCardDetailsBarcodeFormatType0 | None | Unset):
        e_code_usage_type (GiftCardDetailsECodeUsageType | Unset):
    """

    denominations: ProductDenominations
    assets: ProductAssets | Unset = UNSET
    balance_check_url: None | str | Unset = UNSET
    content_resources: (
        ContentResourcesHTML | ContentResourcesMarkdown | ContentResourcesUrl | Unset
    ) = UNSET
    expiry: ProductExpiry | Unset = UNSET
    redeemable_at: GiftCardDetailsRedeemableAt | Unset = UNSET
    website_url: None | str | Unset = UNSET
    barcode_format: GiftCardDetailsBarcodeFormatType0 | None | Unset = UNSET
    e_code_usage_type: GiftCardDetailsECodeUsageType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.content_resources_markdown import ContentResourcesMarkdown
        from ..models.content_resources_url import ContentResourcesUrl

        denominations = self.denominations.to_dict()

        assets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.assets, Unset):
            assets = self.assets.to_dict()

        balance_check_url: None | str | Unset
        if isinstance(self.balance_check_url, Unset):
            balance_check_url = UNSET
        else:
            balance_check_url = self.balance_check_url

        content_resources: dict[str, Any] | Unset
        if isinstance(self.content_resources, Unset):
            content_resources = UNSET
        elif isinstance(self.content_resources, ContentResourcesUrl):
            content_resources = self.content_resources.to_dict()
        elif isinstance(self.content_resources, ContentResourcesMarkdown):
            content_resources = self.content_resources.to_dict()
        else:
            content_resources = self.content_resources.to_dict()

        expiry: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expiry, Unset):
            expiry = self.expiry.to_dict()

        redeemable_at: str | Unset = UNSET
        if not isinstance(self.redeemable_at, Unset):
            redeemable_at = self.redeemable_at.value

        website_url: None | str | Unset
        if isinstance(self.website_url, Unset):
            website_url = UNSET
        else:
            website_url = self.website_url

        barcode_format: None | str | Unset
        if isinstance(self.barcode_format, Unset):
            barcode_format = UNSET
        elif isinstance(self.barcode_format, GiftCardDetailsBarcodeFormatType0):
            barcode_format = self.barcode_format.value
        else:
            barcode_format = self.barcode_format

        e_code_usage_type: str | Unset = UNSET
        if not isinstance(self.e_code_usage_type, Unset):
            e_code_usage_type = self.e_code_usage_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "denominations": denominations,
            }
        )
        if assets is not UNSET:
            field_dict["assets"] = assets
        if balance_check_url is not UNSET:
            field_dict["balance_check_url"] = balance_check_url
        if content_resources is not UNSET:
            field_dict["content_resources"] = content_resources
        if expiry is not UNSET:
            field_dict["expiry"] = expiry
        if redeemable_at is not UNSET:
            field_dict["redeemable_at"] = redeemable_at
        if website_url is not UNSET:
            field_dict["website_url"] = website_url
        if barcode_format is not UNSET:
            field_dict["barcode_format"] = barcode_format
        if e_code_usage_type is not UNSET:
            field_dict["e_code_usage_type"] = e_code_usage_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.content_resources_html import ContentResourcesHTML
        from ..models.content_resources_markdown import ContentResourcesMarkdown
        from ..models.content_resources_url import ContentResourcesUrl
        from ..models.product_assets import ProductAssets
        from ..models.product_denominations import ProductDenominations
        from ..models.product_expiry import ProductExpiry

        d = dict(src_dict)
        denominations = ProductDenominations.from_dict(d.pop("denominations"))

        _assets = d.pop("assets", UNSET)
        assets: ProductAssets | Unset
        if isinstance(_assets, Unset):
            assets = UNSET
        else:
            assets = ProductAssets.from_dict(_assets)

        def _parse_balance_check_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        balance_check_url = _parse_balance_check_url(d.pop("balance_check_url", UNSET))

        def _parse_content_resources(
            data: object,
        ) -> (
            ContentResourcesHTML
            | ContentResourcesMarkdown
            | ContentResourcesUrl
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_resources_type_0 = ContentResourcesUrl.from_dict(data)

                return content_resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_resources_type_1 = ContentResourcesMarkdown.from_dict(data)

                return content_resources_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            content_resources_type_2 = ContentResourcesHTML.from_dict(data)

            return content_resources_type_2

        content_resources = _parse_content_resources(d.pop("content_resources", UNSET))

        _expiry = d.pop("expiry", UNSET)
        expiry: ProductExpiry | Unset
        if isinstance(_expiry, Unset):
            expiry = UNSET
        else:
            expiry = ProductExpiry.from_dict(_expiry)

        _redeemable_at = d.pop("redeemable_at", UNSET)
        redeemable_at: GiftCardDetailsRedeemableAt | Unset
        if isinstance(_redeemable_at, Unset):
            redeemable_at = UNSET
        else:
            redeemable_at = GiftCardDetailsRedeemableAt(_redeemable_at)

        def _parse_website_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website_url = _parse_website_url(d.pop("website_url", UNSET))

        def _parse_barcode_format(
            data: object,
        ) -> GiftCardDetailsBarcodeFormatType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                barcode_format_type_0 = GiftCardDetailsBarcodeFormatType0(data)

                return barcode_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GiftCardDetailsBarcodeFormatType0 | None | Unset, data)

        barcode_format = _parse_barcode_format(d.pop("barcode_format", UNSET))

        _e_code_usage_type = d.pop("e_code_usage_type", UNSET)
        e_code_usage_type: GiftCardDetailsECodeUsageType | Unset
        if isinstance(_e_code_usage_type, Unset):
            e_code_usage_type = UNSET
        else:
            e_code_usage_type = GiftCardDetailsECodeUsageType(_e_code_usage_type)

        gift_card_details = cls(
            denominations=denominations,
            assets=assets,
            balance_check_url=balance_check_url,
            content_resources=content_resources,
            expiry=expiry,
            redeemable_at=redeemable_at,
            website_url=website_url,
            barcode_format=barcode_format,
            e_code_usage_type=e_code_usage_type,
        )

        gift_card_details.additional_properties = d
        return gift_card_details

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
