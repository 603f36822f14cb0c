from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.email_distribution import EmailDistribution
    from ..models.link_distribution import LinkDistribution
    from ..models.multiple_product import MultipleProduct
    from ..models.payout_selection_template import PayoutSelectionTemplate
    from ..models.recipient_distribution import RecipientDistribution
    from ..models.single_product_with_usage_config import SingleProductWithUsageConfig


T = TypeVar("T", bound="NewOrderItemDetails")


@_attrs_define
class NewOrderItemDetails:
    """
    Attributes:
        face_value (float): SINGLE: an allowed value of the product; MULTIPLE/TEMPLATE: a whole number at least the
            products' minimum.
        distribution_method (EmailDistribution | LinkDistribution | RecipientDistribution):
        products (MultipleProduct | PayoutSelectionTemplate | SingleProductWithUsageConfig):
    """

    face_value: float
    distribution_method: EmailDistribution | LinkDistribution | RecipientDistribution
    products: MultipleProduct | PayoutSelectionTemplate | SingleProductWithUsageConfig

    def to_dict(self) -> dict[str, Any]:
        from ..models.email_distribution import EmailDistribution
        from ..models.link_distribution import LinkDistribution
        from ..models.multiple_product import MultipleProduct
        from ..models.single_product_with_usage_config import (
            SingleProductWithUsageConfig,
        )

        face_value = self.face_value

        distribution_method: dict[str, Any]
        if isinstance(self.distribution_method, EmailDistribution):
            distribution_method = self.distribution_method.to_dict()
        elif isinstance(self.distribution_method, LinkDistribution):
            distribution_method = self.distribution_method.to_dict()
        else:
            distribution_method = self.distribution_method.to_dict()

        products: dict[str, Any]
        if isinstance(self.products, SingleProductWithUsageConfig):
            products = self.products.to_dict()
        elif isinstance(self.products, MultipleProduct):
            products = self.products.to_dict()
        else:
            products = self.products.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "face_value": face_value,
                "distribution_method": distribution_method,
                "products": products,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_distribution import EmailDistribution
        from ..models.link_distribution import LinkDistribution
        from ..models.multiple_product import MultipleProduct
        from ..models.payout_selection_template import PayoutSelectionTemplate
        from ..models.recipient_distribution import RecipientDistribution
        from ..models.single_product_with_usage_config import (
            SingleProductWithUsageConfig,
        )

        d = dict(src_dict)
        face_value = d.pop("face_value")

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
        ) -> MultipleProduct | PayoutSelectionTemplate | SingleProductWithUsageConfig:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_0 = SingleProductWithUsageConfig.from_dict(data)

                return products_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                products_type_1 = MultipleProduct.from_dict(data)

                return products_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            products_type_2 = PayoutSelectionTemplate.from_dict(data)

            return products_type_2

        products = _parse_products(d.pop("products"))

        new_order_item_details = cls(
            face_value=face_value,
            distribution_method=distribution_method,
            products=products,
        )

        return new_order_item_details
