"""/v2/product* (answers 501 until its issue fills it)."""

from __future__ import annotations

from runa.core.api import build_resolver, http_handler
from runa.core.errors import NotImplementedYet

app = build_resolver()


@app.get("/v2/product")
def get_v2_product() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v2/product/<product_code>")
def get_v2_product_product_code(product_code: str) -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v2/product/countries")
def get_v2_product_countries() -> dict[str, str]:
    raise NotImplementedYet()


@app.get("/v2/product/categories")
def get_v2_product_categories() -> dict[str, str]:
    raise NotImplementedYet()


lambda_handler = http_handler(app)
