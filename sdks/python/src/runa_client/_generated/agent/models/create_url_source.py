from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUrlSource")


@_attrs_define
class CreateUrlSource:
    """
    Attributes:
        type_ (Literal['url']):
        url (str): An http(s) URL on the public internet.
        name (str):
        follow_links (bool | Unset): Also index pages on the same host linked from the URL (breadth first). Default:
            False.
        max_pages (int | Unset): With followLinks: how many pages at most. Default: 10.
    """

    type_: Literal["url"]
    url: str
    name: str
    follow_links: bool | Unset = False
    max_pages: int | Unset = 10

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        name = self.name

        follow_links = self.follow_links

        max_pages = self.max_pages

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "url": url,
                "name": name,
            }
        )
        if follow_links is not UNSET:
            field_dict["followLinks"] = follow_links
        if max_pages is not UNSET:
            field_dict["maxPages"] = max_pages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["url"], d.pop("type"))
        if type_ != "url":
            raise ValueError(f"type must match const 'url', got '{type_}'")

        url = d.pop("url")

        name = d.pop("name")

        follow_links = d.pop("followLinks", UNSET)

        max_pages = d.pop("maxPages", UNSET)

        create_url_source = cls(
            type_=type_,
            url=url,
            name=name,
            follow_links=follow_links,
            max_pages=max_pages,
        )

        return create_url_source
