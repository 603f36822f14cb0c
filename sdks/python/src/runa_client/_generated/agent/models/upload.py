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
    from ..models.upload_headers import UploadHeaders


T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """Where to send a file source's bytes: one HTTP PUT of the file to `url` with these headers.

    Attributes:
        url (str):
        headers (UploadHeaders): Send exactly these (the URL is signed for them).
        expires_at (str): ISO 8601, UTC; after it, delete the source and add it again.
        method (Literal['PUT'] | Unset):  Default: 'PUT'.
    """

    url: str
    headers: UploadHeaders
    expires_at: str
    method: Literal["PUT"] | Unset = "PUT"

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        headers = self.headers.to_dict()

        expires_at = self.expires_at

        method = self.method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "headers": headers,
                "expiresAt": expires_at,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.upload_headers import UploadHeaders

        d = dict(src_dict)
        url = d.pop("url")

        headers = UploadHeaders.from_dict(d.pop("headers"))

        expires_at = d.pop("expiresAt")

        method = cast(Literal["PUT"] | Unset, d.pop("method", UNSET))
        if method != "PUT" and not isinstance(method, Unset):
            raise ValueError(f"method must match const 'PUT', got '{method}'")

        upload = cls(
            url=url,
            headers=headers,
            expires_at=expires_at,
            method=method,
        )

        return upload
