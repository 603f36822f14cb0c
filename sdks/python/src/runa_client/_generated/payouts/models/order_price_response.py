from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_payment import AccountPayment
    from ..models.order_item_discount import OrderItemDiscount
    from ..models.order_price_response_transaction_detail import (
        OrderPriceResponseTransactionDetail,
    )


T = TypeVar("T", bound="OrderPriceResponse")


@_attrs_define
class OrderPriceResponse:
    """
    Attributes:
        payment_method (AccountPayment): Account balance payment.
        items (list[OrderItemDiscount]):
        currency (str): ISO 4217 currency code
        total_discount (float):
        total_price (float):
        transaction_detail (OrderPriceResponseTransactionDetail | Unset):
    """

    payment_method: AccountPayment
    items: list[OrderItemDiscount]
    currency: str
    total_discount: float
    total_price: float
    transaction_detail: OrderPriceResponseTransactionDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment_method = self.payment_method.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        currency = self.currency

        total_discount = self.total_discount

        total_price = self.total_price

        transaction_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.transaction_detail, Unset):
            transaction_detail = self.transaction_detail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment_method": payment_method,
                "items": items,
                "currency": currency,
                "total_discount": total_discount,
                "total_price": total_price,
            }
        )
        if transaction_detail is not UNSET:
            field_dict["transaction_detail"] = transaction_detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_payment import AccountPayment
        from ..models.order_item_discount import OrderItemDiscount
        from ..models.order_price_response_transaction_detail import (
            OrderPriceResponseTransactionDetail,
        )

        d = dict(src_dict)
        payment_method = AccountPayment.from_dict(d.pop("payment_method"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemDiscount.from_dict(items_item_data)

            items.append(items_item)

        currency = d.pop("currency")

        total_discount = d.pop("total_discount")

        total_price = d.pop("total_price")

        _transaction_detail = d.pop("transaction_detail", UNSET)
        transaction_detail: OrderPriceResponseTransactionDetail | Unset
        if isinstance(_transaction_detail, Unset):
            transaction_detail = UNSET
        else:
            transaction_detail = OrderPriceResponseTransactionDetail.from_dict(
                _transaction_detail
            )

        order_price_response = cls(
            payment_method=payment_method,
            items=items,
            currency=currency,
            total_discount=total_discount,
            total_price=total_price,
            transaction_detail=transaction_detail,
        )

        order_price_response.additional_properties = d
        return order_price_response

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
