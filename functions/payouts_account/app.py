"""/v2/ping and /v2/balance."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.get("/v2/ping")
def ping() -> dict[str, str]:
    return {"message": "pong"}


@app.get("/v2/balance")
def get_balance() -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
