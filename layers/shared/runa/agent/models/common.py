"""What the agent API's (/v1) schemas share: the base classes of request and response bodies.
Field names are the contract's camelCase, so they are the attribute names too (no alias games)."""

from __future__ import annotations

from pydantic import ConfigDict

from runa.core.schemas import Schema


class RequestBody(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseBody(Schema):
    model_config = ConfigDict(extra="forbid")


class Deleted(ResponseBody):
    deleted: bool
    id: str
