from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transaction_detail_entry import TransactionDetailEntry


T = TypeVar("T", bound="OrderPriceResponseTransactionDetail")


@_attrs_define
class OrderPriceResponseTransactionDetail:
    """ """

    additional_properties: dict[str, TransactionDetailEntry] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transaction_detail_entry import TransactionDetailEntry

        d = dict(src_dict)
        order_price_response_transaction_detail = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = TransactionDetailEntry.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        order_price_response_transaction_detail.additional_properties = (
            additional_properties
        )
        return order_price_response_transaction_detail

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> TransactionDetailEntry:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: TransactionDetailEntry) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
