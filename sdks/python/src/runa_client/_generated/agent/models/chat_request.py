from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatRequest")


@_attrs_define
class ChatRequest:
    """
    Attributes:
        product_id (str): The product the key belongs to (prod_...).
        message (str): The user's message.
        session_id (None | str | Unset): The conversation: an existing id continues it; a new id of your choosing (2-100
            letters, digits, `_ . : -`) starts a conversation with that id; omit it to start one with an id we make
            (sess_...). Ids belong to the product: two products may use the same id without meeting.
    """

    product_id: str
    message: str
    session_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        message = self.message

        session_id: None | str | Unset
        if isinstance(self.session_id, Unset):
            session_id = UNSET
        else:
            session_id = self.session_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "productId": product_id,
                "message": message,
            }
        )
        if session_id is not UNSET:
            field_dict["sessionId"] = session_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("productId")

        message = d.pop("message")

        def _parse_session_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        session_id = _parse_session_id(d.pop("sessionId", UNSET))

        chat_request = cls(
            product_id=product_id,
            message=message,
            session_id=session_id,
        )

        return chat_request
