from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completed_order_with_basic_details import (
        CompletedOrderWithBasicDetails,
    )
    from ..models.incomplete_order import IncompleteOrder
    from ..models.pageable_meta import PageableMeta


T = TypeVar("T", bound="OrderList")


@_attrs_define
class OrderList:
    """
    Attributes:
        items (list[CompletedOrderWithBasicDetails | IncompleteOrder]):
        pagination (PageableMeta):
    """

    items: list[CompletedOrderWithBasicDetails | IncompleteOrder]
    pagination: PageableMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.completed_order_with_basic_details import (
            CompletedOrderWithBasicDetails,
        )

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, CompletedOrderWithBasicDetails):
                items_item = items_item_data.to_dict()
            else:
                items_item = items_item_data.to_dict()

            items.append(items_item)

        pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "pagination": pagination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completed_order_with_basic_details import (
            CompletedOrderWithBasicDetails,
        )
        from ..models.incomplete_order import IncompleteOrder
        from ..models.pageable_meta import PageableMeta

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
                data: object,
            ) -> CompletedOrderWithBasicDetails | IncompleteOrder:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    items_item_type_0 = CompletedOrderWithBasicDetails.from_dict(data)

                    return items_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                items_item_type_1 = IncompleteOrder.from_dict(data)

                return items_item_type_1

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        pagination = PageableMeta.from_dict(d.pop("pagination"))

        order_list = cls(
            items=items,
            pagination=pagination,
        )

        order_list.additional_properties = d
        return order_list

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
