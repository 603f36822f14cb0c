from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreateTextSource")


@_attrs_define
class CreateTextSource:
    """
    Attributes:
        type_ (Literal['text']):
        content (str): Plain text or Markdown.
        name (str):
    """

    type_: Literal["text"]
    content: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        content = self.content

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "content": content,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["text"], d.pop("type"))
        if type_ != "text":
            raise ValueError(f"type must match const 'text', got '{type_}'")

        content = d.pop("content")

        name = d.pop("name")

        create_text_source = cls(
            type_=type_,
            content=content,
            name=name,
        )

        return create_text_source
