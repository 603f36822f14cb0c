from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.priced_multiple_product import PricedMultipleProduct
    from ..models.single_product import SingleProduct


T = TypeVar("T", bound="OrderItemPriceRequest")


@_attrs_define
class OrderItemPriceRequest:
    """An item to price. Fields an order item adds (`distribution_method`, ...) are ignored, not refused: the
    official schema allows them, and a client prices the very items it is about to order.

        Attributes:
            products (PricedMultipleProduct | SingleProduct):
            face_value (float):
    """

    products: PricedMultipleProduct | SingleProduct
    face_value: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.priced_multiple_product import PricedMultipleProduct

        products: dict[str, Any]
        if isinstance(self.products, PricedMultipleProduct):
            products = self.products.to_dict()
        else:
            products = self.products.to_dict()

        face_value = self.face_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "products": products,
                "face_value": face_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.priced_multiple_product import PricedMultipleProduct
        from ..models.single_product import SingleProduct

        d = dict(src_dict)

        def _parse_products(data: object) -> PricedMultipleProduct | SingleProduct:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_0 = PricedMultipleProduct.from_dict(data)

                return products_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            products_type_1 = SingleProduct.from_dict(data)

            return products_type_1

        products = _parse_products(d.pop("products"))

        face_value = d.pop("face_value")

        order_item_price_request = cls(
            products=products,
            face_value=face_value,
        )

        order_item_price_request.additional_properties = d
        return order_item_price_request

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
