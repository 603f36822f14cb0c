"""/v1/knowledge* (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.post("/v1/knowledge")
def post_v1_knowledge() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/knowledge")
def get_v1_knowledge() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/knowledge/<source_id>")
def get_v1_knowledge_source_id(source_id: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.delete("/v1/knowledge/<source_id>")
def delete_v1_knowledge_source_id(source_id: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.post("/v1/knowledge/<source_id>/refresh")
def post_v1_knowledge_source_id_refresh(source_id: str) -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
