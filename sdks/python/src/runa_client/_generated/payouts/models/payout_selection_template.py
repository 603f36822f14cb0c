from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayoutSelectionTemplate")


@_attrs_define
class PayoutSelectionTemplate:
    """A template with a predefined set of products.

    Attributes:
        type_ (Literal['TEMPLATE']):
        template_id (str): The template ID for a Payout Selection Template.
    """

    type_: Literal["TEMPLATE"]
    template_id: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        template_id = self.template_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "template_id": template_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["TEMPLATE"], d.pop("type"))
        if type_ != "TEMPLATE":
            raise ValueError(f"type must match const 'TEMPLATE', got '{type_}'")

        template_id = d.pop("template_id")

        payout_selection_template = cls(
            type_=type_,
            template_id=template_id,
        )

        return payout_selection_template
