from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContentResourcesMarkdown")


@_attrs_define
class ContentResourcesMarkdown:
    """
    Attributes:
        description_md (str):
        disclaimer_md (None | str):
        refund_policy_md (None | str):
        reissuance_policy_md (None | str):
        terms_buyer_md (None | str):
        terms_consumer_md (None | str):
        redemption_instructions_md (None | str):
        locale (str):
    """

    description_md: str
    disclaimer_md: None | str
    refund_policy_md: None | str
    reissuance_policy_md: None | str
    terms_buyer_md: None | str
    terms_consumer_md: None | str
    redemption_instructions_md: None | str
    locale: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description_md = self.description_md

        disclaimer_md: None | str
        disclaimer_md = self.disclaimer_md

        refund_policy_md: None | str
        refund_policy_md = self.refund_policy_md

        reissuance_policy_md: None | str
        reissuance_policy_md = self.reissuance_policy_md

        terms_buyer_md: None | str
        terms_buyer_md = self.terms_buyer_md

        terms_consumer_md: None | str
        terms_consumer_md = self.terms_consumer_md

        redemption_instructions_md: None | str
        redemption_instructions_md = self.redemption_instructions_md

        locale = self.locale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description_md": description_md,
                "disclaimer_md": disclaimer_md,
                "refund_policy_md": refund_policy_md,
                "reissuance_policy_md": reissuance_policy_md,
                "terms_buyer_md": terms_buyer_md,
                "terms_consumer_md": terms_consumer_md,
                "redemption_instructions_md": redemption_instructions_md,
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description_md = d.pop("description_md")

        def _parse_disclaimer_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disclaimer_md = _parse_disclaimer_md(d.pop("disclaimer_md"))

        def _parse_refund_policy_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refund_policy_md = _parse_refund_policy_md(d.pop("refund_policy_md"))

        def _parse_reissuance_policy_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reissuance_policy_md = _parse_reissuance_policy_md(
            d.pop("reissuance_policy_md")
        )

        def _parse_terms_buyer_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_buyer_md = _parse_terms_buyer_md(d.pop("terms_buyer_md"))

        def _parse_terms_consumer_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_consumer_md = _parse_terms_consumer_md(d.pop("terms_consumer_md"))

        def _parse_redemption_instructions_md(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        redemption_instructions_md = _parse_redemption_instructions_md(
            d.pop("redemption_instructions_md")
        )

        locale = d.pop("locale")

        content_resources_markdown = cls(
            description_md=description_md,
            disclaimer_md=disclaimer_md,
            refund_policy_md=refund_policy_md,
            reissuance_policy_md=reissuance_policy_md,
            terms_buyer_md=terms_buyer_md,
            terms_consumer_md=terms_consumer_md,
            redemption_instructions_md=redemption_instructions_md,
            locale=locale,
        )

        content_resources_markdown.additional_properties = d
        return content_resources_markdown

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
