from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.page import Page
    from ..models.page_cursors import PageCursors


T = TypeVar("T", bound="PageableMeta")


@_attrs_define
class PageableMeta:
    """
    Attributes:
        cursors (PageCursors):
        page (Page):
    """

    cursors: PageCursors
    page: Page
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cursors = self.cursors.to_dict()

        page = self.page.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursors": cursors,
                "page": page,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.page import Page
        from ..models.page_cursors import PageCursors

        d = dict(src_dict)
        cursors = PageCursors.from_dict(d.pop("cursors"))

        page = Page.from_dict(d.pop("page"))

        pageable_meta = cls(
            cursors=cursors,
            page=page,
        )

        pageable_meta.additional_properties = d
        return pageable_meta

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
