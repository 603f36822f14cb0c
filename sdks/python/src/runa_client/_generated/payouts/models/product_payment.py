from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.content_resources_html import ContentResourcesHTML
    from ..models.content_resources_markdown import ContentResourcesMarkdown
    from ..models.content_resources_url import ContentResourcesUrl
    from ..models.payment_assets import PaymentAssets
    from ..models.payment_denominations import PaymentDenominations


T = TypeVar("T", bound="ProductPayment")


@_attrs_define
class ProductPayment:
    """
    Attributes:
        assets (PaymentAssets):
        denominations (PaymentDenominations):
        content_resources (ContentResourcesHTML | ContentResourcesMarkdown | ContentResourcesUrl | Unset):
    """

    assets: PaymentAssets
    denominations: PaymentDenominations
    content_resources: (
        ContentResourcesHTML | ContentResourcesMarkdown | ContentResourcesUrl | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.content_resources_markdown import ContentResourcesMarkdown
        from ..models.content_resources_url import ContentResourcesUrl

        assets = self.assets.to_dict()

        denominations = self.denominations.to_dict()

        content_resources: dict[str, Any] | Unset
        if isinstance(self.content_resources, Unset):
            content_resources = UNSET
        elif isinstance(self.content_resources, ContentResourcesUrl):
            content_resources = self.content_resources.to_dict()
        elif isinstance(self.content_resources, ContentResourcesMarkdown):
            content_resources = self.content_resources.to_dict()
        else:
            content_resources = self.content_resources.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assets": assets,
                "denominations": denominations,
            }
        )
        if content_resources is not UNSET:
            field_dict["content_resources"] = content_resources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.content_resources_html import ContentResourcesHTML
        from ..models.content_resources_markdown import ContentResourcesMarkdown
        from ..models.content_resources_url import ContentResourcesUrl
        from ..models.payment_assets import PaymentAssets
        from ..models.payment_denominations import PaymentDenominations

        d = dict(src_dict)
        assets = PaymentAssets.from_dict(d.pop("assets"))

        denominations = PaymentDenominations.from_dict(d.pop("denominations"))

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

        product_payment = cls(
            assets=assets,
            denominations=denominations,
            content_resources=content_resources,
        )

        product_payment.additional_properties = d
        return product_payment

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
