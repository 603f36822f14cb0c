from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SourceStats")


@_attrs_define
class SourceStats:
    """
    Attributes:
        pages (int): Pages fetched (1 for a text source).
        chunks (int): Passages indexed.
        bytes_ (int): Bytes of content fetched (of text, for a text source).
    """

    pages: int
    chunks: int
    bytes_: int

    def to_dict(self) -> dict[str, Any]:
        pages = self.pages

        chunks = self.chunks

        bytes_ = self.bytes_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pages": pages,
                "chunks": chunks,
                "bytes": bytes_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pages = d.pop("pages")

        chunks = d.pop("chunks")

        bytes_ = d.pop("bytes")

        source_stats = cls(
            pages=pages,
            chunks=chunks,
            bytes_=bytes_,
        )

        return source_stats
