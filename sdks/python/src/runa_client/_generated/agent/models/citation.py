from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Citation")


@_attrs_define
class Citation:
    """
    Attributes:
        source_id (str):
        name (str):
        passage (str):
        score (float):
        url (None | str | Unset):
    """

    source_id: str
    name: str
    passage: str
    score: float
    url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        source_id = self.source_id

        name = self.name

        passage = self.passage

        score = self.score

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sourceId": source_id,
                "name": name,
                "passage": passage,
                "score": score,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_id = d.pop("sourceId")

        name = d.pop("name")

        passage = d.pop("passage")

        score = d.pop("score")

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        citation = cls(
            source_id=source_id,
            name=name,
            passage=passage,
            score=score,
            url=url,
        )

        return citation
