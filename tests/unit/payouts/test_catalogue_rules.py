"""The catalogue rules with the seed catalogue in an in-memory products store behind their ports, no moto:
filters, pages, countries, categories, one product in each content format, and the seed file's checks."""

from __future__ import annotations

import json

import pytest

from runa.core.errors import NotFound
from runa.payouts.errors import PaginationError
from runa.payouts.logic import catalogue
from runa.payouts.logic.catalogue import CataloguePorts, ProductFilter
from runa.payouts.models.products import ContentResourcesHTML, ContentResourcesMarkdown
from runa_ops.admin.catalogue import SEED_FILE

SEED = catalogue.parse_seed(SEED_FILE.read_text())
STORED = {entry.product.code: entry for entry in SEED.entries}
EVERYTHING = ProductFilter.of(None, None, None)


def _ports() -> CataloguePorts:
    return CataloguePorts(
        list_products=lambda: [STORED[code].product for code in sorted(STORED)], get_stored_product=STORED.get
    )


def _codes(selection: ProductFilter, **page: str | int | None) -> list[str]:
    found = catalogue.list_products(
        selection, _ports(), before=page.get("before"), after=page.get("after"), limit=page.get("limit")
    )
    return [product.code for product in found.items]


def test_given_the_seed_when_filtered_then_filters_combine_with_and_and_repeated_values_with_or() -> None:
    orderable_in_gb_or_ie = ProductFilter.of(True, ["gb,IE "], None)
    booksellers_or_jewellers_in_gb = ProductFilter.of(None, ["GB"], ["booksellers", "Jewellers"])

    assert _codes(orderable_in_gb_or_ie) == [
        code
        for code, entry in sorted(STORED.items())
        if entry.product.is_orderable and {"GB", "IE"} & set(entry.product.countries_redeemable_in)
    ]
    assert "STJ-GB" not in _codes(orderable_in_gb_or_ie)  # in GB, but not orderable
    assert _codes(booksellers_or_jewellers_in_gb) == ["NWB-GB", "STJ-GB"]


def test_given_a_limit_when_paging_after_and_back_before_then_pages_follow_the_codes() -> None:
    first = catalogue.list_products(EVERYTHING, _ports(), before=None, after=None, limit="3")
    after = first.meta.cursors.after
    assert isinstance(after, str)

    second = catalogue.list_products(EVERYTHING, _ports(), before=None, after=after, limit=3)
    before = second.meta.cursors.before
    assert isinstance(before, str)

    assert [p.code for p in first.items] == sorted(STORED)[:3]
    assert [p.code for p in second.items] == sorted(STORED)[3:6]
    assert _codes(EVERYTHING, before=before, limit=3) == sorted(STORED)[:3]


@pytest.mark.parametrize(
    "page",
    [{"limit": "0"}, {"limit": "501"}, {"limit": "many"}, {"after": "not-a-cursor"}, {"before": "x", "after": "y"}],
)
def test_given_a_bad_page_request_then_a_pagination_error(page: dict[str, str]) -> None:
    with pytest.raises(PaginationError):
        _codes(EVERYTHING, **page)


def test_given_the_seed_then_countries_and_categories_are_each_listed_once_in_order() -> None:
    countries = catalogue.countries(_ports())
    categories = [category.code for category in catalogue.categories(_ports())]

    assert countries == sorted({c for entry in STORED.values() for c in entry.product.countries_redeemable_in})
    assert "GB" in countries and len(countries) == len(set(countries))
    assert categories == sorted({c for entry in STORED.values() for c in entry.product.categories})
    assert "booksellers" in categories


def test_given_a_product_when_read_in_each_content_format_then_urls_markdown_or_html() -> None:
    as_urls = catalogue.get_product("ATL-AU", "url", _ports())
    as_markdown = catalogue.get_product("ATL-AU", "md", _ports())
    as_html = catalogue.get_product("ATL-AU", "html", _ports())

    assert as_urls == STORED["ATL-AU"].product
    assert as_markdown.gift_card is not None and as_html.gift_card is not None
    markdown = as_markdown.gift_card.content_resources
    html = as_html.gift_card.content_resources
    assert isinstance(markdown, ContentResourcesMarkdown) and isinstance(html, ContentResourcesHTML)
    assert (
        markdown.description_md == "**Atlas Outfitters** gift cards can be spent on everything Atlas Outfitters sells."
    )
    assert html.description_html == (
        "<p><strong>Atlas Outfitters</strong> gift cards can be spent on everything Atlas Outfitters sells.</p>"
    )
    assert html.redemption_instructions_html == (
        "<ol><li>Open the payout link.</li><li>Copy the code.</li>"
        "<li>Enter it at checkout with Atlas Outfitters.</li></ol>"
    )
    assert html.reissuance_policy_html is None


def test_given_an_unknown_code_then_not_found() -> None:
    with pytest.raises(NotFound, match="NOPE-XX"):
        catalogue.get_product("NOPE-XX", "url", _ports())


def test_given_a_seed_with_a_code_twice_then_it_is_refused() -> None:
    data = json.loads(SEED_FILE.read_text())
    data["products"].append(data["products"][0])

    with pytest.raises(ValueError, match="duplicate product codes in the seed: ATL-AU"):
        catalogue.parse_seed(json.dumps(data))
