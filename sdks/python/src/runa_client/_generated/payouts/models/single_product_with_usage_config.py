from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_config import UsageConfig


T = TypeVar("T", bound="SingleProductWithUsageConfig")


@_attrs_define
class SingleProductWithUsageConfig:
    """The end user redeems the payout link on this one product.

    Attributes:
        type_ (Literal['SINGLE']):
        value (str):
        usage_config (UsageConfig | Unset): MCC rules for prepaid Visa cards; ignored for every other product.
    """

    type_: Literal["SINGLE"]
    value: str
    usage_config: UsageConfig | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        usage_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage_config, Unset):
            usage_config = self.usage_config.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )
        if usage_config is not UNSET:
            field_dict["usage_config"] = usage_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_config import UsageConfig

        d = dict(src_dict)
        type_ = cast(Literal["SINGLE"], d.pop("type"))
        if type_ != "SINGLE":
            raise ValueError(f"type must match const 'SINGLE', got '{type_}'")

        value = d.pop("value")

        _usage_config = d.pop("usage_config", UNSET)
        usage_config: UsageConfig | Unset
        if isinstance(_usage_config, Unset):
            usage_config = UNSET
        else:
            usage_config = UsageConfig.from_dict(_usage_config)

        single_product_with_usage_config = cls(
            type_=type_,
            value=value,
            usage_config=usage_config,
        )

        return single_product_with_usage_config
