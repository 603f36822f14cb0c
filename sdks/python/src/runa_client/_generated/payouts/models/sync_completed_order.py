from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_payment import AccountPayment
    from ..models.completed_order_item import CompletedOrderItem
    from ..models.sync_completed_order_metadata_type_0 import (
        SyncCompletedOrderMetadataType0,
    )
    from ..models.sync_completed_order_transaction_detail import (
        SyncCompletedOrderTransactionDetail,
    )


T = TypeVar("T", bound="SyncCompletedOrder")


@_attrs_define
class SyncCompletedOrder:
    """The 200 answer of a sync order: always COMPLETED.

    Attributes:
        id (str): The ID of the order.
        status (Literal['COMPLETED']):
        created_at (datetime.datetime):
        payment_method (AccountPayment): Account balance payment.
        currency (str): ISO 4217 currency code
        total_price (str): The total price of the order, fees included.
        total_discount (str):
        items (list[CompletedOrderItem]):
        completed_at (datetime.datetime | Unset):
        description (None | str | Unset):
        transaction_detail (SyncCompletedOrderTransactionDetail | Unset):
        metadata (None | SyncCompletedOrderMetadataType0 | Unset):
    """

    id: str
    status: Literal["COMPLETED"]
    created_at: datetime.datetime
    payment_method: AccountPayment
    currency: str
    total_price: str
    total_discount: str
    items: list[CompletedOrderItem]
    completed_at: datetime.datetime | Unset = UNSET
    description: None | str | Unset = UNSET
    transaction_detail: SyncCompletedOrderTransactionDetail | Unset = UNSET
    metadata: None | SyncCompletedOrderMetadataType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_completed_order_metadata_type_0 import (
            SyncCompletedOrderMetadataType0,
        )

        id = self.id

        status = self.status

        created_at = self.created_at.isoformat()

        payment_method = self.payment_method.to_dict()

        currency = self.currency

        total_price = self.total_price

        total_discount = self.total_discount

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        transaction_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.transaction_detail, Unset):
            transaction_detail = self.transaction_detail.to_dict()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, SyncCompletedOrderMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "created_at": created_at,
                "payment_method": payment_method,
                "currency": currency,
                "total_price": total_price,
                "total_discount": total_discount,
                "items": items,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if description is not UNSET:
            field_dict["description"] = description
        if transaction_detail is not UNSET:
            field_dict["transaction_detail"] = transaction_detail
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_payment import AccountPayment
        from ..models.completed_order_item import CompletedOrderItem
        from ..models.sync_completed_order_metadata_type_0 import (
            SyncCompletedOrderMetadataType0,
        )
        from ..models.sync_completed_order_transaction_detail import (
            SyncCompletedOrderTransactionDetail,
        )

        d = dict(src_dict)
        id = d.pop("id")

        status = cast(Literal["COMPLETED"], d.pop("status"))
        if status != "COMPLETED":
            raise ValueError(f"status must match const 'COMPLETED', got '{status}'")

        created_at = isoparse(d.pop("created_at"))

        payment_method = AccountPayment.from_dict(d.pop("payment_method"))

        currency = d.pop("currency")

        total_price = d.pop("total_price")

        total_discount = d.pop("total_discount")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CompletedOrderItem.from_dict(items_item_data)

            items.append(items_item)

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = isoparse(_completed_at)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _transaction_detail = d.pop("transaction_detail", UNSET)
        transaction_detail: SyncCompletedOrderTransactionDetail | Unset
        if isinstance(_transaction_detail, Unset):
            transaction_detail = UNSET
        else:
            transaction_detail = SyncCompletedOrderTransactionDetail.from_dict(
                _transaction_detail
            )

        def _parse_metadata(
            data: object,
        ) -> None | SyncCompletedOrderMetadataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = SyncCompletedOrderMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncCompletedOrderMetadataType0 | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        sync_completed_order = cls(
            id=id,
            status=status,
            created_at=created_at,
            payment_method=payment_method,
            currency=currency,
            total_price=total_price,
            total_discount=total_discount,
            items=items,
            completed_at=completed_at,
            description=description,
            transaction_detail=transaction_detail,
            metadata=metadata,
        )

        sync_completed_order.additional_properties = d
        return sync_completed_order

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
