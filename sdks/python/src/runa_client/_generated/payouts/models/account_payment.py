from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountPayment")


@_attrs_define
class AccountPayment:
    """Account balance payment.

    Attributes:
        type_ (Literal['ACCOUNT_BALANCE']):
        currency (str | Unset): ISO 4217 currency code
    """

    type_: Literal["ACCOUNT_BALANCE"]
    currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["ACCOUNT_BALANCE"], d.pop("type"))
        if type_ != "ACCOUNT_BALANCE":
            raise ValueError(f"type must match const 'ACCOUNT_BALANCE', got '{type_}'")

        currency = d.pop("currency", UNSET)

        account_payment = cls(
            type_=type_,
            currency=currency,
        )

        account_payment.additional_properties = d
        return account_payment

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
