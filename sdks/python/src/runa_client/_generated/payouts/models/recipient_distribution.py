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

T = TypeVar("T", bound="RecipientDistribution")


@_attrs_define
class RecipientDistribution:
    """A known recipient (payment products only); the same reference later makes a repeat payout.

    Attributes:
        type_ (Literal['RECIPIENT']):
        recipient_reference (str):
        email_address (str):
        template_id (str | Unset): The template ID for a User Redemption Template.
    """

    type_: Literal["RECIPIENT"]
    recipient_reference: str
    email_address: str
    template_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        recipient_reference = self.recipient_reference

        email_address = self.email_address

        template_id = self.template_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "recipient_reference": recipient_reference,
                "email_address": email_address,
            }
        )
        if template_id is not UNSET:
            field_dict["template_id"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["RECIPIENT"], d.pop("type"))
        if type_ != "RECIPIENT":
            raise ValueError(f"type must match const 'RECIPIENT', got '{type_}'")

        recipient_reference = d.pop("recipient_reference")

        email_address = d.pop("email_address")

        template_id = d.pop("template_id", UNSET)

        recipient_distribution = cls(
            type_=type_,
            recipient_reference=recipient_reference,
            email_address=email_address,
            template_id=template_id,
        )

        return recipient_distribution
