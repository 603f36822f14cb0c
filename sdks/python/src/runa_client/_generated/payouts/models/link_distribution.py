from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkDistribution")


@_attrs_define
class LinkDistribution:
    """You send the payout link to the end user yourself.

    Attributes:
        type_ (Literal['PAYOUT_LINK']):
        template_id (str | Unset): The template ID for a User Redemption Template.
    """

    type_: Literal["PAYOUT_LINK"]
    template_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        template_id = self.template_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if template_id is not UNSET:
            field_dict["template_id"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["PAYOUT_LINK"], d.pop("type"))
        if type_ != "PAYOUT_LINK":
            raise ValueError(f"type must match const 'PAYOUT_LINK', got '{type_}'")

        template_id = d.pop("template_id", UNSET)

        link_distribution = cls(
            type_=type_,
            template_id=template_id,
        )

        return link_distribution
