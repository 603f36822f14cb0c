from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.new_account_payment import NewAccountPayment
    from ..models.order_item_price_request import OrderItemPriceRequest


T = TypeVar("T", bound="OrderPriceRequest")


@_attrs_define
class OrderPriceRequest:
    """A whole order body prices as it is (`description`, `metadata` ignored).

    Attributes:
        payment_method (NewAccountPayment): Pay using your account balance.
        items (list[OrderItemPriceRequest]):
    """

    payment_method: NewAccountPayment
    items: list[OrderItemPriceRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment_method = self.payment_method.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment_method": payment_method,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_account_payment import NewAccountPayment
        from ..models.order_item_price_request import OrderItemPriceRequest

        d = dict(src_dict)
        payment_method = NewAccountPayment.from_dict(d.pop("payment_method"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemPriceRequest.from_dict(items_item_data)

            items.append(items_item)

        order_price_request = cls(
            payment_method=payment_method,
            items=items,
        )

        order_price_request.additional_properties = d
        return order_price_request

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
