from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContentResourcesUrl")


@_attrs_define
class ContentResourcesUrl:
    """
    Attributes:
        description_markdown_url (str):
        disclaimer_markdown_url (None | str):
        refund_policy_markdown_url (None | str):
        reissuance_policy_markdown_url (None | str):
        terms_buyer_markdown_url (None | str):
        terms_consumer_markdown_url (None | str):
        redemption_instructions_markdown_url (None | str):
        locale (str):
    """

    description_markdown_url: str
    disclaimer_markdown_url: None | str
    refund_policy_markdown_url: None | str
    reissuance_policy_markdown_url: None | str
    terms_buyer_markdown_url: None | str
    terms_consumer_markdown_url: None | str
    redemption_instructions_markdown_url: None | str
    locale: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description_markdown_url = self.description_markdown_url

        disclaimer_markdown_url: None | str
        disclaimer_markdown_url = self.disclaimer_markdown_url

        refund_policy_markdown_url: None | str
        refund_policy_markdown_url = self.refund_policy_markdown_url

        reissuance_policy_markdown_url: None | str
        reissuance_policy_markdown_url = self.reissuance_policy_markdown_url

        terms_buyer_markdown_url: None | str
        terms_buyer_markdown_url = self.terms_buyer_markdown_url

        terms_consumer_markdown_url: None | str
        terms_consumer_markdown_url = self.terms_consumer_markdown_url

        redemption_instructions_markdown_url: None | str
        redemption_instructions_markdown_url = self.redemption_instructions_markdown_url

        locale = self.locale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description_markdown_url": description_markdown_url,
                "disclaimer_markdown_url": disclaimer_markdown_url,
                "refund_policy_markdown_url": refund_policy_markdown_url,
                "reissuance_policy_markdown_url": reissuance_policy_markdown_url,
                "terms_buyer_markdown_url": terms_buyer_markdown_url,
                "terms_consumer_markdown_url": terms_consumer_markdown_url,
                "redemption_instructions_markdown_url": redemption_instructions_markdown_url,
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description_markdown_url = d.pop("description_markdown_url")

        def _parse_disclaimer_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disclaimer_markdown_url = _parse_disclaimer_markdown_url(
            d.pop("disclaimer_markdown_url")
        )

        def _parse_refund_policy_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refund_policy_markdown_url = _parse_refund_policy_markdown_url(
            d.pop("refund_policy_markdown_url")
        )

        def _parse_reissuance_policy_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reissuance_policy_markdown_url = _parse_reissuance_policy_markdown_url(
            d.pop("reissuance_policy_markdown_url")
        )

        def _parse_terms_buyer_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_buyer_markdown_url = _parse_terms_buyer_markdown_url(
            d.pop("terms_buyer_markdown_url")
        )

        def _parse_terms_consumer_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_consumer_markdown_url = _parse_terms_consumer_markdown_url(
            d.pop("terms_consumer_markdown_url")
        )

        def _parse_redemption_instructions_markdown_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        redemption_instructions_markdown_url = (
            _parse_redemption_instructions_markdown_url(
                d.pop("redemption_instructions_markdown_url")
            )
        )

        locale = d.pop("locale")

        content_resources_url = cls(
            description_markdown_url=description_markdown_url,
            disclaimer_markdown_url=disclaimer_markdown_url,
            refund_policy_markdown_url=refund_policy_markdown_url,
            reissuance_policy_markdown_url=reissuance_policy_markdown_url,
            terms_buyer_markdown_url=terms_buyer_markdown_url,
            terms_consumer_markdown_url=terms_consumer_markdown_url,
            redemption_instructions_markdown_url=redemption_instructions_markdown_url,
            locale=locale,
        )

        content_resources_url.additional_properties = d
        return content_resources_url

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
