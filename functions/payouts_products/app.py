"""/v2/product*: the product catalogue (the same static catalogue for production and playground keys)."""

from __future__ import annotations

import runa.boot  # noqa: F401 - first: forward references compiled lazily before pydantic loads

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from pydantic import WithJsonSchema

from runa.core.api import build_resolver, caller, http_handler
from runa.core.errors import BadRequest, NotFound
from runa.core.settings import require_settings
from runa.payouts.errors import InvalidVersion, PaginationError
from runa.payouts.models.common import error_responses, response
from runa.payouts.models.products import CategoryList, ContentFormat, CountryList, Product, ProductList
from runa.payouts.services import catalogue, versioning

# The settings this function uses; a missing one fails the cold start (template.yaml sets them).
require_settings("products_table")

app = build_resolver(query_error_status=400)

CONTENT_FORMATS: tuple[ContentFormat, ...] = ("url", "md", "html")
# The official document lists 400 and 404 on every catalogue operation: the lists and the countries and categories
# cannot miss anything, but keep 404 documented (NotFound) as the contract does.

# Query parameters arrive as strings and are checked by the logic, not by pydantic, because the official document
# answers a bad query parameter on these routes with 400 (bad_request / pagination_error), never 422.
# WithJsonSchema keeps the documented parameter types in the generated OpenAPI document (not on the list
# parameters: it would hide from Powertools that they repeat).
ApiVersion = Annotated[
    str | None, Header(alias="X-Api-Version", description="The dated API version; default 2024-02-05.")
]
Cursor = Annotated[
    str | None,
    Query(description="Opaque cursor from `pagination.cursors`; `before` and `after` are mutually exclusive."),
    WithJsonSchema({"type": "string"}),
]
IsOrderable = Annotated[str | None, Query(), WithJsonSchema({"type": "boolean"})]
Limit = Annotated[
    str | None, Query(), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 500, "default": 500})
]
Countries = Annotated[
    list[str] | None,
    Query(description="ISO 3166 alpha-2 codes; repeat the parameter for several (any of them matches)"),
]
Categories = Annotated[
    list[str] | None,
    Query(description="Category codes; repeat the parameter for several (any of them matches)"),
]
Content = Annotated[str, Query(), WithJsonSchema({"type": "string", "enum": list(CONTENT_FORMATS), "default": "url"})]


def _bool(name: str, value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise BadRequest(f"'{name}' must be true or false.")


def _authorised(x_api_version: str | None) -> None:
    caller(app)  # only callers the authorizer let through; the catalogue is the same for every account
    versioning.check_api_version(x_api_version)


@app.get(
    "/v2/product",
    operation_id="getProducts",
    summary="List products",
    responses={
        200: response(ProductList, "List of products in your catalog"),
        **error_responses(BadRequest, PaginationError, InvalidVersion, NotFound),
    },
)
def list_products(
    is_orderable: IsOrderable = None,
    countries_redeemable_in: Countries = None,
    categories: Categories = None,
    before: Cursor = None,
    after: Cursor = None,
    limit: Limit = None,
    x_api_version: ApiVersion = None,
) -> ProductList:
    _authorised(x_api_version)
    page = catalogue.list_products(
        is_orderable=_bool("is_orderable", is_orderable),
        countries=countries_redeemable_in,
        categories=categories,
        before=before,
        after=after,
        limit=limit,
    )
    return ProductList(catalog=page.items, pagination=page.meta)


# The literal routes are registered before /v2/product/<product_code>; Powertools also matches static routes
# first, so "countries" and "categories" are never taken for product codes.
@app.get(
    "/v2/product/countries",
    operation_id="listProductsCountries",
    summary="List the countries products are redeemable in",
    responses={
        200: response(CountryList, "A list of countries where products are available"),
        **error_responses(InvalidVersion, NotFound),
    },
)
def list_countries(x_api_version: ApiVersion = None) -> CountryList:
    _authorised(x_api_version)
    return CountryList(countries=catalogue.countries())


@app.get(
    "/v2/product/categories",
    operation_id="listProductsCategories",
    summary="List product categories",
    responses={
        200: response(CategoryList, "A list of all possible product categories"),
        **error_responses(InvalidVersion, NotFound),
    },
)
def list_categories(x_api_version: ApiVersion = None) -> CategoryList:
    _authorised(x_api_version)
    return CategoryList(categories=catalogue.categories())


@app.get(
    "/v2/product/<product_code>",
    operation_id="getSingleProduct",
    summary="Get a product",
    responses={200: response(Product, "OK"), **error_responses(BadRequest, NotFound, InvalidVersion)},
)
def get_product(
    product_code: Annotated[str, Path(description="The product code, e.g. NWB-US")],
    content: Content = "url",
    x_api_version: ApiVersion = None,
) -> Product:
    _authorised(x_api_version)
    for known in CONTENT_FORMATS:
        if content == known:
            return catalogue.get_product(product_code, known)
    raise BadRequest("'content' must be one of url, md, html.")


lambda_handler = http_handler(app)
