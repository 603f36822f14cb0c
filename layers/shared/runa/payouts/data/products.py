"""ProductsTable access. Item layout (docs/data-model.md, "Products"):

- one item per product: pk=`PRODUCT#<code>`, sk=`PRODUCT`, `doc` = the Product JSON (content as URLs),
  `content_md` = its content resources in markdown (JSON), plus `currency`, `state`, `is_orderable` for operators;
- one catalogue index item: pk=`CATALOGUE`, sk=`INDEX`, `products` = every Product JSON sorted by code, `version`.

Listing reads the index item once per container and keeps it for CACHE_SECONDS (the catalogue is static and small,
~1.5 KB a product, far under the 400 KB item limit); a single product is one GetItem, always fresh, because
ordering must see the current `is_orderable` and discount.
"""

from __future__ import annotations

import json
import time
from functools import cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.dynamodb import Table
from runa.core.errors import StoreError
from runa.core.settings import get_settings
from runa.payouts.logic.records import ProductTerms, StoredProduct
from runa.payouts.models.availability import ProductAvailability

if TYPE_CHECKING:  # the product schemas load where a Product is read (below): never on the order path, and the
    # orders consumer reads only a product's availability
    from pydantic import TypeAdapter

    from runa.payouts.models.products import Product

CACHE_SECONDS = 60.0
INDEX_KEY = {"pk": "CATALOGUE", "sk": "INDEX"}
# DynamoDB refuses items over 400 KB; refuse to write an index close to that instead of failing half-way.
MAX_INDEX_BYTES = 350_000


@cache
def _products_adapter() -> TypeAdapter[list[Product]]:
    """Built on first use: the functions that only read one product never pay for it."""
    from pydantic import TypeAdapter

    from runa.payouts.models.products import Product

    # Product's own validator first: this adapter and every schema nesting Product (ProductList, the answer) then
    # reuse it, where each would otherwise generate Product's whole schema again.
    Product.model_rebuild()
    return TypeAdapter(list[Product])


def product_key(code: str) -> dict[str, str]:
    return {"pk": f"PRODUCT#{code}", "sk": "PRODUCT"}


def _table() -> Table:
    return aws.table(get_settings().products_table)


def _product_item(code: str) -> dict[str, Any] | None:
    """The product's item, always fresh (one GetItem), or None if the catalogue has no such code."""
    try:
        item: dict[str, Any] | None = _table().get_item(Key=product_key(code)).get("Item")
    except ClientError as error:
        raise StoreError("could not read the product") from error
    return item


def get_stored_product(code: str) -> StoredProduct | None:
    item = _product_item(code)
    return stored_product(item) if item is not None else None


def stored_product(item: dict[str, Any]) -> StoredProduct:
    # The catalogue's schemas, loaded by the reads that answer a Product (the order path reads ProductTerms).
    from runa.payouts.models.products import ContentResourcesMarkdown, Product

    content = item.get("content_md")
    return StoredProduct(
        product=Product.model_validate_json(item["doc"]),
        content_md=ContentResourcesMarkdown.model_validate_json(content) if content else None,
    )


def product_terms(item: dict[str, Any]) -> ProductTerms:
    return ProductTerms.of(json.loads(item["doc"]))


def get_product_terms(product_code: str) -> ProductTerms | None:
    """The current product as ordering reads it, or None if the catalogue has no such code (one GetItem)."""
    item = _product_item(product_code)
    return product_terms(item) if item is not None else None


def get_product(product_code: str) -> Product | None:
    """The current product, or None if the catalogue has no such code (one GetItem, not cached)."""
    stored = get_stored_product(product_code)
    return stored.product if stored else None


def get_availability(product_code: str) -> ProductAvailability | None:
    """The current product's code, state and orderability, or None if the catalogue has no such code (one GetItem,
    not cached): what finishing an async order checks, without validating the whole Product."""
    item = _product_item(product_code)
    return ProductAvailability.model_validate_json(item["doc"]) if item is not None else None


_cache: dict[str, tuple[float, list[Product]]] = {}


def list_products() -> list[Product]:
    """Every product sorted by code, from the index item (cached per container for CACHE_SECONDS)."""
    table_name = get_settings().products_table
    cached = _cache.get(table_name)
    now = time.monotonic()
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        item = _table().get_item(Key=INDEX_KEY).get("Item")
    except ClientError as error:
        raise StoreError("could not read the catalogue") from error
    products = _products_adapter().validate_json(item["products"]) if item else []
    _cache[table_name] = (now, products)
    return products


def clear_cache() -> None:
    """Forget the cached catalogue (tests, and the seeding tool after it writes)."""
    _cache.clear()


def put_catalogue(entries: list[StoredProduct], version: str) -> int:
    """Write every product item and the index item. Idempotent: same input, same items. Returns items written."""
    ordered = sorted(entries, key=lambda entry: entry.product.code)
    index_json = _products_adapter().dump_json([entry.product for entry in ordered]).decode()
    if len(index_json.encode()) > MAX_INDEX_BYTES:
        raise StoreError("the catalogue index would exceed the DynamoDB item size limit")
    try:
        with _table().batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for entry in ordered:
                product = entry.product
                batch.put_item(
                    Item={
                        **product_key(product.code),
                        "doc": product.model_dump_json(),
                        "content_md": entry.content_md.model_dump_json() if entry.content_md else None,
                        "currency": product.currency,
                        "state": product.state,
                        "is_orderable": product.is_orderable,
                        "version": version,
                    }
                )
            batch.put_item(Item={**INDEX_KEY, "products": index_json, "count": len(ordered), "version": version})
    except ClientError as error:
        raise StoreError("could not write the catalogue") from error
    clear_cache()
    return len(ordered) + 1


def remove_products(codes: list[str]) -> None:
    """Delete product items that left the catalogue (seeding keeps the table equal to the seed file)."""
    try:
        with _table().batch_writer() as batch:
            for code in codes:
                batch.delete_item(Key=product_key(code))
    except ClientError as error:
        raise StoreError("could not remove products") from error


def stored_codes() -> list[str]:
    """Codes of every product item (operators' tool only: a paginated scan, never on a request path)."""
    codes: list[str] = []
    kwargs: dict[str, Any] = {"ProjectionExpression": "pk"}
    try:
        while True:
            page = _table().scan(**kwargs)
            codes += [
                item["pk"].removeprefix("PRODUCT#") for item in page["Items"] if item["pk"].startswith("PRODUCT#")
            ]
            if "LastEvaluatedKey" not in page:
                return sorted(codes)
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except ClientError as error:
        raise StoreError("could not list products") from error
