from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.create_file_source_contenttype import CreateFileSourceContenttype

T = TypeVar("T", bound="CreateFileSource")


@_attrs_define
class CreateFileSource:
    """A file you upload: the answer carries an upload URL (HTTP PUT, the body is the file); then ask for indexing
    with POST /v1/knowledge/{id}/refresh.

        Attributes:
            type_ (Literal['file']):
            name (str):
            file_name (str): Shown in citations.
            content_type (CreateFileSourceContenttype): Sent again as the upload's Content-Type header.
            size (int): Bytes; at most 10 MB.
    """

    type_: Literal["file"]
    name: str
    file_name: str
    content_type: CreateFileSourceContenttype
    size: int

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        name = self.name

        file_name = self.file_name

        content_type = self.content_type.value

        size = self.size

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "name": name,
                "fileName": file_name,
                "contentType": content_type,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["file"], d.pop("type"))
        if type_ != "file":
            raise ValueError(f"type must match const 'file', got '{type_}'")

        name = d.pop("name")

        file_name = d.pop("fileName")

        content_type = CreateFileSourceContenttype(d.pop("contentType"))

        size = d.pop("size")

        create_file_source = cls(
            type_=type_,
            name=name,
            file_name=file_name,
            content_type=content_type,
            size=size,
        )

        return create_file_source
