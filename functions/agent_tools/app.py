"""/v1/tools* (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.post("/v1/tools")
def post_v1_tools() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/tools")
def get_v1_tools() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/tools/<tool_id>")
def get_v1_tools_tool_id(tool_id: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.delete("/v1/tools/<tool_id>")
def delete_v1_tools_tool_id(tool_id: str) -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
