from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transaction_detail_fx_details import TransactionDetailFXDetails


T = TypeVar("T", bound="TransactionDetailEntry")


@_attrs_define
class TransactionDetailEntry:
    """
    Attributes:
        value (str): The total value purchased in this payout currency.
        fx (TransactionDetailFXDetails | Unset):
    """

    value: str
    fx: TransactionDetailFXDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        fx: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fx, Unset):
            fx = self.fx.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if fx is not UNSET:
            field_dict["fx"] = fx

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transaction_detail_fx_details import TransactionDetailFXDetails

        d = dict(src_dict)
        value = d.pop("value")

        _fx = d.pop("fx", UNSET)
        fx: TransactionDetailFXDetails | Unset
        if isinstance(_fx, Unset):
            fx = UNSET
        else:
            fx = TransactionDetailFXDetails.from_dict(_fx)

        transaction_detail_entry = cls(
            value=value,
            fx=fx,
        )

        transaction_detail_entry.additional_properties = d
        return transaction_detail_entry

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
