from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_account_payment import NewAccountPayment
    from ..models.new_order_details_metadata_type_0 import NewOrderDetailsMetadataType0
    from ..models.new_order_item_details import NewOrderItemDetails


T = TypeVar("T", bound="NewOrderDetails")


@_attrs_define
class NewOrderDetails:
    """
    Attributes:
        payment_method (NewAccountPayment): Pay using your account balance.
        items (list[NewOrderItemDetails]): Each item is one payout link; at most 200, 1 in sync mode.
        description (None | str | Unset): Free text reference; not shown to the end user.
        metadata (NewOrderDetailsMetadataType0 | None | Unset): Up to 20 string key-value pairs (keys up to 40, values
            up to 200 characters).
    """

    payment_method: NewAccountPayment
    items: list[NewOrderItemDetails]
    description: None | str | Unset = UNSET
    metadata: NewOrderDetailsMetadataType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.new_order_details_metadata_type_0 import (
            NewOrderDetailsMetadataType0,
        )

        payment_method = self.payment_method.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, NewOrderDetailsMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_method": payment_method,
                "items": items,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_account_payment import NewAccountPayment
        from ..models.new_order_details_metadata_type_0 import (
            NewOrderDetailsMetadataType0,
        )
        from ..models.new_order_item_details import NewOrderItemDetails

        d = dict(src_dict)
        payment_method = NewAccountPayment.from_dict(d.pop("payment_method"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = NewOrderItemDetails.from_dict(items_item_data)

            items.append(items_item)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_metadata(
            data: object,
        ) -> NewOrderDetailsMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = NewOrderDetailsMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NewOrderDetailsMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        new_order_details = cls(
            payment_method=payment_method,
            items=items,
            description=description,
            metadata=metadata,
        )

        return new_order_details
