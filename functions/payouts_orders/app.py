"""/v2/order* (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.get("/v2/order")
def get_v2_order() -> dict[str, str]:
    raise NotImplementedYet()


@app.post("/v2/order")
def post_v2_order() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v2/order/<id>")
def get_v2_order_id(id: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.post("/v2/order/estimate")
def post_v2_order_estimate() -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
