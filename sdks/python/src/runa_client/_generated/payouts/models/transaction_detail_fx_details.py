from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transaction_detail_fee import TransactionDetailFee


T = TypeVar("T", bound="TransactionDetailFXDetails")


@_attrs_define
class TransactionDetailFXDetails:
    """
    Attributes:
        rate (str):
        rate_symbol (str):
        fee (TransactionDetailFee):
    """

    rate: str
    rate_symbol: str
    fee: TransactionDetailFee
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rate = self.rate

        rate_symbol = self.rate_symbol

        fee = self.fee.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rate": rate,
                "rate_symbol": rate_symbol,
                "fee": fee,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transaction_detail_fee import TransactionDetailFee

        d = dict(src_dict)
        rate = d.pop("rate")

        rate_symbol = d.pop("rate_symbol")

        fee = TransactionDetailFee.from_dict(d.pop("fee"))

        transaction_detail_fx_details = cls(
            rate=rate,
            rate_symbol=rate_symbol,
            fee=fee,
        )

        transaction_detail_fx_details.additional_properties = d
        return transaction_detail_fx_details

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
