from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.completed_order_with_basic_details_status import (
    CompletedOrderWithBasicDetailsStatus,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_payment import AccountPayment


T = TypeVar("T", bound="CompletedOrderWithBasicDetails")


@_attrs_define
class CompletedOrderWithBasicDetails:
    """A completed order as lists show it (no items).

    Attributes:
        id (str): The ID of the order.
        status (CompletedOrderWithBasicDetailsStatus):
        created_at (datetime.datetime):
        payment_method (AccountPayment): Account balance payment.
        currency (str): ISO 4217 currency code
        total_price (str): The total price of the order, fees included.
        total_discount (str):
        completed_at (datetime.datetime | Unset):
        description (None | str | Unset):
    """

    id: str
    status: CompletedOrderWithBasicDetailsStatus
    created_at: datetime.datetime
    payment_method: AccountPayment
    currency: str
    total_price: str
    total_discount: str
    completed_at: datetime.datetime | Unset = UNSET
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        created_at = self.created_at.isoformat()

        payment_method = self.payment_method.to_dict()

        currency = self.currency

        total_price = self.total_price

        total_discount = self.total_discount

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

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
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_payment import AccountPayment

        d = dict(src_dict)
        id = d.pop("id")

        status = CompletedOrderWithBasicDetailsStatus(d.pop("status"))

        created_at = isoparse(d.pop("created_at"))

        payment_method = AccountPayment.from_dict(d.pop("payment_method"))

        currency = d.pop("currency")

        total_price = d.pop("total_price")

        total_discount = d.pop("total_discount")

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

        completed_order_with_basic_details = cls(
            id=id,
            status=status,
            created_at=created_at,
            payment_method=payment_method,
            currency=currency,
            total_price=total_price,
            total_discount=total_discount,
            completed_at=completed_at,
            description=description,
        )

        completed_order_with_basic_details.additional_properties = d
        return completed_order_with_basic_details

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
