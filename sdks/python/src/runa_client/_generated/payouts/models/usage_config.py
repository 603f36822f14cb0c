from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UsageConfig")


@_attrs_define
class UsageConfig:
    """MCC rules for prepaid Visa cards; ignored for every other product.

    Attributes:
        spend_rules_template_id (str | Unset):
    """

    spend_rules_template_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        spend_rules_template_id = self.spend_rules_template_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if spend_rules_template_id is not UNSET:
            field_dict["spend_rules_template_id"] = spend_rules_template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        spend_rules_template_id = d.pop("spend_rules_template_id", UNSET)

        usage_config = cls(
            spend_rules_template_id=spend_rules_template_id,
        )

        return usage_config
