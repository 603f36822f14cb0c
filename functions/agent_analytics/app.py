"""/v1/analytics (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.get("/v1/analytics")
def get_v1_analytics() -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
