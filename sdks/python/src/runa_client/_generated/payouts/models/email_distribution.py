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

T = TypeVar("T", bound="EmailDistribution")


@_attrs_define
class EmailDistribution:
    """Runa sends the payout link to the end user by email.

    Attributes:
        type_ (Literal['EMAIL']):
        email_address (str):
        template_id (str | Unset): The template ID for a User Redemption Template.
    """

    type_: Literal["EMAIL"]
    email_address: str
    template_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        email_address = self.email_address

        template_id = self.template_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "email_address": email_address,
            }
        )
        if template_id is not UNSET:
            field_dict["template_id"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["EMAIL"], d.pop("type"))
        if type_ != "EMAIL":
            raise ValueError(f"type must match const 'EMAIL', got '{type_}'")

        email_address = d.pop("email_address")

        template_id = d.pop("template_id", UNSET)

        email_distribution = cls(
            type_=type_,
            email_address=email_address,
            template_id=template_id,
        )

        return email_distribution
