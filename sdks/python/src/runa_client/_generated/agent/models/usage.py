from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.usage_engine import UsageEngine
from ..types import UNSET, Unset

T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """
    Attributes:
        engine (UsageEngine):
        input_tokens (int | Unset):  Default: 0.
        output_tokens (int | Unset):  Default: 0.
        total_tokens (int | Unset):  Default: 0.
    """

    engine: UsageEngine
    input_tokens: int | Unset = 0
    output_tokens: int | Unset = 0
    total_tokens: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        engine = self.engine.value

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        total_tokens = self.total_tokens

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "engine": engine,
            }
        )
        if input_tokens is not UNSET:
            field_dict["inputTokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["outputTokens"] = output_tokens
        if total_tokens is not UNSET:
            field_dict["totalTokens"] = total_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        engine = UsageEngine(d.pop("engine"))

        input_tokens = d.pop("inputTokens", UNSET)

        output_tokens = d.pop("outputTokens", UNSET)

        total_tokens = d.pop("totalTokens", UNSET)

        usage = cls(
            engine=engine,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=total_tokens,
        )

        return usage
