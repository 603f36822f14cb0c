from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pageable_meta import PageableMeta
    from ..models.product import Product


T = TypeVar("T", bound="ProductList")


@_attrs_define
class ProductList:
    """
    Attributes:
        catalog (list[Product]):
        pagination (PageableMeta):
    """

    catalog: list[Product]
    pagination: PageableMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        catalog = []
        for catalog_item_data in self.catalog:
            catalog_item = catalog_item_data.to_dict()
            catalog.append(catalog_item)

        pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "catalog": catalog,
                "pagination": pagination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pageable_meta import PageableMeta
        from ..models.product import Product

        d = dict(src_dict)
        catalog = []
        _catalog = d.pop("catalog")
        for catalog_item_data in _catalog:
            catalog_item = Product.from_dict(catalog_item_data)

            catalog.append(catalog_item)

        pagination = PageableMeta.from_dict(d.pop("pagination"))

        product_list = cls(
            catalog=catalog,
            pagination=pagination,
        )

        product_list.additional_properties = d
        return product_list

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
