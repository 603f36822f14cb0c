"""What the agent API's (/v1) schemas share: the id patterns and the base classes of request and response bodies.
Field names are the contract's camelCase, so they are the attribute names too (no alias games)."""

from __future__ import annotations

from pydantic import ConfigDict

from runa.core.schemas import Schema

PRODUCT_ID_PATTERN = r"^prod_[A-Za-z0-9_-]{1,64}$"
# A conversation id, ours (sess_...) or the client's own (as Bedrock Agents' sessionId): 2 to 100 letters, digits
# and `_ . : -`, starting with a letter or digit. Never `#` or `/`: it is part of DynamoDB keys and of URL paths.
SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}$"


class RequestBody(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseBody(Schema):
    model_config = ConfigDict(extra="forbid")


class Deleted(ResponseBody):
    deleted: bool
    id: str
