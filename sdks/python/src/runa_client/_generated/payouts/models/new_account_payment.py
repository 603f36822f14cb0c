from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="NewAccountPayment")


@_attrs_define
class NewAccountPayment:
    """Pay using your account balance.

    Attributes:
        type_ (Literal['ACCOUNT_BALANCE']):
        currency (str): ISO 4217 currency code
    """

    type_: Literal["ACCOUNT_BALANCE"]
    currency: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["ACCOUNT_BALANCE"], d.pop("type"))
        if type_ != "ACCOUNT_BALANCE":
            raise ValueError(f"type must match const 'ACCOUNT_BALANCE', got '{type_}'")

        currency = d.pop("currency")

        new_account_payment = cls(
            type_=type_,
            currency=currency,
        )

        return new_account_payment
