from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.payout_details_status import PayoutDetailsStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="PayoutDetails")


@_attrs_define
class PayoutDetails:
    """
    Attributes:
        status (PayoutDetailsStatus):
        status_updated_at (datetime.datetime):
        url (str): The URL (payout link) the end user uses to redeem.
        expiry_date (datetime.datetime | Unset): When the payout link itself expires.
    """

    status: PayoutDetailsStatus
    status_updated_at: datetime.datetime
    url: str
    expiry_date: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        status_updated_at = self.status_updated_at.isoformat()

        url = self.url

        expiry_date: str | Unset = UNSET
        if not isinstance(self.expiry_date, Unset):
            expiry_date = self.expiry_date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "status_updated_at": status_updated_at,
                "url": url,
            }
        )
        if expiry_date is not UNSET:
            field_dict["expiry_date"] = expiry_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = PayoutDetailsStatus(d.pop("status"))

        status_updated_at = isoparse(d.pop("status_updated_at"))

        url = d.pop("url")

        _expiry_date = d.pop("expiry_date", UNSET)
        expiry_date: datetime.datetime | Unset
        if isinstance(_expiry_date, Unset):
            expiry_date = UNSET
        else:
            expiry_date = isoparse(_expiry_date)

        payout_details = cls(
            status=status,
            status_updated_at=status_updated_at,
            url=url,
            expiry_date=expiry_date,
        )

        payout_details.additional_properties = d
        return payout_details

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
