from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_distribution import EmailDistribution
    from ..models.link_distribution import LinkDistribution
    from ..models.multiple_product import MultipleProduct
    from ..models.payout_details import PayoutDetails
    from ..models.payout_selection_template_detailed import (
        PayoutSelectionTemplateDetailed,
    )
    from ..models.recipient_distribution import RecipientDistribution
    from ..models.single_product_with_usage_config import SingleProductWithUsageConfig
    from ..models.unknown_product import UnknownProduct


T = TypeVar("T", bound="CompletedOrderItem")


@_attrs_define
class CompletedOrderItem:
    """
    Attributes:
        id (str): The ID of the order item.
        distribution_method (EmailDistribution | LinkDistribution | RecipientDistribution):
        products (MultipleProduct | PayoutSelectionTemplateDetailed | SingleProductWithUsageConfig | UnknownProduct):
        face_value (str):
        price (str):
        payout (PayoutDetails):
        currency (str | Unset): ISO 4217 currency code
    """

    id: str
    distribution_method: EmailDistribution | LinkDistribution | RecipientDistribution
    products: (
        MultipleProduct
        | PayoutSelectionTemplateDetailed
        | SingleProductWithUsageConfig
        | UnknownProduct
    )
    face_value: str
    price: str
    payout: PayoutDetails
    currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.email_distribution import EmailDistribution
        from ..models.link_distribution import LinkDistribution
        from ..models.multiple_product import MultipleProduct
        from ..models.payout_selection_template_detailed import (
            PayoutSelectionTemplateDetailed,
        )
        from ..models.single_product_with_usage_config import (
            SingleProductWithUsageConfig,
        )

        id = self.id

        distribution_method: dict[str, Any]
        if isinstance(self.distribution_method, EmailDistribution):
            distribution_method = self.distribution_method.to_dict()
        elif isinstance(self.distribution_method, LinkDistribution):
            distribution_method = self.distribution_method.to_dict()
        else:
            distribution_method = self.distribution_method.to_dict()

        products: dict[str, Any]
        if isinstance(self.products, MultipleProduct):
            products = self.products.to_dict()
        elif isinstance(self.products, SingleProductWithUsageConfig):
            products = self.products.to_dict()
        elif isinstance(self.products, PayoutSelectionTemplateDetailed):
            products = self.products.to_dict()
        else:
            products = self.products.to_dict()

        face_value = self.face_value

        price = self.price

        payout = self.payout.to_dict()

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "distribution_method": distribution_method,
                "products": products,
                "face_value": face_value,
                "price": price,
                "payout": payout,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_distribution import EmailDistribution
        from ..models.link_distribution import LinkDistribution
        from ..models.multiple_product import MultipleProduct
        from ..models.payout_details import PayoutDetails
        from ..models.payout_selection_template_detailed import (
            PayoutSelectionTemplateDetailed,
        )
        from ..models.recipient_distribution import RecipientDistribution
        from ..models.single_product_with_usage_config import (
            SingleProductWithUsageConfig,
        )
        from ..models.unknown_product import UnknownProduct

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_distribution_method(
            data: object,
        ) -> EmailDistribution | LinkDistribution | RecipientDistribution:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                distribution_method_type_0 = EmailDistribution.from_dict(data)

                return distribution_method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                distribution_method_type_1 = LinkDistribution.from_dict(data)

                return distribution_method_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            distribution_method_type_2 = RecipientDistribution.from_dict(data)

            return distribution_method_type_2

        distribution_method = _parse_distribution_method(d.pop("distribution_method"))

        def _parse_products(
            data: object,
        ) -> (
            MultipleProduct
            | PayoutSelectionTemplateDetailed
            | SingleProductWithUsageConfig
            | UnknownProduct
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_0 = MultipleProduct.from_dict(data)

                return products_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_1 = SingleProductWithUsageConfig.from_dict(data)

                return products_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_2 = PayoutSelectionTemplateDetailed.from_dict(data)

                return products_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            products_type_3 = UnknownProduct.from_dict(data)

            return products_type_3

        products = _parse_products(d.pop("products"))

        face_value = d.pop("face_value")

        price = d.pop("price")

        payout = PayoutDetails.from_dict(d.pop("payout"))

        currency = d.pop("currency", UNSET)

        completed_order_item = cls(
            id=id,
            distribution_method=distribution_method,
            products=products,
            face_value=face_value,
            price=price,
            payout=payout,
            currency=currency,
        )

        completed_order_item.additional_properties = d
        return completed_order_item

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
