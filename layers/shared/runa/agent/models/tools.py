"""/v1/tools' request and response bodies: the HTTP tools the agent may call."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from runa.agent.models.common import RequestBody, ResponseBody

# Bedrock Converse's toolSpec name rule, so every registered tool can be offered to the model.
TOOL_NAME_PATTERN = r"^[a-zA-Z][a-zA-Z0-9_-]{0,63}$"
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


class ToolCreate(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "get_order_status",
                    "description": "Looks up the status of a customer's order by its number",
                    "endpoint": "https://tools.example.com/order-status",
                    "method": "GET",
                    "parameters": {
                        "type": "object",
                        "properties": {"order": {"type": "string", "description": "the order number"}},
                        "required": ["order"],
                    },
                }
            ]
        }
    )

    name: str = Field(pattern=TOOL_NAME_PATTERN, description="Unique per product; letters, digits, _ and -.")
    description: str = Field(min_length=1, max_length=1000, description="What the tool does; the agent reads it.")
    endpoint: str = Field(min_length=1, max_length=2048, description="https URL the platform calls.")
    method: HttpMethod = "POST"
    parameters: dict[str, Any] | None = Field(
        default=None,
        description='JSON Schema (draft 2020-12) of the arguments, {"type": "object", ...}.',
    )

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class ToolOut(ResponseBody):
    id: str
    name: str
    description: str
    endpoint: str
    method: HttpMethod
    parameters: dict[str, Any]
    status: Literal["active"]
    createdAt: str


class ToolCreated(ToolOut):
    secret: str = Field(
        description="Signing secret: shown this once. Verify X-Runa-Signature with it (see docs/agent.md)."
    )


class ToolList(ResponseBody):
    tools: list[ToolOut]
