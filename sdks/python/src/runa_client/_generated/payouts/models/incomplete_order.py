from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.incomplete_order_status import IncompleteOrderStatus

T = TypeVar("T", bound="IncompleteOrder")


@_attrs_define
class IncompleteOrder:
    """An order that is still processing, or that failed.

    Attributes:
        id (str): The ID of the order.
        status (IncompleteOrderStatus):
        message (str):
    """

    id: str
    status: IncompleteOrderStatus
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = IncompleteOrderStatus(d.pop("status"))

        message = d.pop("message")

        incomplete_order = cls(
            id=id,
            status=status,
            message=message,
        )

        incomplete_order.additional_properties = d
        return incomplete_order

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
