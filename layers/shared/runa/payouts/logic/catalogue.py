"""The product catalogue: filters, pagination, countries, categories and content formats.

The catalogue is the same static list for production and playground keys (there is no per-account catalogue).
The products store comes in as `CataloguePorts` (wired in `runa.payouts.services.catalogue`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from runa.core.errors import NotFound
from runa.payouts.logic.pagination import PageResult, page_request, paginate
from runa.payouts.logic.records import StoredProduct
from runa.payouts.models.products import (
    Category,
    ContentFormat,
    ContentResourcesHTML,
    ContentResourcesMarkdown,
    Product,
)

LIST_NAME = "product"
DEFAULT_LIMIT = 500
MAX_LIMIT = 500


@dataclass(frozen=True)
class CataloguePorts:
    """What the catalogue reads: every product sorted by code (may be cached), and one product as stored (fresh)."""

    list_products: Callable[[], list[Product]]
    get_stored_product: Callable[[str], StoredProduct | None]


@dataclass(frozen=True)
class ProductFilter:
    """AND across filters; OR within a repeatable one (any of the given countries / categories)."""

    is_orderable: bool | None = None
    countries: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, is_orderable: bool | None, countries: Iterable[str] | None, categories: Iterable[str] | None
    ) -> ProductFilter:
        return cls(
            is_orderable=is_orderable,
            countries=frozenset(c.strip().upper() for c in _split(countries)),
            categories=frozenset(c.strip().lower() for c in _split(categories)),
        )

    def matches(self, product: Product) -> bool:
        if self.is_orderable is not None and product.is_orderable != self.is_orderable:
            return False
        if self.countries and self.countries.isdisjoint(product.countries_redeemable_in):
            return False
        return not (self.categories and self.categories.isdisjoint(product.categories))


def _split(values: Iterable[str] | None) -> list[str]:
    # `?countries_redeemable_in=US,GB` and `?countries_redeemable_in=US&countries_redeemable_in=GB` both work.
    return [part for value in values or () for part in value.split(",") if part.strip()]


def list_products(
    selection: ProductFilter,
    ports: CataloguePorts,
    *,
    before: str | None,
    after: str | None,
    limit: int | str | None,
) -> PageResult[Product]:
    request = page_request(
        LIST_NAME, before=before, after=after, limit=limit, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT
    )
    matching = [product for product in ports.list_products() if selection.matches(product)]
    return paginate(LIST_NAME, matching, lambda product: product.code, request)


def countries(ports: CataloguePorts) -> list[str]:
    return sorted({country for product in ports.list_products() for country in product.countries_redeemable_in})


def categories(ports: CataloguePorts) -> list[Category]:
    codes = {category for product in ports.list_products() for category in product.categories}
    return [Category(code=code) for code in sorted(codes)]


def get_product(product_code: str, content: ContentFormat, ports: CataloguePorts) -> Product:
    """One product with its content resources as URLs, markdown or HTML."""
    stored = ports.get_stored_product(product_code)
    if stored is None:
        raise NotFound(f"Product '{product_code}' was not found.")
    product = stored.product
    if content == "url" or stored.content_md is None:
        return product
    resources: ContentResourcesMarkdown | ContentResourcesHTML = (
        stored.content_md if content == "md" else to_html(stored.content_md)
    )
    details = product.gift_card or product.subscription or product.payment
    if details is None:
        return product
    return product.model_copy(update={product.payout_type: details.model_copy(update={"content_resources": resources})})


# --- markdown -> HTML for the `content=html` variant (the subset our content uses: paragraphs, lists, bold) ---

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ORDERED = re.compile(r"^\d+\.\s+")


def markdown_to_html(text: str) -> str:
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(_ORDERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_ORDERED.sub('', line))}</li>" for line in lines)
            blocks.append(f"<ol>{items}</ol>")
        elif lines and all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "".join(blocks)


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


def to_html(content: ContentResourcesMarkdown) -> ContentResourcesHTML:
    values: dict[str, Any] = {"locale": content.locale}
    for name, value in content.model_dump(exclude={"locale"}).items():
        values[name.removesuffix("_md") + "_html"] = markdown_to_html(value) if value is not None else None
    return ContentResourcesHTML.model_validate(values)


# --- the seed file ---


@dataclass(frozen=True)
class Seed:
    version: str
    entries: list[StoredProduct]


def parse_seed(text: str) -> Seed:
    """Validate every product of a seed file against the official schema; duplicates are refused."""
    data = json.loads(text)
    entries = [
        StoredProduct(
            product=Product.model_validate(entry["product"]),
            content_md=ContentResourcesMarkdown.model_validate(entry["content_md"])
            if entry.get("content_md")
            else None,
        )
        for entry in data["products"]
    ]
    codes = [entry.product.code for entry in entries]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValueError(f"duplicate product codes in the seed: {', '.join(duplicates)}")
    return Seed(version=str(data["version"]), entries=entries)
