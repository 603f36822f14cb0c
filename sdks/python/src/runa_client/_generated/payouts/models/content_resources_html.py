from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContentResourcesHTML")


@_attrs_define
class ContentResourcesHTML:
    """
    Attributes:
        description_html (str):
        disclaimer_html (None | str):
        refund_policy_html (None | str):
        reissuance_policy_html (None | str):
        terms_buyer_html (None | str):
        terms_consumer_html (None | str):
        redemption_instructions_html (None | str):
        locale (str):
    """

    description_html: str
    disclaimer_html: None | str
    refund_policy_html: None | str
    reissuance_policy_html: None | str
    terms_buyer_html: None | str
    terms_consumer_html: None | str
    redemption_instructions_html: None | str
    locale: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description_html = self.description_html

        disclaimer_html: None | str
        disclaimer_html = self.disclaimer_html

        refund_policy_html: None | str
        refund_policy_html = self.refund_policy_html

        reissuance_policy_html: None | str
        reissuance_policy_html = self.reissuance_policy_html

        terms_buyer_html: None | str
        terms_buyer_html = self.terms_buyer_html

        terms_consumer_html: None | str
        terms_consumer_html = self.terms_consumer_html

        redemption_instructions_html: None | str
        redemption_instructions_html = self.redemption_instructions_html

        locale = self.locale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description_html": description_html,
                "disclaimer_html": disclaimer_html,
                "refund_policy_html": refund_policy_html,
                "reissuance_policy_html": reissuance_policy_html,
                "terms_buyer_html": terms_buyer_html,
                "terms_consumer_html": terms_consumer_html,
                "redemption_instructions_html": redemption_instructions_html,
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description_html = d.pop("description_html")

        def _parse_disclaimer_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disclaimer_html = _parse_disclaimer_html(d.pop("disclaimer_html"))

        def _parse_refund_policy_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refund_policy_html = _parse_refund_policy_html(d.pop("refund_policy_html"))

        def _parse_reissuance_policy_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reissuance_policy_html = _parse_reissuance_policy_html(
            d.pop("reissuance_policy_html")
        )

        def _parse_terms_buyer_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_buyer_html = _parse_terms_buyer_html(d.pop("terms_buyer_html"))

        def _parse_terms_consumer_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_consumer_html = _parse_terms_consumer_html(d.pop("terms_consumer_html"))

        def _parse_redemption_instructions_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        redemption_instructions_html = _parse_redemption_instructions_html(
            d.pop("redemption_instructions_html")
        )

        locale = d.pop("locale")

        content_resources_html = cls(
            description_html=description_html,
            disclaimer_html=disclaimer_html,
            refund_policy_html=refund_policy_html,
            reissuance_policy_html=reissuance_policy_html,
            terms_buyer_html=terms_buyer_html,
            terms_consumer_html=terms_consumer_html,
            redemption_instructions_html=redemption_instructions_html,
            locale=locale,
        )

        content_resources_html.additional_properties = d
        return content_resources_html

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
