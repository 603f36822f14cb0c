from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="MultipleProduct")


@_attrs_define
class MultipleProduct:
    """The end user splits the payout link's value between these products (all in one currency).

    Attributes:
        type_ (Literal['MULTIPLE']):
        values (list[str]):
    """

    type_: Literal["MULTIPLE"]
    values: list[str]

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        values = self.values

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["MULTIPLE"], d.pop("type"))
        if type_ != "MULTIPLE":
            raise ValueError(f"type must match const 'MULTIPLE', got '{type_}'")

        values = cast(list[str], d.pop("values"))

        multiple_product = cls(
            type_=type_,
            values=values,
        )

        return multiple_product
