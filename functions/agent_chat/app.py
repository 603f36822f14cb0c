"""/v1/chat and /v1/conversations* (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.post("/v1/chat")
def post_v1_chat() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/conversations")
def get_v1_conversations() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v1/conversations/<conversation_id>")
def get_v1_conversations_conversation_id(conversation_id: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.delete("/v1/conversations/<conversation_id>")
def delete_v1_conversations_conversation_id(conversation_id: str) -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
