from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_content_type_type_0 import SourceContentTypeType0
from ..models.source_status import SourceStatus
from ..models.source_type import SourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_stats import SourceStats
    from ..models.upload import Upload


T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """A knowledge source as the API shows it.

    Attributes:
        id (str): ks_...
        name (str):
        type_ (SourceType):
        status (SourceStatus): indexing -> ready | failed (see error); a file source starts awaiting_upload (until its
            upload is indexed: POST /v1/knowledge/{id}/refresh after the PUT).
        created_at (str): ISO 8601, UTC.
        url (None | str | Unset):
        last_indexed_at (None | str | Unset): When the searchable content was last indexed.
        error (None | str | Unset): Why the last indexing failed, and what to do about it.
        stats (None | SourceStats | Unset): Of the searchable content, once indexed.
        follow_links (bool | None | Unset):
        max_pages (int | None | Unset):
        file_name (None | str | Unset): Of a file source.
        content_type (None | SourceContentTypeType0 | Unset): Of a file source.
        upload (None | Unset | Upload): Only when a file source is added: where to PUT it.
    """

    id: str
    name: str
    type_: SourceType
    status: SourceStatus
    created_at: str
    url: None | str | Unset = UNSET
    last_indexed_at: None | str | Unset = UNSET
    error: None | str | Unset = UNSET
    stats: None | SourceStats | Unset = UNSET
    follow_links: bool | None | Unset = UNSET
    max_pages: int | None | Unset = UNSET
    file_name: None | str | Unset = UNSET
    content_type: None | SourceContentTypeType0 | Unset = UNSET
    upload: None | Unset | Upload = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_stats import SourceStats
        from ..models.upload import Upload

        id = self.id

        name = self.name

        type_ = self.type_.value

        status = self.status.value

        created_at = self.created_at

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        last_indexed_at: None | str | Unset
        if isinstance(self.last_indexed_at, Unset):
            last_indexed_at = UNSET
        else:
            last_indexed_at = self.last_indexed_at

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        stats: dict[str, Any] | None | Unset
        if isinstance(self.stats, Unset):
            stats = UNSET
        elif isinstance(self.stats, SourceStats):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        follow_links: bool | None | Unset
        if isinstance(self.follow_links, Unset):
            follow_links = UNSET
        else:
            follow_links = self.follow_links

        max_pages: int | None | Unset
        if isinstance(self.max_pages, Unset):
            max_pages = UNSET
        else:
            max_pages = self.max_pages

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        content_type: None | str | Unset
        if isinstance(self.content_type, Unset):
            content_type = UNSET
        elif isinstance(self.content_type, SourceContentTypeType0):
            content_type = self.content_type.value
        else:
            content_type = self.content_type

        upload: dict[str, Any] | None | Unset
        if isinstance(self.upload, Unset):
            upload = UNSET
        elif isinstance(self.upload, Upload):
            upload = self.upload.to_dict()
        else:
            upload = self.upload

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "type": type_,
                "status": status,
                "createdAt": created_at,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if last_indexed_at is not UNSET:
            field_dict["lastIndexedAt"] = last_indexed_at
        if error is not UNSET:
            field_dict["error"] = error
        if stats is not UNSET:
            field_dict["stats"] = stats
        if follow_links is not UNSET:
            field_dict["followLinks"] = follow_links
        if max_pages is not UNSET:
            field_dict["maxPages"] = max_pages
        if file_name is not UNSET:
            field_dict["fileName"] = file_name
        if content_type is not UNSET:
            field_dict["contentType"] = content_type
        if upload is not UNSET:
            field_dict["upload"] = upload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_stats import SourceStats
        from ..models.upload import Upload

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        type_ = SourceType(d.pop("type"))

        status = SourceStatus(d.pop("status"))

        created_at = d.pop("createdAt")

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        def _parse_last_indexed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_indexed_at = _parse_last_indexed_at(d.pop("lastIndexedAt", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_stats(data: object) -> None | SourceStats | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_0 = SourceStats.from_dict(data)

                return stats_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceStats | Unset, data)

        stats = _parse_stats(d.pop("stats", UNSET))

        def _parse_follow_links(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        follow_links = _parse_follow_links(d.pop("followLinks", UNSET))

        def _parse_max_pages(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_pages = _parse_max_pages(d.pop("maxPages", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("fileName", UNSET))

        def _parse_content_type(data: object) -> None | SourceContentTypeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                content_type_type_0 = SourceContentTypeType0(data)

                return content_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceContentTypeType0 | Unset, data)

        content_type = _parse_content_type(d.pop("contentType", UNSET))

        def _parse_upload(data: object) -> None | Unset | Upload:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                upload_type_0 = Upload.from_dict(data)

                return upload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Upload, data)

        upload = _parse_upload(d.pop("upload", UNSET))

        source = cls(
            id=id,
            name=name,
            type_=type_,
            status=status,
            created_at=created_at,
            url=url,
            last_indexed_at=last_indexed_at,
            error=error,
            stats=stats,
            follow_links=follow_links,
            max_pages=max_pages,
            file_name=file_name,
            content_type=content_type,
            upload=upload,
        )

        return source
